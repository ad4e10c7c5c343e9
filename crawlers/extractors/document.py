"""A fetched page parsed once, so every sub-extractor reads the same tree (cheap per page).

Extraction runs on the crawl's reactor thread, so the tree is walked as few times as possible:
the elements carrying class/id/itemprop are collected once (`marked`), and per-element facts
(text, marks, document position) are memoised for the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from w3lib.html import strip_html5_whitespace

from crawlers.extractors.base import ExtractionContext
from crawlers.extractors.currency import resolve_currency
from crawlers.extractors.prices import clean_text
from crawlers.page import FetchedPage

if TYPE_CHECKING:
    from crawlers.extractors.structured import StructuredData

T = TypeVar("T")
_NETWORK_PATH = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# Elements classed, id'd or itemprop'd inside <body>: what the class-based heuristics read.
_MARKED = etree.XPath("/html/body/descendant::*[@class or @id or @itemprop]")
# lxml.html's own lookup calls into Python for every element proxy; a C-level default lookup
# gives the same HtmlElement class (needed by extruct's cleaner) at a fraction of the cost.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


class Document:
    """The page, its context and one shared lxml tree with lazily computed facts."""

    def __init__(self, page: FetchedPage, context: ExtractionContext) -> None:
        self.page = page
        self.context = context
        self.source = _decode(page)
        self._utf8 = self.source.strip().encode("utf-8", "replace") or b"<html/>"
        self.root: etree._Element = _parse(self._utf8, page.url)
        self._memo: dict[str, Any] = {}
        self._texts: dict[etree._Element, str] = {}
        self._positions: dict[etree._Element, tuple[int, ...]] = {}

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against (`<base href>` when present)."""
        element = next(self.root.iterfind(".//head/base[@href]"), None)
        base = element.get("href") if element is not None else None
        try:
            return urljoin(self.page.url, strip_html5_whitespace(base)) if base else self.page.url
        except ValueError:
            return self.page.url

    @cached_property
    def _origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @cached_property
    def _scheme(self) -> str:
        return f"{urlsplit(self.base_url).scheme}:"

    @cached_property
    def host(self) -> str:
        """The page's host name, lower-cased."""
        return (urlsplit(self.page.url).hostname or "").lower()

    @cached_property
    def lang(self) -> str | None:
        """`<html lang>`, else the declared content language."""
        declared = self.root.get("lang") or self.root.get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        meta = self.meta.get("content-language")
        header = self.page.headers.get("content-language", "").split(",")[0]
        for value in (declared, meta, header):
            if value and value.strip():
                return value.strip()
        return None

    @cached_property
    def meta(self) -> dict[str, str]:
        """`<meta>` contents by lower-cased property, name, http-equiv or itemprop (first wins)."""
        found: dict[str, str] = {}
        for el in self.root.iter("meta"):
            key = el.get("property") or el.get("name") or el.get("http-equiv") or el.get("itemprop")
            content = el.get("content")
            if key and content is not None:
                found.setdefault(key.strip().lower(), content.strip())
        return found

    @cached_property
    def h1(self) -> etree._Element | None:
        """The first H1 with visible text."""
        return next((h for h in self.root.iter("h1") if self.text(h)), None)

    @cached_property
    def marked(self) -> dict[etree._Element, str]:
        """Elements in <body> with a class, id or itemprop, in document order, with their marks."""
        return {el: class_and_id(el) for el in _MARKED(self.root)}

    @cached_property
    def lowered(self) -> bytes:
        """The parsed source as ASCII-lower-cased UTF-8, for cheap 'could the page have X' tests."""
        return self._utf8.lower()

    def mentions(self, *markers: bytes) -> bool:
        """Tell whether any lower-case ASCII marker occurs in the source, in any case."""
        return any(marker in self.lowered for marker in markers)

    def contains(self, *markers: bytes) -> bool:
        """Tell whether any ASCII marker occurs in the source exactly as given."""
        return any(marker in self._utf8 for marker in markers)

    def marks(self, element: etree._Element) -> str:
        """`class_and_id(element)`, read from `marked` when the element is there."""
        marks = self.marked.get(element)
        return class_and_id(element) if marks is None else marks

    def text(self, element: etree._Element | None) -> str:
        """`text_of(element)`, memoised for the page (price blocks are read many times)."""
        if element is None:
            return ""
        text = self._texts.get(element)
        if text is None:
            text = self._texts[element] = text_of(element)
        return text

    def short_text(self, element: etree._Element, limit: int) -> str | None:
        """`text(element)` when it is at most `limit` characters long, else None.

        Stops reading as soon as the text is too long: price and stock checks look at
        containers that may hold half the page.
        """
        text = self._texts.get(element)
        if text is None:
            text = _bounded_text(element, limit)
            if text is None:
                return None
            self._texts[element] = text
        return text if len(text) <= limit else None

    def position(self, element: etree._Element) -> tuple[int, ...]:
        """Child indexes from the root: sorting by them is sorting in document order."""
        found = self._positions.get(element)
        if found is None:
            path = []
            node, parent = element, element.getparent()
            while parent is not None:
                path.append(parent.index(node))
                node, parent = parent, parent.getparent()
            found = self._positions[element] = tuple(reversed(path))
        return found

    @cached_property
    def structured(self) -> StructuredData:
        """JSON-LD, microdata, RDFa and OpenGraph found on the page."""
        from crawlers.extractors.structured import read_structured

        return read_structured(self)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per page: sub-extractors share derived facts (price elements...)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def absolute(self, href: str | None) -> str | None:
        """`href` resolved against the page, None for empty values."""
        cleaned = strip_html5_whitespace(href or "")
        if not cleaned:
            return None
        if (
            cleaned[:1] == "/"
            and cleaned[1:2] != "/"
            and "/." not in cleaned
            and "\\" not in cleaned
        ):
            return self._origin + cleaned  # the common case, without urljoin's cost
        # With a host in the reference only the base's scheme matters: cacheable across pages.
        return _join(self._scheme if _NETWORK_PATH.match(cleaned) else self.base_url, cleaned)

    def currency(self, symbol: str | None) -> str | None:
        """Resolve a currency symbol written on this page to its ISO code."""
        return resolve_currency(
            symbol, lang=self.lang, host=self.host, hint=self.context.currency_hint
        )


