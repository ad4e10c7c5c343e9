"""RSS, Atom and RDF feeds to posts, videos or mentions, with the link to the feed's next page.

feedparser reads every feed dialect and recovers from broken XML; what it could read is kept,
and a PageFailure is returned only when nothing could (an HTML page, an empty body, garbage).
Bytes whose declared encoding lies are re-encoded first (see feed_encoding). Entries are
deduplicated within the feed: by canonical URL, and by title (posts: title and day).
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from crawlers.extractors.base import Extraction
from crawlers.extractors.content_kinds import FEED_PAGES, FEED_PRIORITY
from crawlers.extractors.content_text import comparable_title, plain_text
from crawlers.extractors.feed_encoding import trusted_feed
from crawlers.extractors.feed_entries import FeedInfo, entry_url, to_item
from crawlers.extractors.urls import canonicalise, query_param, with_query
from crawlers.items import FeedKind, Link, Mention, PageFailure, Post, PostSource, Video
from crawlers.page import FetchedPage

WORDPRESS_PAGE_SIZE = 10
"""WordPress feeds list 10 posts by default and page with ?paged=N without saying so."""
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")

T = TypeVar("T", Post, Video, Mention)


def parse_feed(page: FetchedPage, kind: FeedKind = FeedKind.POSTS) -> Extraction:
    """Items of the feed in `page` (Post, Video or Mention by `kind`) and its next page.

    A comments feed (`FeedKind.COMMENTS`) yields one Post per commented post with only
    `comments` set: the number of comments the feed lists, a lower bound when the feed
    holds only the latest ones (WordPress: 10).
    """
    parsed = _parse(page)
    entries = list(parsed.get("entries") or ())
    if not entries:
        return Extraction(items=_failure(page, parsed, kind), links=_declared_elsewhere(page))
    info = _info(page, parsed)
    if kind is FeedKind.COMMENTS:
        items: list[Any] = _comment_counts(entries, info, parsed)
    else:
        items = dedupe(i for e in entries if (i := to_item(e, info, kind)) is not None)
    if not items:
        return Extraction(items=[_failure_item(page, kind, "no feed entry has a link")])
    next_page = _next_page(page.url, parsed, len(entries))
    link_kind = FEED_PAGES[kind].value
    links = [Link(url=next_page, kind=link_kind, priority=FEED_PRIORITY)] if next_page else []
    return Extraction(items=items, links=links, next_page=next_page)


def dedupe(items: Iterable[T]) -> list[T]:
    """`items` without repeats, first kept: same canonical URL, or same title.

    Posts need the same title and publication day (blogs reuse titles like 'Weekly news'; two
    undated posts at two URLs stay two); mentions only the same title (one story syndicated to
    many URLs). Use it across feeds too.
    """
    seen: set[object] = set()
    kept: list[T] = []
    for item in items:
        keys = {("url", item.url)}
        title = comparable_title(item.title)
        if isinstance(item, Mention) and title:
            keys.add(("title", title))
        elif isinstance(item, Post) and title and item.published is not None:
            keys.add(("title", title, item.published.date()))
        if not keys & seen:
            kept.append(item)
        seen |= keys
    return kept


def _parse(page: FetchedPage) -> Any:
    body, content_type = trusted_feed(page.body, page.headers.get("content-type", ""))
    headers = {"content-type": _as_xml_type(content_type), "content-location": page.url}
    with warnings.catch_warnings():  # feedparser warns about its own deprecated aliases
        warnings.simplefilter("ignore", DeprecationWarning)
        return feedparser.parse(
            io.BytesIO(body),  # a stream: feedparser would open a str or bytes as a file path
            response_headers=headers,
            resolve_relative_uris=False,
            sanitize_html=False,
        )


def _as_xml_type(content_type: str) -> str:
    """Feeds are served as text/plain, text/html or nothing at all; only the charset counts."""
    media_type, _, params = content_type.partition(";")
    if "xml" in media_type or "rss" in media_type or "atom" in media_type:
        return content_type
    return f"application/xml;{params}" if params else "application/xml"


def _info(page: FetchedPage, parsed: Any) -> FeedInfo:
    feed = parsed.get("feed") or {}
    language = feed.get("language") or page.headers.get("content-language")
    return FeedInfo(url=page.url, title=plain_text(feed.get("title")) or None, language=language)


def _failure(page: FetchedPage, parsed: Any, kind: FeedKind) -> list[PageFailure]:
    """A failure when the body is no feed; an empty but valid feed is just empty."""
    if parsed.get("version") and not parsed.get("bozo"):
        return []
    if not page.body.strip():
        reason = "empty body"
    elif _is_html(page):
        reason = "not a feed: an HTML page"
    else:
        reason = f"not a feed: {parsed.get('bozo_exception') or 'no entries'}"
    return [_failure_item(page, kind, reason)]


def _declared_elsewhere(page: FetchedPage) -> list[Link]:
    """An HTML page where a feed was expected (a soft 404, a redirect home) may declare one."""
    if not _is_html(page):
        return []
    from crawlers.extractors.feed_discovery import declared_feed_links

    return declared_feed_links(page)


def _is_html(page: FetchedPage) -> bool:
    head = page.body[:512].lstrip().lower()
    return head.startswith(_HTML_STARTS) or page.content_type == "text/html"


def _failure_item(page: FetchedPage, kind: FeedKind, reason: str) -> PageFailure:
    return PageFailure(
        url=page.url,
        kind=FEED_PAGES[kind].value,
        status="parse_error",
        reason=reason,
        http_status=page.status,
    )


def _next_page(url: str, parsed: Any, entry_count: int) -> str | None:
    """Atom/RSS rel=next (RFC 5005, Blogger); for full WordPress pages, ?paged=N+1."""
    for link in (parsed.get("feed") or {}).get("links") or ():
        if link.get("rel") == "next" and link.get("href"):
            found = canonicalise(link["href"])
            if found and found != canonicalise(url):
                return found
    if _is_wordpress(parsed) and entry_count >= WORDPRESS_PAGE_SIZE:
        current = query_param(url, "paged")
        number = int(current) + 1 if current and current.isdigit() else 2
        return canonicalise(with_query(url, paged=str(number)))
    return None


def _is_wordpress(parsed: Any) -> bool:
    generator = (parsed.get("feed") or {}).get("generator") or ""
    return "wordpress" in str(generator).lower()


def _comment_counts(entries: list[Any], info: FeedInfo, parsed: Any) -> list[Post]:
    """Comments per post: a post's own feed counts for it, a site-wide one per entry link."""
    own = _post_of_comments_feed(info, parsed)
    counts: Counter[str] = Counter()
    for entry in {e.get("id") or e.get("link"): e for e in entries}.values():
        post = own or _without_fragment(entry_url(entry, info.url))
        if post:
            counts[post] += 1
    return [
        Post(url=url, comments=n, source=PostSource.FEED, feed_url=info.url)
        for url, n in counts.items()
    ]


def _post_of_comments_feed(info: FeedInfo, parsed: Any) -> str | None:
    """The post a comments feed belongs to: its channel link, unless that is the site's root."""
    link = canonicalise((parsed.get("feed") or {}).get("link") or "")
    return link if link and urlsplit(link).path.strip("/") else None


def _without_fragment(url: str | None) -> str | None:
    """A comment's link is the post's URL plus '#comment-12' or '?showComment=...'."""
    if url is None:
        return None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if "comment" not in k.lower()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
