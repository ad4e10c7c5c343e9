"""The extractors on the demo web's real pages, WITHOUT the configured selector hints.

Every product page of every demo shop (days 0 and 1, sale prices included) must give the
ground truth's price, list price, currency, name and availability from the page alone; and
following only category and pagination links from each homepage must reach every product.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from crawlers.extractors.base import ExtractionContext, PageKind
from crawlers.extractors.links import CATEGORY_PRIORITY
from crawlers.extractors.registry import extractor_for
from crawlers.extractors.urls import canonicalise
from crawlers.items import Product
from crawlers.page import FetchedPage
from schedules.demo.web import DemoWeb, serve_demo_web

DAYS = (0, 1)
SHOPS = ("Alpha Outfitters", "Le Comptoir du Bivouac", "Gipfelwerk", "ТайгаСнаб", "Summit & Co")
FIELDS = ("price", "regular_price", "currency", "name", "availability")
MAX_LISTING_PAGES = 100

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
Row = tuple[dict[str, Any], Any]


def fetch(url: str) -> FetchedPage:
    try:
        with _opener.open(url, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, headers, body = error.code, error.headers, error.read()
    return FetchedPage(
        url=url, status=status, body=body, headers={k.lower(): v for k, v in headers.items()}
    )


def context(web: DemoWeb, shop: str) -> ExtractionContext:
    """Only the homepage: no selectors, no currency hint."""
    return ExtractionContext(homepage=web.site(shop).base_url)


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    with serve_demo_web() as served:
        yield served


@pytest.fixture(scope="module")
def extracted(web: DemoWeb) -> dict[tuple[int, str], list[Row]]:
    """(day, shop) → (ground-truth row, extracted item) for every product page."""
    extractor = extractor_for(PageKind.PRODUCT)
    found: dict[tuple[int, str], list[Row]] = {}
    for day in DAYS:
        web.set_day(day)
        for shop in SHOPS:
            rows = web.expected_products(shop)
            found[day, shop] = [
                (row, extractor.extract(fetch(row["url"]), context(web, shop)).items[0])
                for row in rows
            ]
    return found


def mismatches(rows: list[Row], fields: tuple[str, ...]) -> list[str]:
    problems = []
    for row, item in rows:
        if not isinstance(item, Product):
            problems.append(f"{row['url']}: {item!r}")
            continue
        for name in fields:
            got, want = getattr(item, name), row[name]
            if name in ("price", "regular_price"):
                want = None if want is None else Decimal(want)
            if got != want:
                problems.append(f"{row['url']} {name}: got {got!r}, expected {want!r}")
    return problems


def test_every_day_shows_sale_items(extracted: dict[tuple[int, str], list[Row]]) -> None:
    for key, rows in extracted.items():
        assert any(row["regular_price"] for row, _item in rows), key


@pytest.mark.parametrize("day", DAYS)
def test_gipfelwerk_sale_prices_without_selectors(
    extracted: dict[tuple[int, str], list[Row]], day: int
) -> None:
    """Struck 'UVP' prices (`.streichpreis`) become the regular price, never the price."""
    rows = extracted[day, "Gipfelwerk"]
    assert any(row["regular_price"] for row, _item in rows)
    assert mismatches(rows, ("price", "regular_price")) == []


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("shop", SHOPS)
def test_product_pages_without_selectors(
    extracted: dict[tuple[int, str], list[Row]], day: int, shop: str
) -> None:
    assert mismatches(extracted[day, shop], FIELDS) == []


@pytest.mark.parametrize("shop", SHOPS)
def test_category_and_pagination_links_reach_every_product(web: DemoWeb, shop: str) -> None:
    web.set_day(0)
    expected = {canonicalise(row["url"]) for row in web.expected_products(shop)}
    assert crawl_product_links(web, shop) >= expected


def crawl_product_links(web: DemoWeb, shop: str) -> set[str]:
    """Product links seen while following category and pagination links from the homepage."""
    extractor, ctx = extractor_for(PageKind.LISTING), context(web, shop)
    queue, seen, products = deque([canonicalise(ctx.homepage)]), set(), set()
    while queue and len(seen) < MAX_LISTING_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        page = fetch(url)
        if page.status != 200 or "html" not in page.headers.get("content-type", ""):
            continue
        for link in extractor.extract(page, ctx).links:
            if link.kind == PageKind.PRODUCT:
                products.add(link.url)
            elif link.priority >= CATEGORY_PRIORITY:
                queue.append(link.url)
    return products
