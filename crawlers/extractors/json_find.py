"""Where a JSON payload keeps its products: the best array of product-like objects, at any depth.

Nothing here knows a platform: a record is found by what it holds (a name-ish and a
price-ish field), not by where an API puts it, so REST lists, GraphQL connections, search
engine hits and headless-CMS entries are read alike.
"""

from __future__ import annotations

from typing import Any

from crawlers.extractors.json_keys import EVIDENCE, IGNORED, norm, record_name, view
from crawlers.extractors.json_prices import read_prices

_MAX_DEPTH = 12


def product_records(data: object) -> list[dict[str, Any]]:
    """The product-like objects of a JSON payload: the best array of them, else a lone product.

    A product-like object has a name-ish and a price-ish field, directly or nested
    (`price.amount`, `priceRange.minVariantPrice`, `variants[0].price`, `offers.price`...).
    Wrappers are merged in (GraphQL `node`, Strapi `attributes`, Elasticsearch `_source`), so
    each record returned is a flat view of one product. Arrays of facets, categories, reviews,
    images and the like are never searched; a product's own arrays (variants, related
    products) are not taken for the listing.
    """
    arrays: list[tuple[int, int, list[dict[str, Any]]]] = []
    singles: list[tuple[int, dict[str, Any]]] = []
    _scan(data, 0, arrays, singles)
    if arrays:
        return max(arrays, key=lambda found: (found[0], -found[1]))[2]
    singles = [s for s in singles if s[0] <= 3]
    return [min(singles, key=lambda found: found[0])[1]] if singles else []


def _scan(
    value: object,
    depth: int,
    arrays: list[tuple[int, int, list[dict[str, Any]]]],
    singles: list[tuple[int, dict[str, Any]]],
) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        records = []
        for element in value:
            flat = view(element) if isinstance(element, dict) else None
            if flat is not None and is_product_like(flat):
                records.append(flat)
            elif isinstance(element, dict | list):
                _scan(element, depth + 1, arrays, singles)
        if records:
            arrays.append((len(records), depth, records))
    elif isinstance(value, dict):
        flat = view(value)
        if is_product_like(flat):
            singles.append((depth, flat))
            return
        for key, child in value.items():
            if isinstance(child, dict | list) and norm(key) not in IGNORED:
                _scan(child, depth + 1, arrays, singles)


def is_product_like(record: dict[str, Any]) -> bool:
    """A name and a price; a price found only in a list of variants also needs product evidence.

    The evidence (an id, URL, slug, SKU, brand, image...) keeps a titled wrapper around a
    list of products from passing for a product with variants.
    """
    if record_name(record) is None:
        return False
    reading = read_prices(record)
    if reading is None:
        return False
    return not reading.via_list or any(norm(k) in EVIDENCE for k in record)
