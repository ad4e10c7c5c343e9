"""Where a post sits on its page: its article element, the main content around it.

Counters, dates and bylines are read there and not in sidebars or comments. The article is
the <article> holding the H1, else the container of the heading that repeats the post's title
(Blogger's div.post, Bitrix's div.news-detail), else the first <article> that is no comment.
Containers around the article are never 'off' the post, whatever their class says: Blogger
wraps the whole blog column in a 'widget' and some themes call their main column 'sidebar'.
"""

from __future__ import annotations

import re

from lxml import etree

from crawlers.extractors.document import Document, marks_matcher

_POST_CONTAINER = marks_matcher(
    re.compile(
        r"(?<![\w-])(post|entry|hentry|article|blog-?post|news-?(detail|single|item|article)|"
        r"article-?(body|detail|full)|post-?(body|detail|single|full|content))(?![\w-])"
    )
)
_HEADINGS = ("h1", "h2", "h3")


def article_element(doc: Document, title: str | None) -> etree._Element | None:
    """The element holding the post (see the module docstring), None when none is marked."""
    if doc.h1 is not None:
        found = next(doc.h1.iterancestors("article"), None)
        if found is not None:
            return found
    heading = _title_heading(doc, title)
    if heading is not None:
        found = next((a for a in heading.iterancestors() if _is_post_container(doc, a)), None)
        if found is not None:
            return found
    return next((a for a in doc.root.iter("article") if "comment" not in doc.marks(a)), None)


def main_scope(doc: Document, body: etree._Element | None) -> etree._Element:
    """The page's main content: <main> or role=main around the article, else <body>."""
    if body is not None:
        around = next((a for a in body.iterancestors() if _is_main(a)), None)
    else:
        around = next((e for e in doc.root.iter("main", "div", "section") if _is_main(e)), None)
    if around is not None:
        return around
    found = doc.root.find(".//body")
    return found if found is not None else doc.root


def around_article(body: etree._Element | None) -> frozenset[etree._Element]:
    """The article element and its ancestors: never a skipped zone."""
    return frozenset() if body is None else frozenset([body, *body.iterancestors()])


def _title_heading(doc: Document, title: str | None) -> etree._Element | None:
    if not title:
        return None
    wanted = " ".join(title.split()).casefold()
    for heading in doc.root.iter(*_HEADINGS):
        if doc.text(heading).casefold() == wanted:
            return heading
    return None


def _is_post_container(doc: Document, element: etree._Element) -> bool:
    return element.tag == "article" or _POST_CONTAINER(doc.marks(element))


def _is_main(element: etree._Element) -> bool:
    return element.tag == "main" or element.get("role") == "main"
