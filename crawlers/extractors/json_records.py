"""Products in any JSON a shop's frontend fetches: map each record's fields to a Product.

Single-page-app shops load their catalog from JSON APIs of every shape (REST, GraphQL,
search engines, headless CMSs). Nothing here knows a platform: fields are read by their key
names in any casing (json_keys), prices by json_prices, records found by json_find and the
next page by json_paging; this module maps one record to a Product and is the one place
the rest of the code imports all of it from. Stock goes through the shared normaliser;
JSON is parsed with `parse_float=Decimal`, so no price is ever a float.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from crawlers.extractors.availability import normalise_availability
from crawlers.extractors.json_body import parse_json, starts_like_json
from crawlers.extractors.json_find import is_product_like, product_records
from crawlers.extractors.json_keys import (
    BRAND_KEYS,
    CATEGORY_KEYS,
    GTIN_KEYS,
    ID_KEYS,
    SKU_KEYS,
    SLUG_KEYS,
    URL_KEYS,
    VARIANTS,
    WRAPPERS,
    as_int,
    elements,
    first,
    get,
    localised,
    norm,
    record_name,
    view,
)
from crawlers.extractors.json_paging import next_page_url
from crawlers.extractors.json_prices import (
    MAX_NESTING,
    payload_currency,
    price_currency,
    read_prices,
)
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.urls import canonicalise
from crawlers.items import Availability, Product

__all__ = [
    "SOURCE",
    "is_product_like",
    "next_page_url",
    "parse_json",
    "payload_currency",
    "product_records",
    "record_product",
    "record_slug",
    "starts_like_json",
]

SOURCE = "data_api"
"""`Product.source` of products read from a JSON API."""

_MAX_CODE = 100
_SITE_PATH = re.compile(r"[\w%-]+(?:/[\w.%-]+)+/?|[\w.%-]+\.(?:html?|php|aspx?)", re.ASCII)

# Availability keys: stock words, yes/no flags (some negated), and stock counts.
_STOCK_TEXT = ("availability", "stockstatus", "stockstate", "availabilitystatus")
_STOCK_TEXT += ("inventorystatus", "stockavailability", "availabilitytext", "stock", "lager")
_STOCK_TEXT += ("lagerstatus",)
_STOCK_TEXT += ("verfuegbarkeit", "verfugbarkeit", "disponibilite", "disponibilidad")
_STOCK_TEXT += ("disponibilita", "disponibilidade", "beschikbaarheid", "dostepnosc", "nalichie")
_STOCK_FLAGS = ("instock", "isinstock", "available", "isavailable", "availableforsale")
_STOCK_FLAGS += ("isonstock", "onstock", "hasstock", "inventoryavailable")
_STOCK_NEGATED = ("soldout", "issoldout", "outofstock", "isoutofstock")
_STOCK_COUNTS = ("stock", "stocklevel", "stockquantity", "inventoryquantity", "inventory")
_STOCK_COUNTS += ("availablequantity", "quantityavailable", "availableqty", "qtyavailable")
_STOCK_COUNTS += ("stockqty", "totalinventory", "inventorylevel", "unitsinstock", "bestand")
_STOCK_COUNTS += ("lagerbestand", "voorraad", "estoque", "existencias")
_STOCK_INNER = ("status", "class", "text", "label", "value", "quantity", "qty", "level")


def record_product(
    record: dict[str, Any], *, site_url: str, currency_hint: str | None = None
) -> Product | None:
    """Map one record (from `product_records`) to a Product; None without a name and a price.

    `site_url` is the shop's own site (its homepage), not the API's address: search
    services answer from other hosts, while product paths are the shop's. URLs (`url`,
    `href`, `permalink`, `path`...) are resolved against it. A record that names only a
    slug, handle or id gets `url=""`: nothing here says where its page lives; the caller
    fills it from a product URL template (json_url_templates) or leaves the record out.
    The currency is the ISO code stated with the price or around it (up to the record),
    else its symbol read with the site's country, else `currency_hint`, else the one
    currency of the site's country-code domain.
    """
    name = record_name(record)
    reading = read_prices(record, currency_hint)
    if name is None or reading is None:
        return None
    url = _record_url(record, site_url)
    availability, availability_raw = _availability(record, 0)
    holders = (record, *reading.path, *_variant_views(record))
    return Product(
        url=url or "",
        canonical_url=(canonicalise(url) or url) if url else None,
        name=name,
        price=reading.price.amount,
        regular_price=reading.regular,
        currency=price_currency(reading.price, site_url, currency_hint),
        price_raw=reading.price.raw,
        availability=availability,
        availability_raw=availability_raw,
        sku=_code(holders, SKU_KEYS),
        gtin=_code(holders, GTIN_KEYS),
        brand=next((b for _k, v in get(record, BRAND_KEYS) if (b := _thing_name(v))), None),
        category=_record_category(record),
        source=SOURCE,
    )


def record_slug(record: dict[str, Any]) -> str | None:
    """The record's slug, handle or URL key, else its id: what its product page URL is built on."""
    for _key, value in get(record, SLUG_KEYS + ID_KEYS):
        text = localised(value)
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        if text:
            return text
    return None


def _record_url(record: dict[str, Any], site_url: str) -> str | None:
    for _key, value in get(record, URL_KEYS):
        if isinstance(value, dict):
            value = first(value, ("href", "url", "path"))
        url = _page_url(value, site_url) if isinstance(value, str) else None
        if url:
            return url
    return None


