"""Partial product data from one source, and the field-by-field merge of several sources."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from crawlers.items import Availability, Product


@dataclass(slots=True)
class ProductFields:
    """What one source (JSON-LD, selectors, heuristics...) says; None means unknown."""

    source: str
    """Label of the source ('json-ld', 'microdata', 'selectors', 'heuristics'...)."""
    name: str | None = None
    """Product name."""
    price: Decimal | None = None
    """Current price."""
    regular_price: Decimal | None = None
    """Price before discount."""
    currency: str | None = None
    """ISO 4217 code."""
    price_raw: str | None = None
    """Price as written."""
    availability: Availability | None = None
    """Normalised availability."""
    availability_raw: str | None = None
    """Availability as written."""
    sku: str | None = None
    """Stock keeping unit."""
    gtin: str | None = None
    """GTIN/EAN/UPC."""
    brand: str | None = None
    """Brand name."""
    category: str | None = None
    """' > '-joined category path."""
    canonical_url: str | None = None
    """Canonical URL candidate (absolute, same site)."""

    @property
    def has_price(self) -> bool:
        """True when this source found a price."""
        return self.price is not None


_DATA_FIELDS = tuple(f.name for f in fields(ProductFields) if f.name != "source")
# Fields that must come from the same source as the price, or not at all.
_PRICE_BOUND = ("price_raw",)


def merge(url: str, parts: list[ProductFields]) -> Product | None:
    """One Product from sources in precedence order: earlier wins, later fills gaps."""
    merged: dict[str, object] = {}
    price_source = next((p for p in parts if p.has_price), None)
    for part in parts:
        for name in _DATA_FIELDS:
            value = getattr(part, name)
            if value is None or name in merged:
                continue
            if name in _PRICE_BOUND and price_source is not None and part is not price_source:
                continue
            merged[name] = value
    if not merged.get("name") and merged.get("price") is None:
        return None
    label_source = price_source or next((p for p in parts if p.name), parts[0])
    return Product(url=url, source=label_source.source, **_consistent(merged))  # type: ignore[arg-type]


def _consistent(merged: dict[str, object]) -> dict[str, object]:
    """Drop a regular price that is not above the price."""
    price, regular = merged.get("price"), merged.get("regular_price")
    if regular is not None and (price is None or not regular > price):  # type: ignore[operator]
        merged.pop("regular_price")
    return merged
