"""When the spider fetches with the browser, and what a browser request carries.

Per competitor: `render: never` fetches everything over HTTP, `always` renders every HTML
page, `auto` (the default) renders a kind of page only once a plain response of that kind
turned out to be an empty JavaScript shell, and remembers that across runs. A learned JSON
data API replaces rendering for the catalog altogether.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from crawlers.browser.contexts import ROTATION_META, ContextRotation
from crawlers.browser.session import SESSION_META, RenderSession
from crawlers.browser.settings import BROWSER_SLOT
from crawlers.extractors.base import PageKind
from crawlers.targets import SiteTarget

logger = logging.getLogger(__name__)
RENDERED_KINDS = frozenset({PageKind.HOMEPAGE, PageKind.LISTING, PageKind.PRODUCT})


@dataclass(slots=True)
class SiteRendering:
    """One site's fetch decisions during a crawl."""

    mode: str
    browser_kinds: set[str] = field(default_factory=set)
    """Kinds of page fetched with the browser (from storage, or learned in this run)."""
    remembered: set[str] = field(default_factory=set)
    """Browser kinds decided in earlier runs and not yet confirmed in this one: when a
    rendered page of such a kind yields nothing, the decision is checked again."""
    api_endpoint: str | None = None
    """The learned JSON data API: while it answers, shells are not rendered."""
    url_template: str | None = None
    """How the data API's records without a URL map to product pages."""
    held_shells: list[tuple[str, str, int, int]] = field(default_factory=list)
    """Shell pages not rendered because the data API covers them: (url, kind, priority,
    depth), rendered after all if the API fails."""
    reported_no_browser: bool = False


class Rendering:
    """Fetch decisions of every site, and the browser's context rotation."""

    def __init__(
        self,
        targets: dict[str, SiteTarget],
        *,
        no_browser: str | None,
        screenshot_height: int | None,
        recycle_after: int,
        settle_s: float,
    ) -> None:
        self.no_browser = no_browser
        """Why nothing can render (no browser found), or None when a browser is ready."""
        self.screenshot_height = None if no_browser else screenshot_height
        self.contexts = ContextRotation(recycle_after)
        self.settle_s = settle_s
        self.sites = {name: _site_rendering(target) for name, target in targets.items()}
        self.targets = targets

    def uses_browser(self, site: str, kind: str) -> bool:
        """Whether a page of `kind` of `site` is fetched with the browser."""
        state = self.sites[site]
        if kind not in RENDERED_KINDS or state.mode == "never" or self.no_browser:
            return False
        return state.mode == "always" or kind in state.browser_kinds

    def meta(self, site: str, kind: str, *, screenshot: bool = False) -> dict[str, Any]:
        """Request meta that sends a request through the browser, with its session."""
        from scrapy_playwright.page import PageMethod

        session = RenderSession(
            steps=[s for s in self.targets[site].browser_steps if kind in s.pages],
            screenshot_height=self.screenshot_height if screenshot else None,
            settle_s=self.settle_s,
        )
        return {
            "playwright": True,
            "playwright_page_init_callback": session.start,
            "playwright_page_methods": [PageMethod(session.finish)],
            "download_slot": BROWSER_SLOT,
            SESSION_META: session,
            ROTATION_META: self.contexts,
        }

    @classmethod
    def off(cls, targets: dict[str, SiteTarget]) -> Rendering:
        """No browser: for crawls that must not render (and tests of the HTTP crawl)."""
        return cls(
            targets,
            no_browser="rendering is off in this crawl",
            screenshot_height=None,
            recycle_after=1,
            settle_s=0,
        )

    def learn_shell(self, site: str, kind: str) -> bool:
        """A plain page of `kind` was an app shell: render that kind from now on.

        False when it cannot be rendered (no browser, `render: never`).
        """
        state = self.sites[site]
        if state.mode == "never":
            return False
        if self.no_browser:
            if not state.reported_no_browser:
                state.reported_no_browser = True
                logger.warning("%s: pages need a browser to render; %s", site, self.no_browser)
            return False
        state.browser_kinds.add(kind)
        state.remembered.discard(kind)  # confirmed: plain pages of this kind are shells
        return True

    def recheck(self, site: str, kind: str) -> bool:
        """A rendered page of `kind` yielded nothing. When rendering that kind was decided in
        an earlier run, drop the decision (plain HTTP fetches that kind again) and say True;
        once per kind and run. False when this run saw plain pages of the kind are shells,
        or the site always renders: fetching plainly again would find nothing new.
        """
        state = self.sites[site]
        if kind not in state.remembered:
            return False
        state.remembered.discard(kind)
        state.browser_kinds.discard(kind)
        return True


def _site_rendering(target: SiteTarget) -> SiteRendering:
    learned = {kind for kind, fetcher in target.fetchers.items() if fetcher == "browser"}
    return SiteRendering(
        mode=target.render,
        browser_kinds=learned,
        remembered=set(learned) if target.render == "auto" else set(),
        api_endpoint=target.data_api,
        url_template=target.product_url_template,
    )
