"""Visible stock wording and SKU, for pages whose structured data does not state them."""

from __future__ import annotations

import re
from itertools import chain

from lxml import etree

from crawlers.extractors.availability import availability_from_text
from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.zones import (
    NOT_CONTENT,
    after_h1,
    in_excluded_zone,
    nearest_to_h1,
    small_text,
)
from crawlers.items import Availability

_STOCK_CLASS = re.compile(
    r"stock|avail|lager|verfueg|verfüg|nalich|dispon|lieferbar|delivery-status"
)
_MAX_STOCK_TEXT = 120
_MAX_SKU = 80
_SKU_ITEMPROP = etree.XPath("//*[@itemprop='sku']")
_MAY_HAVE_SKU_ITEMPROP = re.compile(rb"itemprop\s*=\s*[\"']?\s*sku")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


def visible_availability(doc: Document) -> tuple[Availability | None, str | None]:
    """(state, wording) from stock-classed elements, else from short texts right after the H1."""
    texts = (doc.short_text(el, _MAX_STOCK_TEXT) or "" for el in _stock_elements(doc))
    near_h1 = (small_text(doc, el) for el in after_h1(doc))
    for text in chain(texts, near_h1):
        state = availability_from_text(text) if len(text) <= _MAX_STOCK_TEXT else None
        if state is not None:
            return state, text
    return None, None


def visible_sku(doc: Document) -> str | None:
    """Read an itemprop=sku outside microdata items, or a one-word element classed 'sku'."""
    if not doc.mentions(b"sku"):
        return None
    if _MAY_HAVE_SKU_ITEMPROP.search(doc.lowered):
        for el in _SKU_ITEMPROP(doc.root):  # type: ignore[union-attr]
            value = (el.get("content") or doc.text(el)).strip()
            if value and len(value) < _MAX_SKU:
                return value
    for el, marks in doc.marked.items():
        if "sku" in marks and _classed_sku(el):
            value = doc.text(el)
            if _one_word(value) and not in_excluded_zone(doc, el):
                return value
    return None


def _one_word(value: str) -> bool:
    return bool(value) and " " not in value and len(value) < _MAX_SKU


def _stock_elements(doc: Document) -> list[etree._Element]:
    """Innermost stock/availability-classed elements, nearest to the H1 first."""
    found = [
        el
        for el, marks in doc.marked.items()
        if _is_stock_class(marks) and el.tag not in NOT_CONTENT and not in_excluded_zone(doc, el)
    ]
    outer = {ancestor for el in found for ancestor in el.iterancestors()}
    return nearest_to_h1(doc, [el for el in found if el not in outer])


def _classed_sku(element: etree._Element) -> bool:
    """`sku` is one of the element's classes (exactly, as a CSS `.sku` selector matches)."""
    return "sku" in _XML_SPACE.split(element.get("class") or "")


_is_stock_class = marks_matcher(_STOCK_CLASS)
