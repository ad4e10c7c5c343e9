"""Typed items extractors produce; the data model of everything downstream."""

from crawlers.items.components import Availability, Link
from crawlers.items.content import FeedKind, FeedRef, Mention, Post, PostSource, Video
from crawlers.items.failure import PageFailure
from crawlers.items.positioning import Positioning
from crawlers.items.product import Product

Item = Product | Positioning | PageFailure | Post | Video | Mention | FeedRef

__all__ = [
    "Availability",
    "FeedKind",
    "FeedRef",
    "Item",
    "Link",
    "Mention",
    "PageFailure",
    "Positioning",
    "Post",
    "PostSource",
    "Product",
    "Video",
]
