"""The validated shape of rivalwatch.yaml: every key, its default and its limits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from cssselect import SelectorError
from parsel import Selector
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from crawlers.config.monitoring import DEFAULT_SCHEDULE, DaemonConfig, NotifyConfig, ScheduleConfig
from storage.records import CompetitorKind

DEFAULT_USER_AGENT = (
    "rivalwatch/0.1 (competitor monitoring; +https://github.com/rivalwatch/rivalwatch)"
)
ExportFormat = Literal["json", "csv", "xlsx"]
RenderMode = Literal["never", "always", "auto"]
StepPage = Literal["homepage", "listing", "product"]


class _Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently disable a setting."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportsConfig(_Strict):
    """Where exports go and in which formats."""

    dir: Path = Path("exports")
    formats: list[ExportFormat] = Field(default_factory=lambda: ["json", "csv", "xlsx"])


class CrawlConfig(_Strict):
    """Politeness and limits shared by all competitors."""

    concurrency: int = Field(16, ge=1, le=512)
    per_site_concurrency: int = Field(4, ge=1, le=64)
    download_delay: float = Field(0, ge=0, le=600)
    autothrottle: bool = False
    obey_robots: bool = True
    user_agent: str = Field(DEFAULT_USER_AGENT, min_length=1)
    max_pages_per_site: int = Field(5000, ge=1)
    max_depth: int = Field(12, ge=1, le=100)
    timeout_s: float = Field(30, gt=0, le=600)
    retries: int = Field(3, ge=0, le=20)
    retry_backoff_s: float = Field(1.0, ge=0, le=300)
    extraction_workers: int | None = Field(None, ge=0, le=64)
    """Worker processes that parse pages beside the crawler; None: one per spare core
    (at most 4); 0: parse in the crawler's process."""
    browser_executable: Path | None = None
    """Chromium or Chrome to render with; else Playwright's own browser, else the system's."""
    browser_pages: int = Field(4, ge=1, le=64)
    """Browser pages open at once, over all sites (each costs ~50-100 MB)."""
    recycle_context_after: int = Field(50, ge=1, le=10_000)
    """Rendered pages before the browser context is replaced (bounds its memory)."""
    max_removed_share: float = Field(0.5, gt=0, le=1)
    """A crawl that would remove more than this share of a site's products is treated as
    broken (partial), not as a competitor emptying its shop."""


def _check_css(value: str | None) -> str | None:
    """`value` when it is a valid CSS selector (or None), else a clear ValueError."""
    if value is not None:
        try:
            Selector(text="<html></html>").css(value)
        except (SelectorError, ValueError) as error:
            raise ValueError(f"not a valid CSS selector: {value!r} ({error})") from None
    return value


class SelectorsConfig(_Strict):
    """CSS hints for sites without structured data; `css@attr` selects an attribute."""

    product_link: str | None = None
    name: str | None = None
    price: str | None = None
    regular_price: str | None = None
    currency: str | None = None
    sku: str | None = None
    availability: str | None = None

    @field_validator("*")
    @classmethod
    def _valid_css(cls, value: str | None) -> str | None:
        if value is not None and re.search(r"@[\w:-]+$", value):
            _check_css(value.rsplit("@", 1)[0])
            return value
        return _check_css(value)


class BrowserStep(_Strict):
    """One action on a rendered page, e.g. `{click: button.load-more, repeat: 20}`."""

    click: str | None = None
    """Click this element, again while it is there, up to `repeat` times."""
    scroll: Literal["bottom"] | None = None
    """Scroll to the end, again while the page grows, up to `repeat` times."""
    wait_for: str | None = None
    """Wait until this element appears (up to `timeout_s`)."""
    fill: str | None = None
    """Type `value` into this field."""
    value: str | None = None
    wait_s: float | None = Field(None, gt=0, le=30)
    """Just wait this long."""
    repeat: int = Field(1, ge=1, le=100)
    timeout_s: float = Field(5, gt=0, le=60)
    pages: list[StepPage] = Field(default_factory=lambda: ["homepage", "listing", "product"])
    """Which kinds of page the step applies to."""

    @field_validator("click", "wait_for", "fill")
    @classmethod
    def _valid_css(cls, value: str | None) -> str | None:
        return _check_css(value)

    @model_validator(mode="after")
    def _one_action(self) -> BrowserStep:
        actions = [a for a in ("click", "scroll", "wait_for", "fill", "wait_s") if getattr(self, a)]
        if len(actions) != 1:
            raise ValueError(
                "a browser step needs exactly one of click, scroll, wait_for, fill, wait_s"
                + (f" (got {', '.join(actions)})" if actions else "")
            )
        if self.fill and self.value is None:
            raise ValueError("a fill step needs a value")
        return self


