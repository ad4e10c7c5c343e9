"""How JSON records are read by key: one spelling per key, the key vocabularies, wrappers.

Shared by the JSON API modules (json_find, json_prices, json_records, json_paging): a field
is found by its key in any casing (`compareAtPrice`, `regular_price` and `List-Price` read
as one key), records wrapped in GraphQL `node`, Strapi `attributes` or Elasticsearch
`_source` objects are read as one flat view, and variant containers give their objects.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from crawlers.extractors.schema_product import text_value

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def words(text: str) -> frozenset[str]:
    """A whitespace-separated word list as a set."""
    return frozenset(text.split())


NAME_KEYS = ("name", "productname", "title", "producttitle", "displayname", "itemname")
NAME_KEYS += ("productdisplayname", "label", "productlabel", "heading", "fullname")
NAME_KEYS += ("produktname", "artikelname", "bezeichnung", "nom", "nombre", "nome", "naam")
NAME_KEYS += ("nazwa", "namn", "navn", "nimi", "nazev", "titel", "titre", "titulo", "titolo")
URL_KEYS = ("canonicalurl", "producturl", "productlink", "onlinestoreurl", "productpageurl")
URL_KEYS += ("url", "permalink", "link", "href", "itemurl", "pdpurl")
URL_KEYS += ("weburl", "pageurl", "detailurl", "detailsurl", "seourl", "uri", "path", "urlpath")
SLUG_KEYS = ("slug", "handle", "urlkey", "linktext", "urlslug", "seoslug", "seoname")
ID_KEYS = ("productid", "id", "objectid", "itemid", "uuid", "guid")
SKU_KEYS = ("sku", "skucode", "articlenumber", "articleno", "artnr", "itemnumber", "itemno")
SKU_KEYS += ("productnumber", "productcode", "partnumber", "mpn", "productreference")
SKU_KEYS += ("artikelnummer", "artikelnr", "referencia")
GTIN_KEYS = ("gtin", "gtin13", "gtin14", "gtin12", "gtin8", "ean", "ean13", "eancode", "upc")
GTIN_KEYS += ("barcode", "isbn", "globaltradeitemnumber", "globaluniqueid")
BRAND_KEYS = ("brand", "brandname", "vendor", "manufacturer", "manufacturername", "make")
CATEGORY_KEYS = ("categorypath", "category", "categoryname", "maincategory", "categories")
CATEGORY_KEYS += ("primarycategory", "productcategory", "producttype", "department")
CATEGORY_KEYS += ("hierarchicalcategories",)
EVIDENCE = frozenset(
    URL_KEYS + SLUG_KEYS + ID_KEYS + SKU_KEYS + GTIN_KEYS + BRAND_KEYS + CATEGORY_KEYS
) | {"image", "images", "imageurl", "thumbnail", "media", "description", "shortdescription"}
"""Keys that show an object is a product (not a titled wrapper around a list of them)."""
# Objects wrapping a record's fields: GraphQL edges, Strapi, Elasticsearch, Typesense, Contentful.
WRAPPERS = ("node", "attributes", "source", "fields", "document", "product", "item", "data")
VARIANTS = words(
    "variants variant skus items offers offer sellers commertialoffer commercialoffer "
    "mastervariant defaultvariant selectedvariant firstvariant productvariants variantlist "
    "allvariants childproducts simpleproducts"
)
# Arrays under these keys are never the product list (and are not searched for one).
IGNORED = words(
    "facets facet facetcounts filters filter aggregations aggregates refinements categories "
    "categorytree breadcrumbs breadcrumb reviews review ratings comments questions images "
    "image media gallery assets videos thumbnails navigation nav menu menus banners sorts "
    "sortoptions suggestions querysuggestions shipping shippingmethods shippingoptions "
    "deliveryoptions deliverymethods paymentmethods payments cart lineitems coupons "
    "promotions discounts stores locations swatches"
)


@lru_cache(maxsize=4096)  # the same keys repeat in every record
def norm(key: str) -> str:
    """One spelling per key: camelCase, snake_case, kebab-case and PascalCase read alike."""
    return _NON_ALNUM.sub("", key.lower())


def get(record: dict[str, Any], keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(original key, value) of `record`'s non-empty fields in `keys`, in the order of `keys`."""
    wanted = _key_set(keys)
    by_norm: dict[str, tuple[str, Any]] = {}
    for key, value in record.items():
        normalised = norm(key)
        if normalised in wanted and normalised not in by_norm:
            by_norm[normalised] = (key, value)
    return [by_norm[k] for k in keys if k in by_norm and by_norm[k][1] not in (None, "", [], {})]


@lru_cache(maxsize=64)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


def first(record: dict[str, Any], keys: tuple[str, ...]) -> object:
    """The value of the first non-empty field of `record` in `keys`, else None."""
    found = get(record, keys)
    return found[0][1] if found else None


def as_int(value: object) -> int | None:
    """An integer JSON value (number or digit string); `{"value": n}` objects too."""
    if isinstance(value, dict):
        value = next((v for k, v in value.items() if norm(k) == "value"), None)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value):
        return int(value)
    return None


def localised(value: object) -> str | None:
    """A string, or the first string of a per-language object (`{"en": "...", "de": "..."}`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return next((v for v in value.values() if isinstance(v, str) and v.strip()), None)
    return None


def record_name(record: dict[str, Any]) -> str | None:
    """The record's name (markup and entities removed), None when it has none."""
    for _key, value in get(record, NAME_KEYS):
        text = text_value(localised(value))
        if text:
            return text
    return None


def view(obj: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """`obj` with a wrapper object's fields merged in, when `obj` has no name of its own."""
    if depth > 2 or record_name(obj) is not None:
        return obj
    for key, value in obj.items():
        if isinstance(value, dict) and norm(key) in WRAPPERS:
            merged = {k: v for k, v in obj.items() if k != key}
            merged.update(value)
            return view(merged, depth + 1)
    return obj


def elements(value: object) -> tuple[list[dict[str, Any]], bool]:
    """Dicts of a variant container: a list, a GraphQL connection (edges/nodes) or one object.

    The flag tells whether the container was a list (several variants) or one object.
    """
    if isinstance(value, dict):
        inner = next((v for k, v in value.items() if norm(k) in ("edges", "nodes")), None)
        if isinstance(inner, list):
            value = inner
        else:
            return [value], False
    if not isinstance(value, list):
        return [], False
    return [e for e in value if isinstance(e, dict)], True
