"""Where a site's posts are listed: its feeds, the usual feed paths, and its blog index pages.

From any HTML page (usually the homepage): feeds declared with `<link rel="alternate">` or
linked with `<a>`, classified as the site-wide posts feed, a per-category/tag/author feed or
a comments feed. Site-wide feeds are followed; partial feeds only when there is nothing else;
comments feeds never (the posts feed's counts are enough). When a site declares no feed at
all, the paths its blog platform serves feeds at are proposed; on an unknown platform the
paths most platforms use, but only when the page links a blog (a shop without one costs no
guesses).
Blog index pages are the nav links whose words or path say blog/news/journal in the languages
of blog_words.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.blog_words import blog_index_url
from crawlers.extractors.content_kinds import (
    BLOG_INDEX_PRIORITY,
    CANDIDATE_PRIORITY,
    FEED_PRIORITY,
)
from crawlers.extractors.document import Document
from crawlers.extractors.platforms import SHOPIFY, detect_platform
from crawlers.extractors.urls import canonicalise, related_site, with_query
from crawlers.items import FeedKind, FeedRef, Link
from crawlers.page import FetchedPage

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/rss"}
)
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/feed.xml",
    "/atom.xml",
    "/rss.xml",
    "/index.xml",
    "/blog.atom",
    "/blogs/news.atom",
)
"""Where feeds live on sites that declare none (WordPress, Jekyll, Hugo, Shopify...)."""
_COMMENTS = re.compile(
    r"/comments?/(feed|default)|comments?[-_.]?(feed|rss|atom)|"
    r"\b(comments?|kommentare|commentaires|comentarios|commenti|reacties|komentarze|"
    r"kommentarer|kommentit|comentários|комментарии|коментарі|yorumlar)\b",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"/(category|categories|tag|tags|author|topics?|label|labels|kategorie|rubrique|"
    r"categoria|etiqueta|schlagwort|tagged)/|/-/|[?&](cat|tag|author|category)=",
    re.IGNORECASE,
)
_FEED_HREF = re.compile(
    r"(/(feed|rss|atom)/?$|\.(rss|atom)$|/(feed|rss|atom)[\w.-]*\.xml$|[?&]format=(rss|atom)\b|"
    r"[?&]type=(100|9818)\b)",
    re.IGNORECASE,
)
_FEED_HOSTS = ("feeds.feedburner.com", "feeds.feedblitz.com", "feedpress.me")
_MAX_BLOG_INDEXES = 3


def discover_feeds(page: FetchedPage, context: ExtractionContext | None = None) -> Extraction:
    """FeedRef items for every feed found, and links to the feeds and blog indexes to crawl."""
    doc = Document(page, context or ExtractionContext(homepage=_origin(page.url) + "/"))
    refs, links = discover_in(doc)
    return Extraction(items=list(refs), links=links, platform=detect_platform(doc))


def discover_in(doc: Document) -> tuple[list[FeedRef], list[Link]]:
    """The feeds `doc` declares or links, and the links to the feeds and blog indexes to crawl:
    the site-wide feeds (else the platform's usual feed paths, as optional candidates), then
    the blog index pages.
    """
    refs = _dedupe_refs([*_declared(doc), *_linked(doc)])
    indexes = blog_indexes(doc)
    links = _feed_links(refs) or _candidate_links(doc, indexes)
    kind = PageKind.BLOG_INDEX.value
    links += [Link(url=u, kind=kind, priority=BLOG_INDEX_PRIORITY) for u in indexes]
    return refs, links


def declared_feed_links(page: FetchedPage) -> list[Link]:
    """Links to the feeds `page` declares or links (no guessed paths, no blog indexes)."""
    doc = Document(page, ExtractionContext(homepage=_origin(page.url) + "/"))
    return _feed_links(_dedupe_refs([*_declared(doc), *_linked(doc)]))


def blog_indexes(doc: Document) -> list[str]:
    """Same-site links whose text or path names a blog/news section, in page order."""
    found: dict[str, None] = {}
    for anchor in doc.root.iter("a"):
        url = doc.absolute(anchor.get("href"))
        if url and related_site(url, doc.context.homepage):
            index = blog_index_url(url, doc.text(anchor))
            if index and index != canonicalise(doc.page.url):
                found.setdefault(index, None)
    return list(found)


def is_post_sitemap(url: str) -> bool:
    """Sitemaps of posts by their names: post-sitemap.xml, sitemap-posts.xml, sitemap_blogs_1.xml.

    WordPress core names every post type's sitemap wp-sitemap-posts-<type>-N.xml: only the
    'post' type is the blog.
    """
    tail = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    if tail.startswith("wp-sitemap-posts-"):
        return tail.startswith("wp-sitemap-posts-post-")
    return any(word in tail for word in ("post", "blog", "news", "article", "journal"))


def _declared(doc: Document) -> list[FeedRef]:
    refs = []
    for element in doc.root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        media_type = (element.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and media_type in FEED_TYPES:
            url = doc.absolute(element.get("href"))
            if url and (canonical := canonicalise(url)):
                refs.append(_ref(canonical, (element.get("title") or "").strip() or None))
    return refs


def _linked(doc: Document) -> list[FeedRef]:
    """`<a>` links to feeds: feed-shaped same-site paths and feed hosting services."""
    refs = []
    for anchor in doc.root.iter("a"):
        url = doc.absolute(anchor.get("href"))
        canonical = canonicalise(url) if url else None
        if canonical and _is_feed_link(canonical, doc.context.homepage):
            refs.append(_ref(canonical, doc.text(anchor) or None))
    return refs


def _is_feed_link(url: str, homepage: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host in _FEED_HOSTS:
        return True
    return related_site(url, homepage) and bool(_FEED_HREF.search(url))


def _ref(url: str, title: str | None) -> FeedRef:
    if _COMMENTS.search(url) or (title and _COMMENTS.search(title)):
        return FeedRef(url=url, kind=FeedKind.COMMENTS, title=title, main=False)
    return FeedRef(url=url, kind=FeedKind.POSTS, title=title, main=not _PARTIAL.search(url))


def _dedupe_refs(refs: list[FeedRef]) -> list[FeedRef]:
    """One ref per URL, the declared one (first) kept."""
    found: dict[str, FeedRef] = {}
    for ref in refs:
        found.setdefault(ref.url, ref)
    return list(found.values())


def _feed_links(refs: list[FeedRef]) -> list[Link]:
    """Site-wide posts feeds, else the partial ones; comments feeds are not followed."""
    posts = [r for r in refs if r.kind is FeedKind.POSTS]
    chosen = [r for r in posts if r.main] or posts
    return [Link(url=r.url, kind=PageKind.FEED.value, priority=FEED_PRIORITY) for r in chosen]


def _candidate_links(doc: Document, indexes: list[str]) -> list[Link]:
    """Feed URLs to try on a site that declares none, the platform's own first."""
    origin = _origin(doc.page.url)
    paths = _platform_paths(doc, indexes)
    if not paths and indexes:  # unknown platform: the usual paths, at the root and the blog
        paths = list(COMMON_FEED_PATHS)
        for index in indexes[:_MAX_BLOG_INDEXES]:
            paths += [index.rstrip("/") + "/feed", with_query(index, format="rss")]
    urls = [origin + p if p.startswith("/") else p for p in paths]
    unique = dict.fromkeys(c for u in urls if (c := canonicalise(u)))
    kind = PageKind.FEED_CANDIDATE.value
    return [Link(url=u, kind=kind, priority=CANDIDATE_PRIORITY) for u in unique]


def _platform_paths(doc: Document, indexes: list[str]) -> list[str]:
    """Feed paths of a recognised blog platform; [] when the platform is unknown."""
    if detect_platform(doc) == SHOPIFY:
        blogs = [i.rstrip("/") + ".atom" for i in indexes if "/blogs/" in i]
        return blogs or ["/blogs/news.atom"]
    generator = doc.meta.get("generator", "").lower()
    if "wordpress" in generator or doc.mentions(b"/wp-content/", b"/wp-includes/"):
        return ["/feed/"]
    if generator.startswith("ghost"):
        return ["/rss/"]
    if "blogger" in generator:
        return ["/feeds/posts/default"]
    return []


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
