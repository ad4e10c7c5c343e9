"""Which links are filtered variants of the current listing (faceted navigation)."""

from __future__ import annotations

import pytest

from crawlers.extractors.base import ExtractionContext
from crawlers.extractors.document import Document
from crawlers.extractors.facets import adds_filters, facet_anchors
from crawlers.extractors.urls import canonicalise
from crawlers.page import FetchedPage

SHOP = "https://shop.example"
# (link, current page, is a facet link)
QUERIES = [
    ("/jacken.html?marke=300", "/jacken.html", True),
    ("/jacken.html?color=12&size=3", "/jacken.html", True),
    ("/jacken.html?color=12&size=3", "/jacken.html?color=12", True),
    ("/jacken.html?color=12&p=2", "/jacken.html?p=3", True),
    ("/jacken.html?p=2", "/jacken.html", False),
    ("/jacken.html?p=3", "/jacken.html?p=2", False),
    ("/jacken.html?color=12&p=2", "/jacken.html?color=12", False),
    ("/jacken.html", "/jacken.html?color=12", False),
    ("/jacken.html?color=13", "/jacken.html?color=12", False),
    ("/hosen.html?color=12", "/jacken.html", False),
    ("/catalog/?item_id=5", "/catalog/", False),
    ("/?page_id=7", "/", False),
    ("/?product_cat=tents", "/", False),
    ("/?product_cat=tents&pa_color=red", "/?product_cat=tents", True),
    ("/index.php?cat=5", "/index.php", False),
    (
        "/index.php?route=product/product&path=20&product_id=42",
        "/index.php?route=product/category&path=20",
        False,
    ),
]


@pytest.mark.parametrize(("link", "current", "facet"), QUERIES, ids=[q[0] for q in QUERIES])
def test_adds_filters(link: str, current: str, facet: bool) -> None:
    assert adds_filters(canonicalise(SHOP + link), canonicalise(SHOP + current)) is facet


def test_nofollow_links_only_inside_filter_containers_are_facets() -> None:
    html = """<html><body>
      <div class="block filter" id="layered-filter-block"><ol>
        <li><a id="facet" href="/jacken/farbe-rot/" rel="nofollow">Rot</a></li>
        <li><a id="subcategory" href="/jacken/softshell/">Softshell</a></li>
      </ol></div>
      <div class="share"><a id="share" href="/share?u=1" rel="nofollow">Teilen</a></div>
      <ul class="pages"><li><a id="page" href="/jacken/?p=2" rel="nofollow">2</a></li></ul>
    </body></html>"""
    page = FetchedPage(url=f"{SHOP}/jacken/", body=html.encode(), headers={})
    doc = Document(page, ExtractionContext(homepage=f"{SHOP}/"))
    assert {a.get("id") for a in facet_anchors(doc)} == {"facet"}