class CatalogConfig(_Strict):
    """Optional catalog hints; discovery works from the homepage alone."""

    start_urls: list[HttpUrl] = Field(default_factory=list)
    sitemap: HttpUrl | None = None
    selectors: SelectorsConfig = Field(default_factory=SelectorsConfig)


class BlogConfig(_Strict):
    """Where a competitor's posts are; discovery from the homepage finds most blogs alone."""

    feeds: list[HttpUrl] = Field(default_factory=list)
    """Feeds (RSS, Atom, RDF) of the competitor's posts, read besides the discovered ones."""
    start_urls: list[HttpUrl] = Field(default_factory=list)
    """Blog index pages (post lists) to read besides the discovered ones."""
    discover: bool = True
    """Look for feeds and blog index pages from the homepage; off: only the configured ones."""
    max_posts: int = Field(100, ge=0, le=10_000)
    """Post pages read per run, newest first (comment counts, word counts, exact dates);
    posts beyond it keep what their feed entry says."""


class CompetitorConfig(_Strict):
    """One competitor (or our own shop, kind `self`)."""

    name: str = Field(min_length=1, max_length=200)
    kind: CompetitorKind = CompetitorKind.DIRECT
    homepage: HttpUrl
    catalog: CatalogConfig = Field(default_factory=CatalogConfig)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    """ISO 4217 code to assume where the site shows only an ambiguous symbol."""
    render: RenderMode = "auto"
    """Browser rendering: auto renders only pages that arrive as empty JavaScript shells."""
    browser_steps: list[BrowserStep] = Field(default_factory=list)
    """Actions on every rendered page of this competitor (load more, scroll, wait)."""
    reviews: list[HttpUrl] = Field(default_factory=list)
    """Review-site pages; accepted now, used once review collection is built."""
    blog: BlogConfig = Field(default_factory=BlogConfig)
    """The competitor's blog: feeds and index pages besides the discovered ones."""
    videos: list[HttpUrl] = Field(default_factory=list)
    """Video channel feeds (a YouTube channel's public feed, any RSS/Atom/Media RSS feed)."""
    mentions: list[HttpUrl] = Field(default_factory=list)
    """News or search feeds (RSS/Atom) that name the competitor: alerts, news searches."""
    schedule: ScheduleConfig | None = None
    """When the daemon crawls this competitor; keys not given come from the top level."""
    notes: str | None = None


class ScreenshotsConfig(_Strict):
    """A full-page screenshot of each competitor's homepage per run."""

    enabled: bool = True
    dir: Path = Path("data/screenshots")
    max_height: int = Field(8000, ge=600, le=30_000)
    """Pixels; longer pages are cut, so one screenshot stays a few MB at most."""


class Config(_Strict):
    """The whole file."""

    database: str = "sqlite:///data/rivalwatch.db"
    exports: ExportsConfig = Field(default_factory=ExportsConfig)
    screenshots: ScreenshotsConfig = Field(default_factory=ScreenshotsConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    schedule: ScheduleConfig = DEFAULT_SCHEDULE
    """The daemon's default schedule for every competitor (every 6h, jitter 10m)."""
    daemon: DaemonConfig = Field(default_factory=DaemonConfig)
    notify: list[NotifyConfig] = Field(default_factory=list)
    competitors: list[CompetitorConfig] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for competitor in self.competitors:
            folded = competitor.name.casefold()
            if folded in seen:
                raise ValueError(f"competitor name {competitor.name!r} appears twice")
            seen.add(folded)
        for target in self.notify:
            unknown = [n for n in target.competitors if n.casefold() not in seen]
            if unknown:
                raise ValueError(
                    f"notify {target.url!r} names unknown competitors {unknown}; "
                    f"configured: {', '.join(c.name for c in self.competitors)}"
                )
        return self

    def schedule_for(self, competitor: CompetitorConfig) -> ScheduleConfig:
        """The competitor's effective schedule: its keys over the top level's over the
        default's (every 6h, jitter 10m, UTC).
        """
        default = self.schedule.over(DEFAULT_SCHEDULE)
        return competitor.schedule.over(default) if competitor.schedule else default

    def competitor(self, name: str) -> CompetitorConfig:
        """The competitor called `name` (case-insensitive); KeyError lists the valid names."""
        for competitor in self.competitors:
            if competitor.name.casefold() == name.casefold():
                return competitor
        valid = ", ".join(c.name for c in self.competitors)
        raise KeyError(f"no competitor named {name!r}; configured: {valid}")
