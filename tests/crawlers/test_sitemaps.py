from __future__ import annotations

import gzip

import pytest

from crawlers.sitemaps import is_product_sitemap, read_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://shop.example/p/1 </loc><lastmod>2026-11-01</lastmod></url>
  <url><loc>https://shop.example/p/2</loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://shop.example/sitemap_products_1.xml</loc></sitemap>
</sitemapindex>"""


def test_urlset_lists_pages() -> None:
    assert read_sitemap(URLSET).pages == ["https://shop.example/p/1", "https://shop.example/p/2"]


def test_index_lists_sitemaps() -> None:
    entries = read_sitemap(INDEX)
    assert entries.sitemaps == ["https://shop.example/sitemap_products_1.xml"]
    assert entries.pages == []


def test_gzip_sitemaps_are_decompressed() -> None:
    assert len(read_sitemap(gzip.compress(URLSET)).pages) == 2


@pytest.mark.parametrize("body", [b"<html><body>not found</body></html>", b"\x1f\x8bbroken", b""])
def test_non_sitemaps_are_rejected_clearly(body: bytes) -> None:
    with pytest.raises(ValueError, match="sitemap"):
        read_sitemap(body)


def test_external_entities_are_not_resolved() -> None:
    hostile = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url></urlset>"""
    try:
        pages = read_sitemap(hostile).pages
    except ValueError:
        pages = []
    assert not any("root:" in page for page in pages)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://s.example/sitemap_products_1.xml", True),
        ("https://s.example/product-sitemap.xml", True),
        ("https://s.example/sitemap_pages_1.xml", False),
        ("https://s.example/sitemap.xml", False),
    ],
)
def test_product_sitemaps_are_recognised_by_name(url: str, expected: bool) -> None:
    assert is_product_sitemap(url) is expected
