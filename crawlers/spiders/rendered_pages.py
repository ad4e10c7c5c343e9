"""The spider's browser side: shells rendered instead, data APIs learned, screenshots kept.

A mixin of CompetitorSpider, kept apart so the HTTP crawl reads on its own. Everything
here works on what the plain crawl already has: ledgers, `_fetch`, extraction, outputs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from crawlers.browser.session import RenderSession
from crawlers.extractors.app_shell import app_shell
from crawlers.extractors.base import Extraction, PageKind
from crawlers.extractors.urls import canonicalise
from crawlers.items import PageFailure, Product
from crawlers.learned import FetchLearned, ScreenshotTaken
from crawlers.observation import Observation
from crawlers.page import FetchedPage
from crawlers.spiders.rendering import RENDERED_KINDS, SESSION_META

if TYPE_CHECKING:
    from crawlers.extraction_pool import ExtractionPool
    from crawlers.ledger import SiteLedger
    from crawlers.spiders.rendering import Rendering
    from crawlers.targets import SiteTarget

logger = logging.getLogger(__name__)
SCREENSHOT = "screenshot"
DATA_API_PRIORITY = 85
RECHECK_META = "rw_recheck"
"""Marks a plain fetch of a page whose rendering yielded nothing."""


class RenderedPages:
    """Browser-related callbacks of CompetitorSpider."""

    if TYPE_CHECKING:  # provided by CompetitorSpider
        rendering: Rendering
        ledgers: dict[str, SiteLedger]
        targets: dict[str, SiteTarget]
        extraction: ExtractionPool

        def _fetch(self, site: str, url: str, kind: str, priority: int, depth: int) -> Request: ...

        def _request(
            self, site: str, url: str, kind: str, priority: int, depth: int
        ) -> Request | None: ...

    # -- deciding to render ------------------------------------------------------------------

    def _unrendered_shell(
        self, site: str, kind: PageKind, page: FetchedPage, extraction: Extraction
    ) -> bool:
        """A plain page that is an empty JavaScript app: no product, no product link."""
        if kind not in RENDERED_KINDS or self.rendering.sites[site].mode == "never":
            return False
        if any(isinstance(item, Product) for item in extraction.items):
            return False
        if any(link.kind == PageKind.PRODUCT for link in extraction.links):
            return False
        shell = app_shell(page)
        if shell.is_shell:
            reasons = "; ".join(shell.reasons)
            logger.info("%s: %s is a JavaScript shell (%s)", site, page.url, reasons)
        return shell.is_shell

    def _render_instead(self, site: str, kind: PageKind, response: Response) -> Iterator[Any]:
        """Fetch a shell page again with the browser, or hold a listing while the data API
        answers. A product page is never held: its product was not in the API's answers
        (those URLs are claimed), so only rendering finds it. A page fetched plainly to
        re-check a decision was rendered already: it only confirms the decision.
        """
        state, meta = self.rendering.sites[site], response.meta
        request_args = (response.url, str(kind), int(response.request.priority), meta["rw_depth"])
        if state.api_endpoint and kind == PageKind.LISTING:  # the data API lists the catalog
            state.held_shells.append(request_args)
            return
        newly = kind not in state.browser_kinds
        if not self.rendering.learn_shell(site, kind):
            self.ledgers[site].incomplete.append(
                f"{response.url}: needs a browser to render ({self.rendering.no_browser})"
            )
            return
        if newly:
            yield FetchLearned(
                competitor_id=self.ledgers[site].competitor_id,
                page_kind=str(kind),
                fetcher="browser",
                reason=f"{response.url} arrived as an empty JavaScript shell",
            )
        if not meta.get(RECHECK_META):
            yield self._fetch(site, *request_args)

    # -- after a rendered page ---------------------------------------------------------------

    async def _after_rendering(
        self,
        site: str,
        kind: PageKind,
        extraction: Extraction,
        response: Response,
        session: RenderSession,
    ) -> AsyncIterator[Any]:
        """Data API products, the screenshot, and a re-check when rendering found nothing."""
        ledger = self.ledgers[site]
        ledger.rendered += 1
        screenshot = self._screenshot_item(site, response.url, session)
        if screenshot is not None:
            yield screenshot
        api_products = 0
        product_links = tuple(x.url for x in extraction.links if x.kind == PageKind.PRODUCT)
        captured = self._captured_products(site, session, response.url, product_links)
        async for output in captured:
            api_products += isinstance(output, Observation)
            yield output
        if yielded_nothing(kind, extraction, api_products) and self.rendering.recheck(site, kind):
            for output in self._fetch_plainly_again(site, kind, response):
                yield output

    def _fetch_plainly_again(self, site: str, kind: PageKind, response: Response) -> Iterator[Any]:
        """Drop the stored decision to render `kind` and fetch this page over plain HTTP:
        the site may have stopped needing a browser (or started refusing one). If the plain
        page is still a shell, the decision is learned again.
        """
        logger.warning(
            "%s: rendering %s yielded nothing; fetching %s pages over plain HTTP again",
            site,
            response.url,
            kind,
        )
        yield FetchLearned(
            competitor_id=self.ledgers[site].competitor_id,
            page_kind=str(kind),
            fetcher="browser",
            reason=f"rendering {response.url} yielded nothing; checking plain HTTP again",
            forget=True,
        )
        meta = response.meta
        request = self._fetch(
            site, response.url, kind, int(response.request.priority), meta["rw_depth"]
        )
        yield request.replace(dont_filter=True, meta={**request.meta, RECHECK_META: True})

    async def _captured_products(
        self, site: str, session: RenderSession, page_url: str, product_links: tuple[str, ...]
    ) -> AsyncIterator[Any]:
        """Products in the JSON the page fetched; the richest endpoint becomes the site's
        data API, fetched over plain HTTP (with its pagination) from now on.
        """
        ledger, state = self.ledgers[site], self.rendering.sites[site]
        target = self.targets[site]
        best: tuple[int, str, Extraction] | None = None
        for captured in session.captured:
            page = FetchedPage(
                url=captured.url,
                body=captured.body,
                headers={"content-type": "application/json"},
            )
            context = target.context(
                homepage=ledger.homepage,
                currency_hint=ledger.currency_hint,
                product_url_template=state.url_template,
                product_links=product_links,
            )
            extraction = await self.extraction.extract(PageKind.DATA_API, page, context)
            products = [i for i in extraction.items if isinstance(i, Product)]
            if not products:
                continue
            state.url_template = state.url_template or extraction.url_template
            for output in self._api_products(site, products):
                yield output
            if best is None or len(products) > best[0]:
                best = (len(products), captured.url, extraction)
        if best is None or state.api_endpoint:
            return
        count, endpoint, extraction = best
        state.api_endpoint = endpoint
        yield FetchLearned(
            competitor_id=ledger.competitor_id,
            page_kind=str(PageKind.DATA_API),
            fetcher="api",
            endpoint=endpoint,
            url_template=state.url_template,
            reason=f"{count} products in the JSON {page_url} fetched from {endpoint}",
        )
        for request in self._next_api_page(site, extraction, depth=1):
            yield request

    def _next_api_page(self, site: str, extraction: Extraction, depth: int) -> Iterator[Request]:
        """The data API's next page, over plain HTTP, when the answer names one."""
        if extraction.next_page:
            request = self._request(
                site, extraction.next_page, PageKind.DATA_API, DATA_API_PRIORITY, depth
            )
            if request is not None:
                yield request

    def _api_products(self, site: str, products: list[Product]) -> Iterator[Observation]:
        """Observations of products from a data API, each URL claimed so its page is not
        fetched (or rendered) again.
        """
        ledger, now = self.ledgers[site], datetime.now(UTC)
        for product in products:
            url = canonicalise(product.url) or product.url
            if not url or url in ledger.scheduled:  # no identity, or seen in this run already
                continue
            ledger.scheduled.add(url)
            ledger.products += 1
            yield Observation(competitor_id=ledger.competitor_id, item=product, fetched_at=now)

    def _after_data_api_page(
        self, site: str, extraction: Extraction, response: Response
    ) -> Iterator[Any]:
        """A page of the learned data API over plain HTTP: its products and the next page;
        when it stops answering with products, render the held shells after all.
        """
        products = [i for i in extraction.items if isinstance(i, Product)]
        if products:
            yield from self._api_products(site, products)
            yield from self._next_api_page(site, extraction, response.meta["rw_depth"])
            return
        failures = [i for i in extraction.items if isinstance(i, PageFailure)]
        reason = failures[0].reason if failures else "no products in its answer"
        yield from self._data_api_failed(site, response.url, reason)

    def _data_api_failed(self, site: str, url: str, reason: str) -> Iterator[Any]:
        state, ledger = self.rendering.sites[site], self.ledgers[site]
        if state.api_endpoint is None:
            return
        logger.warning("%s: data API %s failed (%s); rendering pages instead", site, url, reason)
        state.api_endpoint = None
        yield FetchLearned(
            competitor_id=ledger.competitor_id,
            page_kind=str(PageKind.DATA_API),
            fetcher="api",
            endpoint=url,
            reason=f"the data API stopped answering ({reason})",
            forget=True,
        )
        held, state.held_shells = state.held_shells, []
        for url_, kind, priority, depth in held:
            if self.rendering.learn_shell(site, kind):
                yield self._fetch(site, url_, kind, priority, depth)

    # -- screenshots -------------------------------------------------------------------------

    def _screenshot_of(self, site: str, response: Response) -> Iterator[Request]:
        """A browser visit of a plain homepage, only to photograph it."""
        if response.meta.get(SESSION_META) is not None or self.rendering.screenshot_height is None:
            return
        meta = {"rw_site": site, "rw_kind": SCREENSHOT, "rw_depth": 0}
        meta |= self.rendering.meta(site, SCREENSHOT, screenshot=True)
        yield Request(
            response.url,
            callback=self._parse_screenshot,
            errback=self._screenshot_failed,
            priority=95,
            dont_filter=True,
            meta=meta,
        )

    def _parse_screenshot(self, response: Response) -> Iterator[ScreenshotTaken]:
        session: RenderSession = response.meta[SESSION_META]
        screenshot = self._screenshot_item(response.meta["rw_site"], response.url, session)
        if screenshot is not None:
            yield screenshot

    def _screenshot_failed(self, failure: Any) -> None:
        meta = failure.request.meta
        logger.warning(
            "%s: no screenshot of %s: %s",
            meta["rw_site"],
            failure.request.url,
            failure.getErrorMessage(),
        )

    def _screenshot_item(
        self, site: str, url: str, session: RenderSession
    ) -> ScreenshotTaken | None:
        shot = session.screenshot
        if not shot.png:
            return None
        return ScreenshotTaken(
            competitor_id=self.ledgers[site].competitor_id,
            competitor_name=site,
            url=url,
            taken_at=datetime.now(UTC),
            png=shot.png,
            width=shot.width,
            height=shot.height,
        )


def yielded_nothing(kind: PageKind, extraction: Extraction, api_products: int) -> bool:
    """Whether a rendered page gave nothing its kind is fetched for: a product page no
    product, a listing no product and no product link, a homepage not even a link.
    """
    if api_products or any(isinstance(item, Product) for item in extraction.items):
        return False
    if kind == PageKind.PRODUCT:
        return True
    if kind == PageKind.HOMEPAGE:
        return not extraction.links
    return not any(link.kind == PageKind.PRODUCT for link in extraction.links)
