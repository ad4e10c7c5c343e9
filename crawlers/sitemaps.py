"""Sitemaps and sitemap indexes (plain or gzip) to URLs, safely and within a size bound."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(slots=True)
class SitemapEntries:
    """What a sitemap lists: further sitemaps (an index) or pages."""

    sitemaps: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def read_sitemap(body: bytes) -> SitemapEntries:
    """Parse `body` (gzip or XML); raises ValueError when it is not a sitemap."""
    if body[:2] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        except Exception as error:  # any decompression failure means "not a sitemap"
            raise ValueError(f"cannot decompress sitemap: {error}") from None
    try:
        sitemap = Sitemap(body)
    except Exception as error:  # lxml raises several types for non-XML bodies
        raise ValueError(f"not a sitemap: {error}") from None
    locations = [entry["loc"].strip() for entry in sitemap if entry.get("loc")]
    if sitemap.type == "sitemapindex":
        return SitemapEntries(sitemaps=locations)
    if sitemap.type == "urlset":
        return SitemapEntries(pages=locations)
    raise ValueError(f"not a sitemap: root element is {sitemap.type!r}")


def is_product_sitemap(url: str) -> bool:
    """Shops name product sitemaps so (sitemap_products_1.xml, product-sitemap.xml, ...)."""
    tail = url.rsplit("/", 1)[-1].lower()
    return "product" in tail or "produkt" in tail or "produit" in tail or "tovar" in tail
