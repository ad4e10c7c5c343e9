"""A post page to a Post: title, dates, authors, language, word count and popularity.

Each field takes the most exact source the page has. Dates: the article's structured data
(JSON-LD, microdata), the `article:published_time`-style meta tags, the post's `<time
datetime>` elements (all three carry a time zone), then htmldate (the original publication
date from the markup, the URL and the text; day precision, taken as midnight UTC). Titles and
authors: structured data, meta tags, the byline, then trafilatura's metadata. The word count
comes from trafilatura's main-text extraction (no comments, menus or boilerplate). Counters:
see popularity.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from crawlers.extractors.article_data import author_names, main_article, text_value
from crawlers.extractors.article_zone import article_element
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.content_dates import parse_date
from crawlers.extractors.content_text import language_tag, word_count
from crawlers.extractors.count_words import counters_in
from crawlers.extractors.document import Document
from crawlers.extractors.popularity import read_popularity
from crawlers.extractors.post_markup import byline, clean_author, markup_dates
from crawlers.extractors.structured import Node
from crawlers.extractors.urls import canonicalise, same_site
from crawlers.items import PageFailure, Post, PostSource
from crawlers.page import FetchedPage

log = logging.getLogger(__name__)

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
)
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
_COMMENT_WORDS = ("comment", "coment", "komment", "koment", "reacties", "reactie", "respond")
COMMENT_SECTIONS = (
    "//*["
    + " or ".join(
        f"starts-with(@id, '{w}') or contains(concat(' ', normalize-space(@class)), ' {w}')"
        for w in _COMMENT_WORDS
    )
    + "]"
)
"""Comment sections in several languages, pruned before trafilatura reads the text: its own
comment detection knows English names ('comments') but not 'reacties' or 'kommentare'."""
_MAX_FURNITURE = 80
_POST_COMMENTS_FEED = re.compile(r"/feeds/\d+/comments/")


def extract_post(page: FetchedPage, context: ExtractionContext | None = None) -> Extraction:
    """The post on `page`, or a PageFailure when the page holds no article at all."""
    homepage = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}/"
    doc = Document(page, context or ExtractionContext(homepage=homepage))
    post = read_post(doc)
    if post is not None:
        return Extraction(items=[post])
    failure = PageFailure(
        url=page.url,
        kind=PageKind.POST.value,
        status="parse_error",
        reason="no article found (no title and no main text)",
        http_status=page.status,
    )
    return Extraction(items=[failure])


def read_post(doc: Document) -> Post | None:
    """The Post `doc` shows; None when it has neither a title nor a main text."""
    url = post_url(doc)
    article = main_article(doc, {url, canonicalise(doc.page.url) or url})
    extracted = _main_text(doc)
    title = _title(doc, article, extracted)
    text = getattr(extracted, "text", None) or ""
    if not title and not text:
        return None
    language = _language(doc, article)
    body = article_element(doc, title)
    marked = markup_dates(doc, body)
    published = _published(doc, article, marked[0], extracted, language)
    popularity = read_popularity(doc, article, body)
    authors = _authors(doc, article, body, extracted)
    return Post(
        url=url,
        title=title,
        published=published,
        modified=_modified(doc, article, marked[1], language, published),
        authors=authors,
        language=language,
        word_count=_words(text, title, authors) if text else _schema_words(article),
        comments=popularity.comments,
        views=popularity.views,
        shares=popularity.shares,
        likes=popularity.likes,
        source=PostSource.PAGE,
        comments_feed=_comments_feed(doc, url),
    )


def post_url(doc: Document) -> str:
    """The page's rel=canonical when it is a same-site page (not the homepage), else its URL."""
    own = canonicalise(doc.page.url) or doc.page.url
    for link in doc.root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = doc.absolute(link.get("href"))
            canonical = canonicalise(found) if found else None
            if canonical and same_site(canonical, own) and _not_root_for(canonical, own):
                return canonical
            break
    return own


def _not_root_for(canonical: str, own: str) -> bool:
    """A canonical pointing at the homepage from a deeper page is a site misconfiguration."""
    return urlsplit(canonical).path.strip("/") != "" or urlsplit(own).path.strip("/") == ""


