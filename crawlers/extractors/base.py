"""What every extractor takes and returns: the contract between spiders and extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Protocol

from crawlers.items import Item, Link, Post
from crawlers.page import FetchedPage


class PageKind(StrEnum):
    """What a page is expected to be; picks the extractor."""

    HOMEPAGE = "homepage"
    LISTING = "listing"
    PRODUCT = "product"
    SHOPIFY_PRODUCTS = "shopify_products"
    WOOCOMMERCE_PRODUCTS = "woocommerce_products"
    DATA_API = "data_api"
    FEED = "feed"
    """A feed of posts (RSS, Atom, RDF)."""
    FEED_CANDIDATE = "feed_candidate"
    """A URL where feeds commonly live on sites that declare none (may well be a 404)."""
    COMMENTS_FEED = "comments_feed"
    """A post's own comments feed."""
    VIDEO_FEED = "video_feed"
    """A channel's video feed."""
    MENTION_FEED = "mention_feed"
    """A news or search feed naming the competitor."""
    BLOG_INDEX = "blog_index"
    """A page listing posts (blog, news, magazine section), or a further page of it."""
    POST = "post"
    """A single post page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Selectors:
    """Per-site CSS hints from config; `css@attr` means the attribute's value."""

    product_link: str | None = None
    name: str | None = None
    price: str | None = None
    regular_price: str | None = None
    currency: str | None = None
    sku: str | None = None
    availability: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionContext:
    """Site-level knowledge an extractor may use beyond the page itself."""

    homepage: str
    """The competitor's homepage; defines what counts as the same site."""
    selectors: Selectors = field(default_factory=Selectors)
    """Configured selector hints."""
    currency_hint: str | None = None
    """ISO code seen on the site's other pages or configured; resolves ambiguous symbols."""
    product_links: tuple[str, ...] = ()
    """Absolute product-page URLs seen on the site's rendered pages; JSON API records that
    name only a slug or id are matched against them to learn the site's product URL template."""
    product_url_template: str | None = None
    """A product URL template learned in an earlier run (`Extraction.url_template`) or
    configured, e.g. `https://shop.example/p/{slug}`; placeholders `{slug}` (`{handle}`),
    `{id}`, `{sku}` are filled from a JSON API record (see json_url_templates)."""
    listed_post: Post | None = None
    """For a post page: what a feed entry said about the post, merged with what the page
    says (see post_merge)."""


@dataclass(slots=True)
class Extraction:
    """Items found on a page and the links to follow from it."""

    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    platform: str | None = None
    """Detected shop platform ('shopify', 'woocommerce') when the page reveals one."""
    next_page: str | None = None
    """For paginated APIs: the URL of the next page, None when this was the last."""
    currency_hint: str | None = None
    """Shop currency (ISO) when the page states it unambiguously."""
    url_template: str | None = None
    """For JSON APIs: the product URL template inferred on this page from
    `ExtractionContext.product_links` (None when every record had a URL, a template was
    given, or none could be inferred); pass it back as `product_url_template` next run."""


class Extractor(Protocol):
    """A page object without the framework: pure, synchronous, testable from a saved file."""

    kind: ClassVar[PageKind]

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        """Return the items and links found on `page`."""
        ...
