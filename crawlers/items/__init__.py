"""Typed items extractors produce; the data model of everything downstream."""

from crawlers.items.components import Availability, Link
from crawlers.items.failure import PageFailure
from crawlers.items.positioning import Positioning
from crawlers.items.product import Product

Item = Product | Positioning | PageFailure

__all__ = ["Availability", "Item", "Link", "PageFailure", "Positioning", "Product"]