@lru_cache(maxsize=16384)
def _join(base: str, reference: str) -> str | None:
    try:
        return urljoin(base, reference)
    except ValueError:  # malformed URLs such as 'http://[::1'
        return None


def text_of(element: etree._Element | None) -> str:
    """Return the visible text under `element`, whitespace collapsed ('' for None)."""
    if element is None:
        return ""
    return clean_text(" ".join(_visible_text(element)))


def _bounded_text(element: etree._Element, limit: int) -> str | None:
    """`text_of(element)`, or None as soon as it is known to exceed `limit` characters.

    The cleaned text of a prefix of the pieces is a prefix of the cleaned whole, so a too
    long prefix settles it; cleaning is redone only when the raw text has doubled.
    """
    pieces: list[str] = []
    raw, check_at = 0, limit
    for piece in _visible_text(element):
        pieces.append(piece)
        raw += len(piece) + 1
        if raw > check_at:
            if len(clean_text(" ".join(pieces))) > limit:
                return None
            check_at = raw * 2
    return clean_text(" ".join(pieces))


def _visible_text(root: etree._Element) -> Iterable[str]:
    """Text and tails in document order, skipping invisible subtrees; iterative for deep trees."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, is_tail = stack.pop()
        if is_tail:
            if element.tail:
                yield element.tail
            continue
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
            continue
        if element.text:
            yield element.text
        for child in reversed(element):
            stack.append((child, True))
            stack.append((child, False))


def class_and_id(element: etree._Element) -> str:
    """Return class, id and itemprop lower-cased, camelCase split ('oldPrice' → 'old-price')."""
    return _marks(
        f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"
    )


def marks_matcher(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """`pattern.search(marks)` as a cached bool: class strings repeat across elements and pages."""

    @lru_cache(maxsize=16384)
    def matches(marks: str) -> bool:
        return pattern.search(marks) is not None

    return matches


@lru_cache(maxsize=16384)  # class strings repeat across elements and pages
def _marks(raw: str) -> str:
    return _CAMEL.sub(r"-\1", raw).lower()


def _parse(body: bytes, url: str) -> etree._Element:
    """Parse like parsel does (recovering, huge trees allowed), with the C-level class lookup."""
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    parser.set_element_class_lookup(_LOOKUP)
    try:
        root = etree.fromstring(body, parser=parser, base_url=url)
    except etree.XMLSyntaxError:
        root = None
    return root if root is not None else etree.fromstring(b"<html/>", parser=parser, base_url=url)


def _decode(page: FetchedPage) -> str:
    try:
        text = page.text
    except (LookupError, ValueError):
        text = page.body.decode("utf-8", errors="replace")
    return text.replace("\x00", "")