def _main_text(doc: Document) -> Any:
    """The trafilatura extraction (text and metadata); None when it finds nothing or fails."""
    from trafilatura import bare_extraction

    params = {
        "original_date": True,
        "extensive_search": False,  # True hands free text to dateparser in every language: seconds
        "outputformat": _HTMLDATE_FORMAT,
        "max_date": doc.page.fetched_at.strftime("%Y-%m-%d"),
    }
    try:
        return bare_extraction(
            doc.source,
            url=doc.page.url,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,  # short posts otherwise fall back to text with the byline
            prune_xpath=COMMENT_SECTIONS,
            date_extraction_params=params,
        )
    except Exception as error:  # a parser bug on odd markup must not lose the page's other fields
        log.debug("trafilatura failed on %s: %s", doc.page.url, error)
        return None


def _title(doc: Document, article: Node | None, extracted: Any) -> str | None:
    for value in (
        text_value(article, "headline", "name"),
        doc.meta.get("og:title"),
        getattr(extracted, "title", None),
        doc.text(doc.h1),
    ):
        if value and value.strip():
            return " ".join(value.split())
    return None


def _published(
    doc: Document, article: Node | None, marked: str | None, extracted: Any, language: str | None
) -> datetime | None:
    for value in (
        text_value(article, "datePublished", "dateCreated"),
        *(doc.meta.get(name) for name in PUBLISHED_META),
        marked,
        getattr(extracted, "date", None),
    ):
        if found := parse_date(value, language):
            return found
    return None


def _modified(
    doc: Document,
    article: Node | None,
    marked: str | None,
    language: str | None,
    published: datetime | None,
) -> datetime | None:
    """The stated modification time, kept only when later than the publication."""
    meta = (doc.meta.get(n) for n in MODIFIED_META)
    values = (text_value(article, "dateModified"), *meta, marked)
    found = next((d for v in values if (d := parse_date(v, language))), None)
    if found is not None:
        return found if published is None or found > published else None
    found = _htmldate_modified(doc)  # a day, in the site's time zone: only a later day counts
    if found is None or (published is not None and found.date() <= published.date()):
        return None
    return found


def _htmldate_modified(doc: Document) -> datetime | None:
    """The latest date htmldate finds in the markup only (free text holds comment dates)."""
    from htmldate import find_date

    try:
        found = find_date(
            doc.source,
            extensive_search=False,
            original_date=False,
            outputformat=_HTMLDATE_FORMAT,
            url=doc.page.url,
            max_date=doc.page.fetched_at.strftime("%Y-%m-%d"),
        )
    except Exception as error:  # as for trafilatura: never lose the page for a date
        log.debug("htmldate failed on %s: %s", doc.page.url, error)
        return None
    return parse_date(found)


def _authors(
    doc: Document, article: Node | None, body: etree._Element | None, extracted: Any
) -> tuple[str, ...]:
    """Structured data, the author meta tag, the byline, then trafilatura's guess."""
    names = author_names(article)
    if names:
        return names
    meta = clean_author(doc.meta.get("author") or doc.meta.get("article:author") or "")
    if meta:
        return (meta,)
    found = byline(doc, body) or (getattr(extracted, "author", None) or "").split(";")
    return tuple(dict.fromkeys(n for n in map(clean_author, found) if n))


def _language(doc: Document, article: Node | None) -> str | None:
    return language_tag(doc.lang or doc.meta.get("og:locale") or text_value(article, "inLanguage"))


def _words(text: str, title: str | None, authors: tuple[str, ...]) -> int:
    """Words of the post's body: trafilatura keeps the headline, byline and counter line of
    short posts whose body is not marked apart; they are not the post's text.
    """
    lines = [line for line in text.splitlines() if not _furniture(line, title, authors)]
    return word_count(" ".join(lines))


def _furniture(line: str, title: str | None, authors: tuple[str, ...]) -> bool:
    line = line.strip()
    if len(line) > _MAX_FURNITURE:
        return False
    return line == title or clean_author(line) in authors or bool(counters_in(line))


def _schema_words(article: Node | None) -> int | None:
    value = text_value(article, "wordCount")
    return int(value) if value and value.isdigit() else None


def _comments_feed(doc: Document, url: str) -> str | None:
    """The post's own comments feed as declared: WordPress's <post>/feed/, Blogger's
    /feeds/<post id>/comments/default.
    """
    own = url.rstrip("/")
    for link in doc.root.iter("link"):
        href = doc.absolute(link.get("href")) if "alternate" in (link.get("rel") or "") else None
        canonical = canonicalise(href) if href else None
        if canonical and (
            canonical.rstrip("/") in (f"{own}/feed", f"{own}/comments/feed")
            or _POST_COMMENTS_FEED.search(canonical)
        ):
            return canonical
    return None
