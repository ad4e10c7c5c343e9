"""One generic, config-driven spider: it schedules requests and hands responses to extractors.

Per competitor: homepage (positioning, platform detection) → platform JSON API when one
answers, else HTML discovery (links, pagination, sitemaps from robots.txt or config).
Extraction itself lives in crawlers/extractors; the spider only decides what to fetch.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.extraction_pool import ExtractionPool
from crawlers.extractors.base import Extraction, PageKind
from crawlers.extractors.content_kinds import CONTENT_KINDS
from crawlers.extractors.feed_discovery import is_post_sitemap
from crawlers.extractors.links import PAGINATION_PRIORITY
from crawlers.extractors.urls import canonicalise, same_site
from crawlers.items import Link, PageFailure, Post, Product
from crawlers.ledger import SiteLedger
from crawlers.observation import Observation
from crawlers.page import FetchedPage
from crawlers.sitemaps import is_product_sitemap, read_sitemap
from crawlers.spiders.content_pages import LISTED_META, ContentPages
from crawlers.spiders.platforms import api_start_url
from crawlers.spiders.rendered_pages import RenderedPages
from crawlers.spiders.rendering import SESSION_META, Rendering
from crawlers.targets import SiteTarget

logger = logging.getLogger(__name__)

SITEMAP = "sitemap"
ROBOTS = "robots"
API_KINDS = {PageKind.SHOPIFY_PRODUCTS, PageKind.WOOCOMMERCE_PRODUCTS}
Progress = Callable[[SiteLedger], None]


class CompetitorSpider(ContentPages, RenderedPages, Spider):
    """Crawls every target site in one Scrapy run; each site keeps its own ledger."""

    name = "rivalwatch"

    def __init__(
        self,
        *,
        targets: Iterable[SiteTarget],
        max_pages: int,
        max_depth: int,
        progress: Progress | None = None,
        extraction: ExtractionPool | None = None,
        rendering: Rendering | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.extraction = extraction or ExtractionPool(workers=0)
        self.targets = {t.name: t for t in targets}
        self.rendering = rendering or Rendering.off(self.targets)
        self.ledgers = {
            t.name: SiteLedger(competitor_id=t.competitor_id, name=t.name, max_pages=max_pages)
            for t in self.targets.values()
        }
        self.max_depth = max_depth
        self.progress = progress

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CompetitorSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._callback_crashed, signal=signals.spider_error)
        crawler.signals.connect(spider._release_sitemap_posts, signal=signals.spider_idle)
        return spider

    def _callback_crashed(self, failure: Failure, response: Response, spider: Spider) -> None:
        """A bug in a callback loses that page's outputs: the site cannot count as complete
        (an 'ok' crawl may report products as removed).
        """
        site = response.meta.get("rw_site")
        if site in self.ledgers:
            self.ledgers[site].incomplete.append(f"{response.url}: {_describe(failure)}")

    async def start(self) -> AsyncIterator[Request]:
        for target in self.targets.values():
            ledger = self.ledgers[target.name]
            yield self._request(target.name, target.homepage, PageKind.HOMEPAGE, 100, 0)
            yield Request(
                urljoin(target.homepage, "/robots.txt"),
                callback=self._parse_robots,
                errback=self._robots_failed,
                priority=90,
                dont_filter=True,
                meta={"rw_site": target.name, "rw_kind": ROBOTS},
            )
            ledger.sitemaps.extend([target.sitemap] if target.sitemap else [])
            if target.data_api:
                request = self._request(target.name, target.data_api, PageKind.DATA_API, 85, 1)
                if request is not None:
                    yield request
            for url in target.start_urls:
                request = self._request(target.name, url, PageKind.LISTING, 50, 1)
                if request is not None:
                    yield request
            for request in self._content_starts(target):
                yield request

    # -- requests -------------------------------------------------------------------------

    def _request(
        self,
        site: str,
        url: str,
        kind: str,
        priority: int,
        depth: int,
        *,
        pagination: bool = False,
        optional: bool = False,
        listed: Post | None = None,
    ) -> Request | None:
        """A request within the site's page budget and depth, or None."""
        ledger = self.ledgers[site]
        canonical = canonicalise(url)
        claim = ledger.claim_content if kind in CONTENT_KINDS else ledger.claim
        if canonical is None or depth > self.max_depth or not claim(canonical):
            return None
        request = self._fetch(site, canonical, kind, priority, depth, pagination, optional)
        if listed is not None:
            request.meta[LISTED_META] = listed
        return request

    def _fetch(
        self,
        site: str,
        url: str,
        kind: str,
        priority: int,
        depth: int,
        pagination: bool = False,
        optional: bool = False,
    ) -> Request:
        """The request for a claimed URL: over HTTP, or through the browser when the site's
        pages of this kind need rendering.
        """
        callback = self._parse_sitemap if kind == SITEMAP else self._parse
        meta = {
            "rw_site": site,
            "rw_kind": str(kind),
            "rw_depth": depth,
            "rw_pagination": pagination,
            "rw_optional": optional,
        }
        if self.rendering.uses_browser(site, kind):
            meta |= self.rendering.meta(site, kind, screenshot=kind == PageKind.HOMEPAGE)
        return Request(
            url,
            callback=callback,
            errback=self._failed,
            priority=priority,
            # The ledger dedupes; a page seen as a shell over HTTP is fetched again to render.
            dont_filter="playwright" in meta,
            meta=meta,
        )

    def _follow(self, site: str, links: Iterable[Link], depth: int) -> Iterator[Request]:
        for link in links:
            pagination = link.priority == PAGINATION_PRIORITY
            child_depth = depth if pagination else depth + 1
            request = self._request(
                site, link.url, link.kind, link.priority, child_depth, pagination=pagination
            )
            if request is not None:
                yield request

    # -- callbacks ------------------------------------------------------------------------

    async def _parse(self, response: Response) -> AsyncIterator[Any]:
        site, kind = response.meta["rw_site"], PageKind(response.meta["rw_kind"])
        ledger, target = self.ledgers[site], self.targets[site]
        if kind in CONTENT_KINDS:
            ledger.content_pages += 1
        else:
            ledger.pages += 1
        if kind == PageKind.HOMEPAGE:
            ledger.homepage = response.url  # after redirects (http→https, www, a country site)
        page = _fetched_page(response)
        listed = response.meta.get(LISTED_META)
        extraction = await self._extract(page, kind, target, ledger, listed)
        session = response.meta.get(SESSION_META)
        if session is None and self._unrendered_shell(site, kind, page, extraction):
            for output in self._render_instead(site, kind, response):
                yield output
            return
        if session is not None:  # first: API products claim their URLs before links do
            async for output in self._after_rendering(site, kind, extraction, response, session):
                yield output
        for output in self._outputs(site, kind, ledger, extraction, response):
            yield output
        self._report(ledger)

    def _outputs(
        self,
        site: str,
        kind: PageKind,
        ledger: SiteLedger,
        extraction: Extraction,
        response: Response,
    ) -> Iterator[Any]:
        """What a page brings: its observations, then the requests it leads to."""
        if kind in CONTENT_KINDS:
            yield from self._content_outputs(site, kind, extraction, response)
            return
        if kind == PageKind.DATA_API:  # its products are deduplicated against pages'
            yield from self._after_data_api_page(site, extraction, response)
            return
        yield from self._observe(ledger, extraction, response.status)
        if kind == PageKind.HOMEPAGE:
            yield from self._after_homepage(site, extraction)
            yield from self._screenshot_of(site, response)
        elif kind in API_KINDS:
            yield from self._after_api_page(site, kind, extraction, response)
        else:
            yield from self._follow(
                site,
                self._guard_pagination(ledger, extraction, response),
                response.meta["rw_depth"],
            )

    async def _extract(
        self,
        page: FetchedPage,
        kind: PageKind,
        target: SiteTarget,
        ledger: SiteLedger,
        listed: Post | None = None,
    ) -> Extraction:
        context = target.context(
            homepage=ledger.homepage,
            currency_hint=ledger.currency_hint,
            product_url_template=self.rendering.sites[target.name].url_template,
            listed_post=listed,
        )
        try:
            extraction = await self.extraction.extract(kind, page, context)
        except Exception as error:  # an extractor bug must cost one page, not the run
            logger.exception("extractor %s failed on %s", kind, page.url)
            reason = f"extractor crashed: {type(error).__name__}: {error}"
            return Extraction(
                items=[PageFailure(url=page.url, kind=kind, status="parse_error", reason=reason)]
            )
        hint = getattr(extraction, "currency_hint", None)
        if hint and not ledger.currency_hint:
            ledger.currency_hint = hint
        return extraction

    def _observe(
        self, ledger: SiteLedger, extraction: Extraction, status: int | None
    ) -> Iterator[Observation]:
        now = datetime.now(UTC)
        for item in extraction.items:
            if isinstance(item, Product):
                ledger.products += 1
            elif isinstance(item, PageFailure):
                ledger.errors += 1
            yield Observation(
                competitor_id=ledger.competitor_id, item=item, fetched_at=now, http_status=status
            )

    def _after_homepage(self, site: str, extraction: Extraction) -> Iterator[Request]:
        ledger = self.ledgers[site]
        ledger.homepage_ok = True
        ledger.platform = extraction.platform
        content = [link for link in extraction.links if link.kind in CONTENT_KINDS]
        yield from self._follow_discovered(site, content)  # first: content claims its pages
        extraction.links = [link for link in extraction.links if link.kind not in CONTENT_KINDS]
        api = api_start_url(extraction.platform, ledger.homepage or self.targets[site].homepage)
        if api is not None:
            ledger.mode = "api"
            ledger.held_links = list(extraction.links)
            kind = (
                PageKind.SHOPIFY_PRODUCTS
                if extraction.platform == "shopify"
                else PageKind.WOOCOMMERCE_PRODUCTS
            )
            request = self._request(site, api, kind, 80, 1)
            if request is not None:
                yield request
            return
        yield from self._switch_to_html(site, extraction.links)

    def _after_api_page(
        self, site: str, kind: PageKind, extraction: Extraction, response: Response
    ) -> Iterator[Request]:
        failed = any(isinstance(item, PageFailure) for item in extraction.items)
        if failed:
            logger.warning(
                "%s: platform API at %s unusable; crawling HTML instead", site, response.url
            )
            yield from self._switch_to_html(site, self.ledgers[site].held_links)
        elif extraction.next_page:
            request = self._request(site, extraction.next_page, kind, 80, response.meta["rw_depth"])
            if request is not None:
                yield request

    def _switch_to_html(self, site: str, links: Iterable[Link]) -> Iterator[Request]:
        ledger = self.ledgers[site]
        ledger.mode, ledger.held_links = "html", []
        yield from self._follow(site, links, 0)
        yield from self._release_sitemaps(site)

    def _guard_pagination(
        self, ledger: SiteLedger, extraction: Extraction, response: Response
    ) -> list[Link]:
        """Endless-pagination trap guard: a page of a listing that shows no new product
        (no new product link, no product) does not get its pagination followed.
        """
        product_links = {link.url for link in extraction.links if link.kind == PageKind.PRODUCT}
        new_links = product_links - ledger.product_links
        ledger.product_links |= product_links
        found_product = any(isinstance(item, Product) for item in extraction.items)
        if response.meta.get("rw_pagination") and not new_links and not found_product:
            return [link for link in extraction.links if link.priority != PAGINATION_PRIORITY]
        return extraction.links

    # -- robots.txt and sitemaps ------------------------------------------------------------

    def _parse_robots(self, response: Response) -> Iterator[Request]:
        site = response.meta["rw_site"]
        try:
            listed = list(Protego.parse(response.text).sitemaps)
        except Exception:  # unreadable robots.txt: no sitemaps from it
            listed = []
        yield from self._robots_done(site, [urljoin(response.url, url) for url in listed])

    def _robots_failed(self, failure: Failure) -> Iterator[Request]:
        yield from self._robots_done(failure.request.meta["rw_site"], [])

    def _robots_done(self, site: str, listed: list[str]) -> Iterator[Request]:
        ledger = self.ledgers[site]
        ledger.robots_done = True
        ledger.sitemaps.extend(listed)
        yield from self._release_sitemaps(site)

    def _release_sitemaps(self, site: str) -> Iterator[Request]:
        """Sitemaps wait until robots.txt is read and HTML discovery was chosen."""
        ledger = self.ledgers[site]
        if ledger.sitemaps_released or not ledger.robots_done or ledger.mode != "html":
            return
        ledger.sitemaps_released = True
        guessed = not ledger.sitemaps
        urls = ledger.sitemaps or [urljoin(self.targets[site].homepage, "/sitemap.xml")]
        for url in dict.fromkeys(urls):
            request = self._request(site, url, SITEMAP, 60, 1, optional=guessed)
            if request is not None:
                yield request

    def _parse_sitemap(self, response: Response) -> Iterator[Request]:
        site, depth = response.meta["rw_site"], response.meta["rw_depth"]
        ledger = self.ledgers[site]
        ledger.pages += 1
        try:
            entries = read_sitemap(response.body)
        except ValueError as error:
            if not response.meta.get("rw_optional"):
                ledger.incomplete.append(f"{response.url}: {error}")
            return
        for url in entries.sitemaps:
            request = self._request(site, url, SITEMAP, 60, depth + 1)
            if request is not None:
                yield request
        product = is_product_sitemap(response.url)
        homepage = ledger.homepage or self.targets[site].homepage
        if not product and is_post_sitemap(response.url):
            self._hold_sitemap_posts(site, entries.pages)
            return
        for url in entries.pages:
            if same_site(url, homepage):
                kind, priority = (PageKind.PRODUCT, 30) if product else (PageKind.LISTING, 5)
                request = self._request(site, url, kind, priority, depth + 1)
                if request is not None:
                    yield request
        self._report(ledger)

    # -- failures -------------------------------------------------------------------------

    def _failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        site, kind = request.meta["rw_site"], request.meta["rw_kind"]
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt forbids it, or a middleware dropped it on purpose: not an error
        ledger = self.ledgers[site]
        http_status = failure.value.response.status if failure.check(HttpError) else None
        reason = f"HTTP {http_status}" if http_status else _describe(failure)
        if kind in CONTENT_KINDS:
            yield from self._content_failed(ledger, request, http_status, reason)
            return
        if request.meta.get("rw_optional"):
            return
        yield from self._record_failure(ledger, request.url, kind, http_status, reason)
        if kind == PageKind.HOMEPAGE:
            ledger.homepage_failed = reason
            yield from self._switch_to_html(site, [])
        elif kind in API_KINDS:
            logger.warning("%s: platform API failed (%s); crawling HTML instead", site, reason)
            yield from self._switch_to_html(site, ledger.held_links)
        elif kind == PageKind.DATA_API:
            yield from self._data_api_failed(site, request.url, reason)
        elif kind != PageKind.PRODUCT and (
            http_status is None or http_status >= 500 or http_status == 429
        ):
            ledger.incomplete.append(f"{request.url}: {reason}")
        self._report(ledger)

    def _record_failure(
        self, ledger: SiteLedger, url: str, kind: str, http_status: int | None, reason: str
    ) -> Iterator[Observation]:
        status = "http_error" if http_status else "unreachable"
        failure = PageFailure(
            url=url, kind=kind, status=status, reason=reason, http_status=http_status
        )
        ledger.errors += 1
        yield Observation(
            competitor_id=ledger.competitor_id,
            item=failure,
            fetched_at=datetime.now(UTC),
            http_status=http_status,
        )

    def _report(self, ledger: SiteLedger) -> None:
        if self.progress is not None:
            self.progress(ledger)


def _fetched_page(response: Response) -> FetchedPage:
    return FetchedPage(
        url=response.url, body=response.body, status=response.status, headers=_headers(response)
    )


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): (response.headers.get(key) or b"").decode("latin-1")
        for key in response.headers
    }


def _describe(failure: Failure) -> str:
    message = failure.getErrorMessage() or ""
    return f"{failure.type.__name__}: {message}".strip(": ") if failure.type else message
