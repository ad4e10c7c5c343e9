"""The posts a blog index page lists, and its further pages (for sites whose feeds hold few posts).

Post links come from structured data (Blog.blogPost, ItemList) and from post cards: <article>
elements and containers classed as posts/entries, whose heading link (else first link) is the
post. Sidebars, widgets and menus are skipped, and so are links to categories, tags, authors
and feeds. Further pages: rel=next, 'older posts' links and page-numbered links of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml import etree

from crawlers.extractors.article_data import ARTICLE_TYPES
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.content_kinds import BLOG_INDEX_PRIORITY, POST_PRIORITY
from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.structured import as_list, types_of
from crawlers.extractors.urls import canonicalise, is_pagination, same_site
from crawlers.extractors.zones import in_zone
from crawlers.items import Link
from crawlers.page import FetchedPage

_CARD = marks_matcher(
    re.compile(
        r"(?<![\w-])(post|entry|hentry|article|blog-?post|news-?item|story|type-post)(?![\w-])|"
        r"(post|entry|article|blog|news|story)[-_](item|card|preview|teaser|summary|excerpt)"
    )
)
_OFF_CONTENT = marks_matcher(
    re.compile(r"sidebar|widget|related|recent|popular|trending|(?<![a-z])menu|navbar|footer")
)
_OLDER = marks_matcher(re.compile(r"(?<![a-z])(next|older|pager-older|load-more)(?![a-z])"))
_NOT_POST = re.compile(
    r"/(category|categories|tag|tags|tagged|author|authors|topics?|label|search|feed|rss|page|"
    r"kategorie|rubrique|categoria|etiqueta|autor|auteur)(/|$)|[?&](cat|tag|author|s)=|#",
    re.IGNORECASE,
)
_HEADINGS = ("h1", "h2", "h3", "h4")
_MAX_CARD_LINKS = 40


def index_links(page: FetchedPage, context: ExtractionContext | None = None) -> Extraction:
    """Links to the posts listed on a blog index page and to its further pages."""
    homepage = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}/"
    doc = Document(page, context or ExtractionContext(homepage=homepage))
    posts = [Link(url=u, kind=PageKind.POST.value, priority=POST_PRIORITY) for u in post_links(doc)]
    pages = [
        Link(url=u, kind=PageKind.BLOG_INDEX.value, priority=BLOG_INDEX_PRIORITY)
        for u in further_pages(doc)
    ]
    return Extraction(links=posts + pages)


def post_links(doc: Document) -> list[str]:
    """Canonical URLs of the posts the page lists, in page order, structured data first."""
    own = canonicalise(doc.page.url)
    found: dict[str, None] = {}
    for raw in [*_structured_posts(doc), *_card_links(doc)]:
        url = canonicalise(raw) if raw else None
        if url and url != own and _may_be_post(url, doc):
            found.setdefault(url, None)
    return list(found)


def further_pages(doc: Document) -> list[str]:
    """The index's other pages: rel=next, 'older posts' links, numbered pages of this index."""
    own = canonicalise(doc.page.url) or ""
    own_path = urlsplit(own).path.rstrip("/")
    found: dict[str, None] = {}
    for element in doc.root.iter("a", "link"):
        url = doc.absolute(element.get("href"))
        url = canonicalise(url) if url else None
        if not url or url == own or not same_site(url, own):
            continue
        rel = (element.get("rel") or "").lower().split()
        numbered = is_pagination(url) and urlsplit(url).path.startswith(own_path)
        if "next" in rel or numbered or (element.tag == "a" and _OLDER(doc.marks(element))):
            found.setdefault(url, None)
    return list(found)


def _structured_posts(doc: Document) -> Iterator[str]:
    for node in doc.structured.all_nodes():
        types = types_of(node)
        members = as_list(node.get("blogPost")) if "Blog" in types else []
        if "ItemList" in types:
            members += [
                m.get("item", m)
                for m in as_list(node.get("itemListElement"))
                if isinstance(m, dict)
            ]
        for member in members:
            url = member.get("url") or member.get("@id") if isinstance(member, dict) else member
            if isinstance(url, str) and (not isinstance(member, dict) or _articleish(member)):
                yield doc.absolute(url) or ""


def _articleish(node: dict[str, object]) -> bool:
    types = types_of(node)
    return not types or bool(types & ARTICLE_TYPES) or "ListItem" in types


def _card_links(doc: Document) -> Iterator[str]:
    cards = [e for e in doc.root.iter("article") if "comment" not in doc.marks(e)]
    cards += [e for e, marks in doc.marked.items() if _CARD(marks) and e.tag != "article"]
    for card in cards[: _MAX_CARD_LINKS * 2]:
        if in_zone(doc, card, "blog_off_content", _off_content):
            continue
        link = _card_link(doc, card)
        if link is not None:
            yield doc.absolute(link.get("href")) or ""


def _card_link(doc: Document, card: etree._Element) -> etree._Element | None:
    """The card's heading link, else its first link with text."""
    for heading in card.iter(*_HEADINGS):
        link = next(heading.iter("a"), None)
        if link is None and heading.getparent() is not None and heading.getparent().tag == "a":
            link = heading.getparent()
        if link is not None and link.get("href"):
            return link
    return next((a for a in card.iter("a") if a.get("href") and doc.text(a)), None)


def _off_content(doc: Document, element: etree._Element) -> bool:
    return element.tag in ("aside", "nav", "footer") or _OFF_CONTENT(doc.marks(element))


def _may_be_post(url: str, doc: Document) -> bool:
    return (
        same_site(url, doc.context.homepage)
        and not _NOT_POST.search(url)
        and not is_pagination(url)
    )
