"""A schema.org Product node (any syntax) to product fields: offers, variants, sale prices."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

from w3lib.html import remove_tags, remove_tags_with_content

from crawlers.extractors.availability import normalise_availability
from crawlers.extractors.currency import is_currency_code
from crawlers.extractors.document import Document
from crawlers.extractors.fields import ProductFields
from crawlers.extractors.prices import clean_text, parse_price_value
from crawlers.extractors.structured import Node, as_list, first, types_of
from crawlers.items import Availability

_REGULAR_TYPES = ("strikethroughprice", "listprice", "msrp", "regularprice", "originalprice")
_MAX_TEXT = 1000
_MAX_CODE = 100  # SKUs and GTINs longer than this are junk
_CODE_TAGS = ("script", "style")
_GTIN_KEYS = ("gtin", "gtin13", "gtin14", "gtin12", "gtin8", "ean", "isbn")


@dataclass(frozen=True, slots=True)
class _Offer:
    """One offer's price facts."""

    price: Decimal
    raw: str
    currency: str | None
    regular: Decimal | None
    availability: str | None


def fields_from_node(node: Node, source: str, doc: Document) -> ProductFields:
    """Product fields a schema.org Product/ProductGroup node states."""
    offers = _offers(node, doc)
    best = min(offers, key=lambda o: o.price) if offers else None
    part = ProductFields(
        source=source,
        name=text_value(node.get("name")),
        sku=text_value(node.get("sku"), _MAX_CODE)
        or _variant_sku(node)
        or _from_offers(node, "sku"),
        gtin=_gtin(node),
        brand=_brand(node.get("brand")),
        category=_category(node.get("category")),
        canonical_url=_url(node, doc),
    )
    if best is not None:
        part.price, part.price_raw, part.currency = best.price, best.raw, best.currency
        part.regular_price = best.regular
    _set_availability(part, node, best)
    return part


def text_value(value: object, max_length: int = _MAX_TEXT) -> str | None:
    """Clean a property value to plain text (first of a list, name of a thing, markup dropped)."""
    value = first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    for _ in range(2):  # twice: entity-escaped markup becomes markup after unescaping
        if "<" in value or "&" in value:
            value = html.unescape(remove_tags(remove_tags_with_content(value, _CODE_TAGS)))
    text = clean_text(value)
    return text if text and len(text) <= max_length else None


def offer_nodes(node: Node) -> list[Node]:
    """Collect the offers of a product and its variants, AggregateOffers expanded."""
    found: list[Node] = []
    for offer in as_list(node.get("offers")):
        if isinstance(offer, dict):
            found.append(offer)
            found.extend(o for o in as_list(offer.get("offers")) if isinstance(o, dict))
    for variant in as_list(node.get("hasVariant")):
        if isinstance(variant, dict) and variant is not node:
            found.extend(offer_nodes(variant))
    return found


def _offers(node: Node, doc: Document) -> list[_Offer]:
    parsed = [_offer(o, doc) for o in offer_nodes(node)]
    offers = [o for o in parsed if o is not None]
    currencies = [o.currency for o in offers if o.currency]
    if currencies:  # lowest price among offers in the main currency, not across currencies
        offers = [o for o in offers if o.currency in (currencies[0], None)]
    return offers


def _offer(offer: Node, doc: Document) -> _Offer | None:
    specs = [s for s in as_list(offer.get("priceSpecification")) if isinstance(s, dict)]
    sale_specs = [s for s in specs if not _is_regular_spec(s)]
    regular_specs = [s for s in specs if _is_regular_spec(s)]
    raw_price = _price_value(offer, sale_specs)
    parsed = parse_price_value(raw_price)
    if parsed is None:
        return None
    symbol = text_value(offer.get("priceCurrency")) or _spec_currency(specs) or parsed.symbol
    regular = _spec_price(regular_specs)  # AggregateOffer.highPrice is a range end, not one
    return _Offer(
        price=parsed.amount,
        raw=parsed.raw,
        currency=_currency(symbol, doc),
        regular=regular,
        availability=_availability_value(offer),
    )


def _price_value(offer: Node, sale_specs: list[Node]) -> object:
    for key in ("price", "lowPrice"):
        value = first(offer.get(key))
        if isinstance(value, dict):  # {"@value": "19.99"} from expanded JSON-LD
            value = value.get("@value")
        if value not in (None, ""):
            return value
    return next(
        (first(s.get("price")) for s in sale_specs if s.get("price") not in (None, "")), None
    )


def _is_regular_spec(spec: Node) -> bool:
    kind = str(first(spec.get("priceType")) or "").lower()
    return any(kind.endswith(t) for t in _REGULAR_TYPES)


def _spec_price(specs: list[Node]) -> Decimal | None:
    for spec in specs:
        parsed = parse_price_value(first(spec.get("price")))
        if parsed is not None:
            return parsed.amount
    return None


def _spec_currency(specs: list[Node]) -> str | None:
    return next((text_value(s.get("priceCurrency")) for s in specs if s.get("priceCurrency")), None)


def _currency(symbol: str | None, doc: Document) -> str | None:
    if symbol and is_currency_code(symbol):
        return symbol.strip().upper()
    return doc.currency(symbol)


def _set_availability(part: ProductFields, node: Node, best: _Offer | None) -> None:
    """In stock when any offer is; otherwise what the cheapest (else first) offer says."""
    raws = [_availability_value(o) for o in offer_nodes(node)]
    states = [(normalise_availability(r), r) for r in raws if r]
    known = [(s, r) for s, r in states if s is not None]
    if not known:
        return
    best_raw = best.availability if best else None
    chosen = next((k for k in known if k[0] is Availability.IN_STOCK), None)
    chosen = chosen or next((k for k in known if k[1] == best_raw), known[0])
    part.availability, part.availability_raw = chosen[0], chosen[1]


def _availability_value(offer: Node) -> str | None:
    value = first(offer.get("availability"))
    if isinstance(value, dict):
        value = value.get("@id") or value.get("@value") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _from_offers(node: Node, key: str) -> str | None:
    return next((text_value(o.get(key), _MAX_CODE) for o in offer_nodes(node) if o.get(key)), None)


def _variant_sku(node: Node) -> str | None:
    """Return the first variant's SKU: stable across runs, unlike the cheapest one's."""
    variants = (v for v in as_list(node.get("hasVariant")) if isinstance(v, dict))
    return next((sku for v in variants if (sku := text_value(v.get("sku"), _MAX_CODE))), None)


def _gtin(node: Node) -> str | None:
    for source in (node, *offer_nodes(node)):
        for key in _GTIN_KEYS:
            value = text_value(source.get(key), _MAX_CODE)
            if value:
                return value.removeprefix("urn:isbn:").strip()
    return None


def _brand(value: object) -> str | None:
    value = first(value)
    if isinstance(value, dict) and "Brand" not in types_of(value) and not value.get("name"):
        return None
    return text_value(value)


def _category(value: object) -> str | None:
    values = [text_value(v) for v in as_list(value)]
    names = [v for v in values if v]
    return " > ".join(names) if names else None


def _url(node: Node, doc: Document) -> str | None:
    value = first(node.get("url")) or (
        node.get("@id") if isinstance(node.get("@id"), str) else None
    )
    return doc.absolute(value) if isinstance(value, str) and not value.startswith("_:") else None
