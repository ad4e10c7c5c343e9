"""A fetched page parsed once, so every sub-extractor reads the same tree (cheap per page)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from w3lib.html import strip_html5_whitespace

from crawlers.extractors.base import ExtractionContext
from crawlers.extractors.currency import resolve_currency
from crawlers.extractors.prices import clean_text
from crawlers.page import FetchedPage

if TYPE_CHECKING:
    from crawlers.extractors.structured import StructuredData

T = TypeVar("T")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class Document:
    """The page, its context and one shared parsel/lxml tree with lazily computed facts."""

    def __init__(self, page: FetchedPage, context: ExtractionContext) -> None:
        self.page = page
        self.context = context
        self.source = _decode(page)
        self.selector = Selector(text=self.source or "<html></html>", base_url=page.url)
        self.root = self.selector.root
        self._memo: dict[str, Any] = {}

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against (`<base href>` when present)."""
        base = self.root.xpath("string(//head/base/@href)")
        try:
            return urljoin(self.page.url, strip_html5_whitespace(base)) if base else self.page.url
        except ValueError:
            return self.page.url

    @cached_property
    def _origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

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
        return next((h for h in self.root.iter("h1") if text_of(h)), None)

    @cached_property
    def order(self) -> dict[etree._Element, int]:
        """Document position of every element, for 'nearest to the H1' decisions."""
        return {el: i for i, el in enumerate(self.root.iter())}

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
        try:
            return urljoin(self.base_url, cleaned)
        except ValueError:  # malformed URLs such as 'http://[::1'
            return None

    def currency(self, symbol: str | None) -> str | None:
        """Resolve a currency symbol written on this page to its ISO code."""
        return resolve_currency(
            symbol, lang=self.lang, host=self.host, hint=self.context.currency_hint
        )


def text_of(element: etree._Element | None) -> str:
    """Return the visible text under `element`, whitespace collapsed ('' for None)."""
    if element is None:
        return ""
    return clean_text(" ".join(_visible_text(element)))


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


@lru_cache(maxsize=16384)  # class strings repeat across elements and pages
def _marks(raw: str) -> str:
    return _CAMEL.sub(r"-\1", raw).lower()


def _decode(page: FetchedPage) -> str:
    try:
        text = page.text
    except (LookupError, ValueError):
        text = page.body.decode("utf-8", errors="replace")
    return text.replace("\x00", "")
