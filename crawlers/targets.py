"""What a crawl needs to know about one competitor, picklable for the crawl child process.

Kept apart from the spider so the parent process can build targets without importing Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawlers.config import BrowserStep, CompetitorConfig
from crawlers.extractors.base import ExtractionContext, Selectors
from crawlers.items import Post


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentSources:
    """Where one competitor's content is read besides what discovery finds."""

    feeds: tuple[str, ...] = ()
    """Configured feeds of its posts."""
    blog_pages: tuple[str, ...] = ()
    """Configured blog index pages."""
    videos: tuple[str, ...] = ()
    """Video channel feeds."""
    mentions: tuple[str, ...] = ()
    """News and search feeds that name it."""
    discover: bool = True
    """Whether feeds and blog index pages are looked for from the homepage."""
    max_posts: int = 100
    """Post pages read per run."""

    @classmethod
    def from_config(cls, competitor: CompetitorConfig) -> ContentSources:
        blog = competitor.blog
        return cls(
            feeds=tuple(str(url) for url in blog.feeds),
            blog_pages=tuple(str(url) for url in blog.start_urls),
            videos=tuple(str(url) for url in competitor.videos),
            mentions=tuple(str(url) for url in competitor.mentions),
            discover=blog.discover,
            max_posts=blog.max_posts,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteTarget:
    """What the spider needs to know about one competitor."""

    competitor_id: int
    name: str
    homepage: str
    start_urls: tuple[str, ...] = ()
    sitemap: str | None = None
    selectors: Selectors = field(default_factory=Selectors)
    currency: str | None = None
    render: str = "auto"
    """never | always | auto."""
    browser_steps: tuple[BrowserStep, ...] = ()
    fetchers: dict[str, str] = field(default_factory=dict)
    """What earlier runs learned: page kind -> 'http' | 'browser' | 'api'."""
    data_api: str | None = None
    """The JSON data API earlier runs learned, fetched over plain HTTP instead of rendering."""
    product_url_template: str | None = None
    """How that API's records without a URL map to product pages, when learned."""
    content: ContentSources = field(default_factory=ContentSources)
    """Where its posts, videos and mentions are read."""

    @classmethod
    def from_config(
        cls,
        competitor: CompetitorConfig,
        competitor_id: int,
        *,
        fetchers: dict[str, str] | None = None,
        data_api: str | None = None,
        product_url_template: str | None = None,
    ) -> SiteTarget:
        """The target of a configured competitor stored under `competitor_id`, with what
        earlier runs learned about fetching it.
        """
        catalog = competitor.catalog
        return cls(
            competitor_id=competitor_id,
            name=competitor.name,
            homepage=str(competitor.homepage),
            start_urls=tuple(str(url) for url in catalog.start_urls),
            sitemap=str(catalog.sitemap) if catalog.sitemap else None,
            selectors=Selectors(**catalog.selectors.model_dump()),
            currency=competitor.currency,
            render=competitor.render,
            browser_steps=tuple(competitor.browser_steps),
            fetchers=dict(fetchers or {}),
            data_api=data_api,
            product_url_template=product_url_template,
            content=ContentSources.from_config(competitor),
        )

    def context(
        self,
        *,
        homepage: str | None = None,
        currency_hint: str | None = None,
        product_url_template: str | None = None,
        product_links: tuple[str, ...] = (),
        listed_post: Post | None = None,
    ) -> ExtractionContext:
        """What extractors get: configured knowledge first, then what the crawl learnt
        (the homepage after redirects, a currency the site states, how its data API's
        records map to product pages, product links seen on a rendered page, what a feed
        said about a post).
        """
        return ExtractionContext(
            homepage=homepage or self.homepage,
            selectors=self.selectors,
            currency_hint=self.currency or currency_hint,
            product_url_template=product_url_template or self.product_url_template,
            product_links=product_links,
            listed_post=listed_post,
        )
