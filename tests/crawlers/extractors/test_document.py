"""The shared parsed page: its memoised shortcuts must agree with the plain computations."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree

from crawlers.extractors.base import ExtractionContext
from crawlers.extractors.document import Document, class_and_id, text_of
from crawlers.extractors.heuristics import fields_from_heuristics
from crawlers.page import FetchedPage

CASES = Path(__file__).parent / "cases"
BIG_PAGE = CASES / "large_shopify_dawn_product" / "body.html"
HOME = "https://shop.example/"


def document(html: str | bytes, url: str = "https://shop.example/a/b/page.html") -> Document:
    body = html.encode("utf-8") if isinstance(html, str) else html
    page = FetchedPage(url=url, body=body, headers={"content-type": "text/html; charset=utf-8"})
    return Document(page, ExtractionContext(homepage=HOME))


def test_positions_sort_elements_in_document_order() -> None:
    doc = document(BIG_PAGE.read_bytes())
    in_order = list(doc.root.iter(etree.Element))
    shuffled = random.Random(7).sample(in_order, len(in_order))
    assert sorted(shuffled, key=doc.position) == in_order


def test_marked_holds_the_classed_elements_of_the_body_with_their_marks() -> None:
    doc = document(BIG_PAGE.read_bytes())
    expected = doc.root.xpath("//body//*[@class or @id or @itemprop]")
    assert list(doc.marked) == expected
    assert all(doc.marked[el] == class_and_id(el) for el in expected)
    assert doc.marks(doc.root) == class_and_id(doc.root)  # not in <body>: computed on demand


def test_mentions_ignores_case_and_contains_does_not() -> None:
    doc = document('<html><body><div data-X="ItemScope">1</div></body></html>')
    assert doc.mentions(b"itemscope")
    assert not doc.mentions(b"typeof", b"vocab")
    assert doc.contains(b"ItemScope")
    assert not doc.contains(b"itemscope")


def test_short_text_is_the_text_or_none_past_the_limit() -> None:
    long_text = " ".join(["word"] * 500)
    doc = document(
        "<html><body><p id='short'>Only  <b>€ 12</b></p>"
        f"<div id='long'>{long_text}</div></body></html>"
    )
    short, long = doc.root.get_element_by_id("short"), doc.root.get_element_by_id("long")
    assert doc.short_text(short, 50) == text_of(short) == "Only € 12"
    assert doc.short_text(long, 300) is None
    assert doc.short_text(long, 5000) == text_of(long)
    assert doc.text(long) == text_of(long)


@pytest.mark.parametrize(
    "href",
    [
        "/c/tents?page=2",
        "relative/item",
        "../up",
        "?page=3",
        "//cdn.shop.example/x.jpg",
        "https://other.example/p",
        "HTTP://shop.example/Upper",
        "ftp://files.example/f",
        "/./dots/../x",
        " \t/spaced ",
    ],
)
def test_absolute_resolves_like_urljoin(href: str) -> None:
    doc = document("<html><head><base href='/base/dir/'></head><body></body></html>")
    assert doc.base_url == "https://shop.example/base/dir/"
    assert doc.absolute(href) == urljoin(doc.base_url, href.strip())


def test_absolute_drops_empty_and_malformed_references() -> None:
    doc = document("<html><body></body></html>")
    assert doc.absolute("") is None
    assert doc.absolute("http://[::1") is None


def test_heuristics_look_only_for_the_wanted_fields() -> None:
    doc = document(
        "<html><body><h1>Lamp</h1><p class='price'>€ 24,99</p><p class='stock'>In stock</p>"
        "<span class='sku'>L-1</span></body></html>",
        url="https://shop.example/lamp",
    )
    everything = fields_from_heuristics(doc)
    assert (everything.price, everything.availability, everything.sku) != (None, None, None)
    only_sku = fields_from_heuristics(doc, {"sku"})
    assert only_sku.sku == everything.sku == "L-1"
    assert only_sku.price is only_sku.availability is only_sku.currency is None
