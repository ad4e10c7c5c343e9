"""The spider's content side: feeds, blog index pages and post pages.

A mixin of CompetitorSpider. Content is crawled whichever way the catalog is (platform API or
HTML), and never decides whether the catalog crawl was complete: a broken feed is recorded
as a failure of that feed, not as a partial site. Posts listed in a feed are read again on
their own page (comment counts, exact dates, word count) up to the competitor's
`blog.max_posts`, newest first as feeds list them; the feed entry rides along in the request
so the page extractor merges both. Further pages of feeds and blog indexes are followed only
while they list posts not seen yet in this run (a site that ignores the page parameter
would otherwise loop).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawlers.extractors.base import Extraction, PageKind
from crawlers.extractors.content_kinds import (
    BLOG_INDEX_PRIORITY,
    FEED_KINDS,
    FEED_PRIORITY,
    POST_PRIORITY,
)
from crawlers.extractors.urls import canonicalise, related_site, same_site
from crawlers.items import Item, Link, Post
from crawlers.observation import Observation

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.ledger import SiteLedger
    from crawlers.targets import SiteTarget

logger = logging.getLogger(__name__)
LISTED_META = "rw_listed"
"""A post page's request carries the feed entry that listed it."""


class ContentPages:
    """Content callbacks of CompetitorSpider."""

    if TYPE_CHECKING:  # provided by CompetitorSpider
        crawler: Crawler
        ledgers: dict[str, SiteLedger]
        targets: dict[str, SiteTarget]

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
        ) -> Request | None: ...

        def _observe(
            self, ledger: SiteLedger, extraction: Extraction, status: int | None
        ) -> Iterator[Observation]: ...

        def _record_failure(
            self, ledger: SiteLedger, url: str, kind: str, http_status: int | None, reason: str
        ) -> Iterator[Observation]: ...

    def _content_starts(self, target: SiteTarget) -> Iterator[Request]:
        """The configured feeds and blog pages: fetched even when the homepage is down."""
        sources = target.content
        configured = (
            (PageKind.FEED, sources.feeds, FEED_PRIORITY),
            (PageKind.BLOG_INDEX, sources.blog_pages, BLOG_INDEX_PRIORITY),
            (PageKind.VIDEO_FEED, sources.videos, FEED_PRIORITY),
            (PageKind.MENTION_FEED, sources.mentions, FEED_PRIORITY),
        )
        for kind, urls, priority in configured:
            for url in urls:
                request = self._request(target.name, url, kind, priority, 1)
                if request is not None:
                    yield request

    def _follow_discovered(self, site: str, links: Iterable[Link]) -> Iterator[Request]:
        """The homepage's feed and blog index links, unless the competitor turned discovery off.

        Guessed feed paths are optional: their 404 is no failure.
        """
        if not self.targets[site].content.discover:
            return
        for link in links:
            optional = link.kind == PageKind.FEED_CANDIDATE
            request = self._request(site, link.url, link.kind, link.priority, 1, optional=optional)
            if request is not None:
                yield request

    def _content_outputs(
        self, site: str, kind: PageKind, extraction: Extraction, response: Response
    ) -> Iterator[Any]:
        """What a content page brings: its items, the post pages and the further pages."""
        ledger = self.ledgers[site]
        depth = response.meta["rw_depth"]
        posts = [item for item in extraction.items if isinstance(item, Post)]
        if kind == PageKind.POST or not posts:
            yield from self._observe(ledger, extraction, response.status)
            if kind in FEED_KINDS:
                new = self._new_keys(ledger, extraction.items)
                yield from self._further_pages(site, extraction.links, depth, response, new)
            elif kind == PageKind.BLOG_INDEX:
                yield from self._after_blog_index(site, extraction.links, depth, response)
            return
        others = Extraction(items=[item for item in extraction.items if item not in posts])
        yield from self._observe(ledger, others, response.status)
        new = self._new_keys(ledger, posts)
        for post in posts:
            request = self._post_request(site, post.url, depth + 1, response.url, listed=post)
            if request is None:  # read elsewhere in this run, off-site, or over max_posts
                yield from self._observe(ledger, Extraction(items=[post]), response.status)
            else:
                yield request
        yield from self._further_pages(site, extraction.links, depth, response, new)

    def _after_blog_index(
        self, site: str, links: list[Link], depth: int, response: Response
    ) -> Iterator[Request]:
        ledger = self.ledgers[site]
        post_urls = [link.url for link in links if link.kind == PageKind.POST]
        new = len(set(post_urls) - ledger.indexed_posts)
        ledger.indexed_posts.update(post_urls)
        for url in post_urls:
            request = self._post_request(site, url, depth + 1, response.url)
            if request is not None:
                yield request
        others = [link for link in links if link.kind != PageKind.POST]
        yield from self._further_pages(site, others, depth, response, new)

    def _further_pages(
        self, site: str, links: list[Link], depth: int, response: Response, new: int
    ) -> Iterator[Request]:
        """A feed's or index's next pages at the same depth, while pages list new posts;
        feeds an HTML page declares where a feed was expected.
        """
        paging = bool(response.meta.get("rw_pagination"))
        for link in links:
            same_kind = link.kind == response.meta["rw_kind"]
            if same_kind and paging and not new:
                continue
            request = self._request(
                site,
                link.url,
                link.kind,
                link.priority,
                depth if same_kind else depth + 1,
                pagination=same_kind,
                optional=same_kind,  # a guessed next page that is not there is no failure
            )
            if request is not None:
                yield request

    def _post_request(
        self, site: str, url: str, depth: int, listed_on: str, *, listed: Post | None = None
    ) -> Request | None:
        """A request for a post page on the competitor's site (or the feed's host), within
        `blog.max_posts`.
        """
        ledger, target = self.ledgers[site], self.targets[site]
        canonical = canonicalise(url)
        homepage = ledger.homepage or target.homepage
        if canonical is None or ledger.post_pages >= target.content.max_posts:
            return None
        if not (related_site(canonical, homepage) or same_site(canonical, listed_on)):
            return None
        request = self._request(site, canonical, PageKind.POST, POST_PRIORITY, depth, listed=listed)
        if request is not None:
            ledger.post_pages += 1
        return request

    def _content_failed(
        self, ledger: SiteLedger, request: Request, http_status: int | None, reason: str
    ) -> Iterator[Observation]:
        """A content page that failed: its failure (unless it was a guess), and the feed entry
        of a post whose page could not be read (what the feed said still counts).
        """
        listed = request.meta.get(LISTED_META)
        if listed is not None:
            yield from self._observe(ledger, Extraction(items=[listed]), None)
        if not request.meta.get("rw_optional"):
            kind = request.meta["rw_kind"]
            yield from self._record_failure(ledger, request.url, kind, http_status, reason)

    def _hold_sitemap_posts(self, site: str, urls: list[str]) -> None:
        """Post URLs a post sitemap lists wait until the crawl is idle: feeds and blog
        indexes, which list the newest posts first, get the `max_posts` budget first.
        """
        if self.targets[site].content.discover:
            self.ledgers[site].sitemap_posts.extend(urls)

    def _release_sitemap_posts(self, spider: Spider) -> None:
        """On idle: fetch the held sitemap posts not read yet, within `max_posts`."""
        requests = []
        for site, ledger in self.ledgers.items():
            held, ledger.sitemap_posts = ledger.sitemap_posts, []
            requests += [r for url in held if (r := self._post_request(site, url, 2, url))]
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    @staticmethod
    def _new_keys(ledger: SiteLedger, items: Iterable[Item]) -> int:
        """How many of `items` (posts, videos, mentions) this run had not seen yet."""
        keys = {key for item in items if (key := getattr(item, "key", None)) is not None}
        new = keys - ledger.content_keys
        ledger.content_keys |= new
        return len(new)
