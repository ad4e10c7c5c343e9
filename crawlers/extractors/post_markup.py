"""What a post's own markup says beyond structured data: <time> dates and the byline.

Blog themes mark the post's dates with `<time datetime>` (classed published/entry-date and
updated), `itemprop=datePublished/dateModified` or Blogger's `<abbr class="published"
title>`; they carry the time zone that htmldate's day-precision output drops. Bylines are the
`rel=author` link or an `author`-classed name. Both are read inside the article element (else
the main content), never inside comments or sidebars.
"""

from __future__ import annotations

import re

from lxml import etree

from crawlers.extractors.article_zone import around_article, main_scope
from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.zones import in_zone

_MODIFIED = marks_matcher(re.compile(r"updated|modified|date-?modified|last-?edit"))
_PUBLISHED = marks_matcher(
    re.compile(
        r"published|entry-date|post-date|date-?published|pubdate|"
        r"(?<![a-z])(date|datum|fecha|data|datetime)(?![a-z])"
    )
)
_OFF_POST = marks_matcher(
    re.compile(
        r"(?<![\w-])comments?(?![\w-])|comment-(body|list|content|meta)|commentlist|sidebar|"
        r"widget|related|recent|popular|(?<![a-z])menu|navigation"
    )
)
_AUTHOR_NAME = marks_matcher(
    re.compile(r"(?<![a-z])(author|autor|auteur|autore|auteur|byline)(?![a-z])|author-name|fn")
)
_BYLINE_WORDS = re.compile(
    r"^(?:written by|posted by|publié par|geschrieben von|escrito por|scritto da|"
    r"by|par|von|por|di|da|door|av|af|przez|от|автор|autor|auteur|author)\s*:?\s+",
    re.IGNORECASE,
)
_MAX_NAME = 60
_MAX_DATE_TEXT = 40
_DATED_TAGS = ("time", "abbr", "meta", "span", "div", "p", "small", "li")


def markup_dates(doc: Document, body: etree._Element | None) -> tuple[str | None, str | None]:
    """(published, modified) date texts of the post's dated elements, None when absent.

    The article element is read first, then the main content around it; a value is a
    `datetime`/`content`/`title` attribute, else the short text of a date-classed element.
    """
    scope = main_scope(doc, body)
    zones = [body, scope] if body is not None and body is not scope else [scope]
    published = modified = None
    for zone in zones:
        for element in zone.iter(*_DATED_TAGS):
            value = _date_value(doc, element)
            if not value or _off_post(doc, element, body):
                continue
            marks = doc.marks(element)
            if _MODIFIED(marks):
                modified = modified or value
            elif published is None and (element.tag == "time" or _PUBLISHED(marks)):
                published = value
        if published:
            break
    return published, modified


def byline(doc: Document, body: etree._Element | None) -> tuple[str, ...]:
    """Author names from the post's byline (rel=author links, author-classed names)."""
    scope = body if body is not None else main_scope(doc, body)
    links = [a for a in scope.iter("a") if "author" in (a.get("rel") or "").lower().split()]
    elements = links or [e for e in scope.iter() if _is_author_name(doc, e)]
    names = (clean_author(doc.text(e)) for e in elements if not _off_post(doc, e, body))
    return tuple(dict.fromkeys(n for n in names if n))


def clean_author(name: str) -> str | None:
    """A byline without its lead-in ('By Jane Doe', 'Par Claire Martin'); None when no name."""
    name = _BYLINE_WORDS.sub("", " ".join(name.split())).strip(" ,;|·")
    return name if 1 < len(name) <= _MAX_NAME and not name.startswith("http") else None


def _date_value(doc: Document, element: etree._Element) -> str | None:
    if element.tag == "time" or element.get("datetime"):
        return element.get("datetime") or doc.short_text(element, _MAX_DATE_TEXT)
    if element.get("itemprop") and element.get("content"):
        return element.get("content")
    if element.tag == "abbr" and element.get("title"):
        return element.get("title")
    if len(element) == 0 and (_PUBLISHED(doc.marks(element)) or _MODIFIED(doc.marks(element))):
        return doc.short_text(element, _MAX_DATE_TEXT)
    return None


def _is_author_name(doc: Document, element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or len(element) > 1 or not _AUTHOR_NAME(doc.marks(element)):
        return False
    return 0 < len(doc.text(element)) <= _MAX_NAME


def _off_post(doc: Document, element: etree._Element, body: etree._Element | None) -> bool:
    """Inside comments, sidebars or menus (the article and its containers are never off)."""
    protected = around_article(body)
    if element in protected:
        return False
    return in_zone(
        doc, element, "off_post", lambda d, e: e not in protected and _OFF_POST(d.marks(e))
    )
