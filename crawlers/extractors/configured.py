"""Per-site CSS hints from config (`css` = element text, `css@attr` = attribute value)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from cssselect import SelectorError
from lxml import etree
from parsel.csstranslator import css2xpath

from crawlers.extractors.availability import availability_from_text, normalise_availability
from crawlers.extractors.document import Document, text_of
from crawlers.extractors.fields import ProductFields
from crawlers.extractors.prices import ParsedPrice, clean_text, parse_price_text

log = logging.getLogger(__name__)

_ATTRIBUTE = re.compile(r"^(?P<css>.+)@(?P<attr>[A-Za-z_:][-\w:.]*)$", re.DOTALL)


def select_values(doc: Document, spec: str | None) -> list[str]:
    """Values `spec` selects: attribute values for `css@attr`, else the elements' visible text."""
    if not spec or not spec.strip():
        return []
    match = _ATTRIBUTE.match(spec.strip())
    css, attr = (match["css"], match["attr"]) if match else (spec.strip(), None)
    elements = _select(doc, css)
    if attr is None:
        values = [text_of(el) for el in elements]
    else:
        values = [clean_text(el.get(attr) or "") for el in elements]
    return [v for v in values if v]


def select_elements(doc: Document, spec: str | None) -> list[etree._Element]:
    """Elements the CSS part of `spec` selects ([] for a missing or invalid selector)."""
    if not spec or not spec.strip():
        return []
    match = _ATTRIBUTE.match(spec.strip())
    return _select(doc, match["css"] if match else spec.strip())


def fields_from_selectors(doc: Document) -> ProductFields:
    """Product fields from the configured selectors; empty when none are configured or match."""
    selectors = doc.context.selectors
    part = ProductFields(source="selectors")
    part.name = next(iter(select_values(doc, selectors.name)), None)
    part.sku = next(iter(select_values(doc, selectors.sku)), None)
    currency_text = next(iter(select_values(doc, selectors.currency)), None)
    price = _first_price(select_values(doc, selectors.price))
    if price is not None:
        part.price, part.price_raw = price.amount, price.raw
        part.currency = doc.currency(currency_text or price.symbol)
    regular = _first_price(select_values(doc, selectors.regular_price))
    part.regular_price = regular.amount if regular else None
    _availability(part, select_values(doc, selectors.availability))
    return part


def _first_price(values: list[str]) -> ParsedPrice | None:
    for value in values:
        parsed = parse_price_text(value)
        if parsed is not None:
            return parsed
    return None


def _availability(part: ProductFields, values: list[str]) -> None:
    for value in values:
        state = normalise_availability(value) or availability_from_text(value)
        if state is not None:
            part.availability, part.availability_raw = state, value
            return


def _select(doc: Document, css: str) -> list[etree._Element]:
    try:
        found = _compiled(css)(doc.root)
    except (SelectorError, ValueError, etree.XPathError) as exc:
        log.warning("invalid selector %r: %s", css, exc)
        return []
    return [el for el in found if isinstance(el, etree._Element)]  # type: ignore[union-attr]


@lru_cache(maxsize=256)  # the same few configured selectors run on every page of a site
def _compiled(css: str) -> etree.XPath:
    """Translate like parsel's `.css()` (pseudo-elements included), compile once."""
    return etree.XPath(css2xpath(css))
