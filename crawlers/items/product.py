"""A product as seen on a competitor's site at one moment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crawlers.items.components import Availability


@dataclass(frozen=True, slots=True, kw_only=True)
class Product:
    """One product offer; field names follow schema.org / zyte-common-items."""

    url: str
    """URL the product was found at."""
    canonical_url: str | None = None
    """rel=canonical or structured-data URL, used as the identity when present."""
    name: str | None = None
    """Product name."""
    price: Decimal | None = None
    """Current (sale) price."""
    regular_price: Decimal | None = None
    """Price before discount, when a sale price is shown."""
    currency: str | None = None
    """ISO 4217 code."""
    price_raw: str | None = None
    """The price text as found, for debugging normalisation."""
    availability: Availability | None = None
    """Normalised availability."""
    availability_raw: str | None = None
    """The availability text or URL as found."""
    sku: str | None = None
    """Stock keeping unit."""
    gtin: str | None = None
    """GTIN/EAN/UPC."""
    brand: str | None = None
    """Brand name."""
    category: str | None = None
    """Breadcrumb or category path, ' > '-joined."""
    source: str = "html"
    """Where the price came from (json-ld, microdata, selectors, heuristics, shopify-json, ...)."""

    @property
    def key(self) -> str:
        """Identity across runs: canonical URL, else URL (SKUs are not unique across variants)."""
        return self.canonical_url or self.url
