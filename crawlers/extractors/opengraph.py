"""Product fields from OpenGraph / Facebook catalog meta tags (product:price:amount and kin)."""

from __future__ import annotations

from crawlers.extractors.availability import normalise_availability
from crawlers.extractors.document import Document
from crawlers.extractors.fields import ProductFields
from crawlers.extractors.prices import ParsedPrice, parse_price_value
from crawlers.extractors.urls import canonicalise, same_site

_AMOUNT = ("product:price:amount", "og:price:amount", "product:price")
_SALE = ("product:sale_price:amount", "og:sale_price:amount")
_CURRENCY = ("product:price:currency", "og:price:currency", "product:sale_price:currency")
_AVAILABILITY = ("product:availability", "og:availability")


def fields_from_opengraph(doc: Document) -> ProductFields:
    """Price (sale price when given, the listed price then being the regular one), SKU, brand."""
    og = doc.structured.opengraph
    part = ProductFields(source="opengraph")
    listed = _price(og, _AMOUNT)
    sale = _price(og, _SALE)
    current = sale or listed
    if current is not None:
        part.price, part.price_raw = current.amount, current.raw
        part.currency = doc.currency(_first(og, _CURRENCY) or current.symbol)
        part.regular_price = listed.amount if sale and listed else None
    raw_availability = _first(og, _AVAILABILITY)
    part.availability = normalise_availability(raw_availability)
    part.availability_raw = raw_availability if part.availability else None
    part.sku = _first(og, ("product:retailer_item_id", "product:sku"))
    part.brand = _first(og, ("product:brand", "og:brand"))
    part.gtin = _first(og, ("product:gtin", "product:ean", "product:upc", "product:isbn"))
    part.canonical_url = _url(og.get("og:url"), doc) if "product" in og.get("og:type", "") else None
    return part


def _price(og: dict[str, str], keys: tuple[str, ...]) -> ParsedPrice | None:
    return parse_price_value(_first(og, keys))


def _first(og: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((og[k] for k in keys if og.get(k)), None)


def _url(value: str | None, doc: Document) -> str | None:
    url = canonicalise(doc.absolute(value) or "") if value else None
    return url if url and same_site(url, doc.context.homepage) else None