def _page_url(value: str, site_url: str) -> str | None:
    """An absolute product page URL from an absolute URL or a path, else None.

    Paths are the site's (`/p/x`, `shoes/x`, `x.html`); a bare word is a slug, not a path.
    """
    value = value.strip()
    parts = urlsplit(site_url)
    if value.startswith("//"):
        value = f"{parts.scheme}:{value}"
    elif value.startswith("/") or _SITE_PATH.fullmatch(value):
        value = f"{parts.scheme}://{parts.netloc}/{value.lstrip('/')}"
    elif not value.lower().startswith(("http://", "https://")):
        return None  # a bare slug: the caller knows the site's URL pattern, we do not
    target = urlsplit(value)
    segments = [s.lower() for s in target.path.split("/")]
    if target.netloc.lower().startswith("api.") or {"api", "graphql"} & set(segments):
        return None  # the API resource itself, not a page a shopper sees
    if re.search(r"\.(?:jpe?g|png|gif|webp|avif|svg|json)$", target.path, re.IGNORECASE):
        return None
    return value


def _variant_views(record: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """The record's variants (and theirs), outermost first."""
    found = []
    for key, value in record.items():
        if norm(key) in VARIANTS and depth < 2:
            for element in elements(value)[0]:
                flat = view(element)
                found.extend([flat, *_variant_views(flat, depth + 1)])
    return found


def _code(objects: tuple[dict[str, Any], ...], keys: tuple[str, ...]) -> str | None:
    """A SKU or GTIN of the record, else of the variant priced, else of the first variant."""
    for obj in objects:
        for _key, value in get(obj, keys):
            if isinstance(value, int | str) and not isinstance(value, bool):
                text = str(value).strip()
                if text and len(text) <= _MAX_CODE:
                    return text
    return None


def _thing_name(value: object, depth: int = 0) -> str | None:
    """A brand-like value: a string, or the name of an object (through data/attributes wrappers)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and depth < 3:
        named = first(value, ("name", "title", "label", "value", "displayname"))
        if named is not None:
            return _thing_name(named, depth + 1)
        inner = first(value, WRAPPERS)
        return _thing_name(inner, depth + 1) if inner is not None else None
    return text_value(localised(value)) if isinstance(value, str | dict) else None


def _record_category(record: dict[str, Any]) -> str | None:
    """The most specific of the record's category fields."""
    texts = [t for _key, value in get(record, CATEGORY_KEYS) if (t := _category(value))]
    return max(texts, key=lambda t: t.count(" > ")) if texts else None


def _category(value: object) -> str | None:
    """A category as ' > '-joined path ('/Shoes/Running/' and `{lvl0, lvl1}` alike)."""
    if isinstance(value, dict) and any(re.fullmatch(r"lvl\d+", norm(k)) for k in value):
        levels = sorted((k for k in value if re.fullmatch(r"lvl\d+", norm(k))), key=norm)
        value = value[levels[-1]]
    if isinstance(value, list):
        texts = [t for v in value if (t := _category(v))]
        return max(texts, key=lambda t: t.count(" > ")) if texts else None
    if isinstance(value, dict):
        return _thing_name(value)
    if not isinstance(value, str):
        return None
    parts = [p.strip() for p in re.split(r"\s*(?:>|/|»|\|)\s*", value) if p.strip()]
    return text_value(" > ".join(parts)) if parts else None


def _availability(record: dict[str, Any], depth: int) -> tuple[Availability | None, str | None]:
    """Stock state of the record, else of its variants (in stock when any variant is)."""
    state = _own_availability(record)
    if state[0] is not None or depth >= MAX_NESTING:
        return state
    states = [
        _availability(view(element), depth + 1)
        for key, value in record.items()
        if norm(key) in VARIANTS
        for element in elements(value)[0]
    ]
    states = [s for s in states if s[0] is not None]
    return next(
        (s for s in states if s[0] is Availability.IN_STOCK), states[0] if states else state
    )


def _own_availability(obj: dict[str, Any]) -> tuple[Availability | None, str | None]:
    for key, value in get(obj, _STOCK_TEXT):
        found = _stock_value(key, value, negated=False)
        if found[0] is not None:
            return found
    for keys, negated in ((_STOCK_FLAGS, False), (_STOCK_NEGATED, True), (_STOCK_COUNTS, False)):
        for key, value in get(obj, keys):
            found = _stock_value(key, value, negated=negated)
            if found[0] is not None:
                return found
    return None, None


def _stock_value(
    key: str, value: object, *, negated: bool
) -> tuple[Availability | None, str | None]:
    if isinstance(value, dict):
        for inner_key, inner in get(value, _STOCK_INNER + _STOCK_FLAGS):
            found = _stock_value(inner_key, inner, negated=False)
            if found[0] is not None:
                return found
        return None, None
    if isinstance(value, bool):
        flag = value != negated
        return normalise_availability(flag), f"{key}: {str(value).lower()}"
    count = as_int(value)
    if count is not None:
        state = Availability.IN_STOCK if count > 0 else Availability.OUT_OF_STOCK
        return state, f"{key}: {count}"
    if isinstance(value, str):
        return normalise_availability(value), value.strip()
    return None, None
