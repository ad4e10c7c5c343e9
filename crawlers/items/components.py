"""Value objects shared by several item types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Availability(StrEnum):
    """schema.org ItemAvailability names, the vocabulary every shop is mapped to."""

    IN_STOCK = "InStock"
    OUT_OF_STOCK = "OutOfStock"
    PRE_ORDER = "PreOrder"
    BACK_ORDER = "BackOrder"
    LIMITED_AVAILABILITY = "LimitedAvailability"
    ONLINE_ONLY = "OnlineOnly"
    IN_STORE_ONLY = "InStoreOnly"
    SOLD_OUT = "SoldOut"
    DISCONTINUED = "Discontinued"
    PRE_SALE = "PreSale"


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link an extractor wants followed, with what it expects to find there."""

    url: str
    """Absolute URL."""
    kind: str
    """The PageKind value of the target page (product, listing, ...)."""
    priority: int = 0
    """Higher is fetched sooner: products and pagination before other pages."""
