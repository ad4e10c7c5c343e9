"""The demo web: loopback-only servers, realistic shops, ground truth that follows the day."""

from __future__ import annotations

import calendar
import gzip
import html
import ipaddress
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import pytest
import yaml

from crawlers.config import parse_config
from schedules.demo.web import DemoWeb, serve_demo_web, serve_generated_web
from schedules.demo.web.content import DAY_ZERO
from schedules.demo.web.expected import ExpectedMention

ALPHA, BIVOUAC, GIPFELWERK, TAIGA, SUMMIT, VILDMARK = (
    "Alpha Outfitters",
    "Le Comptoir du Bivouac",
    "Gipfelwerk",
    "ТайгаСнаб",
    "Summit & Co",
    "Vildmarksboden",
)
SERVER_RENDERED = (ALPHA, BIVOUAC, GIPFELWERK, TAIGA, SUMMIT)
"""Shops whose served HTML holds their content; Vildmarksboden's pages are an empty app
shell rendered by JavaScript from its API (tested in test_demo_spa.py)."""
NBSP, NNBSP = "\u00a0", "\u202f"

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy


class Page:
    """One HTTP answer."""

    def __init__(self, status: int, headers: Message, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        charset = self.headers.get_content_charset() or "utf-8"
        return self.body.decode(charset)

    def json(self) -> object:
        return json.loads(self.body)


def fetch(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Page:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with _opener.open(request, timeout=10) as response:
            return Page(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Page(error.code, error.headers, error.read())


def links(page: Page, base: str) -> set[str]:
    """Absolute URLs of the page's <a href> links."""
    return {
        urljoin(base, html.unescape(h)) for h in re.findall(r'<a [^>]*href="([^"]+)"', page.text)
    }


def visible_text(page: Page) -> str:
    """Text with tags removed and entities decoded, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.text))


def handle(url: str) -> str:
    """The last path segment of a URL: a product's handle on every demo shop."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def grouped(value: Decimal, group: str, decimal: str, places: int = 2) -> str:
    whole, _, fraction = f"{value:.{places}f}".partition(".")
    digits = f"{int(whole):,}".replace(",", group)
    return f"{digits}{decimal}{fraction}" if places else digits


LOCAL_FORMAT: dict[str, Callable[[Decimal], str]] = {
    ALPHA: lambda v: "$" + grouped(v, ",", "."),
    BIVOUAC: lambda v: grouped(v, NNBSP, ",") + NBSP + "€",
    GIPFELWERK: lambda v: grouped(v, ".", ",") + NBSP + "€",
    TAIGA: lambda v: grouped(v, NBSP, "", 0) + " руб.",
    SUMMIT: lambda v: "£" + grouped(v, ",", "."),
}
"""How each shop writes a price, spelled out here independently of the shops' code."""


def test_each_shop_has_its_own_loopback_address(web: DemoWeb) -> None:
    assert set(web.sites) == {ALPHA, BIVOUAC, GIPFELWERK, TAIGA, SUMMIT, VILDMARK}
    origins = set()
    for site in web.sites.values():
        parts = urlsplit(site.base_url)
        assert parts.scheme == "http" and parts.path == "/"
        assert ipaddress.ip_address(parts.hostname).is_loopback
        assert parts.port and parts.port > 0
        origins.add(parts.netloc)
    assert len(origins) == len(web.sites)


def test_every_ground_truth_product_page_shows_its_name_and_local_prices(web: DemoWeb) -> None:
    for name in SERVER_RENDERED:
        truth = web.expected_products(name)
        assert 20 <= len(truth) <= 60
        assert any(row["regular_price"] for row in truth), f"{name} has no sale"
        assert any(Decimal(row["price"]) >= 1000 for row in truth), f"{name}: no digit groups"
        for row in truth:
            page = fetch(row["url"])
            assert page.status == 200, row["url"]
            text = visible_text(page)
            assert row["name"] in text
            assert LOCAL_FORMAT[name](Decimal(row["price"])) in text, row
            if row["regular_price"]:
                assert LOCAL_FORMAT[name](Decimal(row["regular_price"])) in text, row


def test_ground_truth_rows_are_complete_and_comparable(web: DemoWeb) -> None:
    currencies = {
        name: {row["currency"] for row in web.expected_products(name)} for name in web.sites
    }
    assert currencies == {
        ALPHA: {"USD"},
        BIVOUAC: {"EUR"},
        GIPFELWERK: {"EUR"},
        TAIGA: {"RUB"},
        SUMMIT: {"GBP"},
        VILDMARK: {"SEK"},
    }
    ours = {row["gtin"] for row in web.expected_products(SUMMIT)}
    for name in (ALPHA, BIVOUAC, GIPFELWERK, TAIGA, VILDMARK):
        rows = web.expected_products(name)
        assert {"url", "name", "sku", "price", "regular_price", "currency", "availability"} <= set(
            rows[0]
        )
        assert len({row["url"] for row in rows}) == len(rows)
        assert ours & {row["gtin"] for row in rows}, f"{name} shares no product with us"
        for row in rows:
            assert Decimal(row["price"]) > 0
            assert row["regular_price"] is None or Decimal(row["regular_price"]) > Decimal(
                row["price"]
            )
    availabilities = {row["availability"] for n in web.sites for row in web.expected_products(n)}
    assert {"InStock", "OutOfStock", "BackOrder", "PreOrder"} <= availabilities


def test_russian_shop_is_windows_1251_declared_only_in_the_header(web: DemoWeb) -> None:
    row = web.expected_products(TAIGA)[0]
    page = fetch(row["url"])
    assert page.headers.get_content_charset() == "windows-1251"
    assert b"charset" not in page.body.lower()
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")
    assert row["name"].encode("cp1251") in page.body
    assert (
        "В наличии".encode("cp1251") in page.body or "Нет в наличии".encode("cp1251") in page.body
    )
    assert 'itemprop="priceCurrency" content="RUB"' in page.text


def test_robots_txt_disallows_paths_that_pages_link_to(web: DemoWeb) -> None:
    for name in SERVER_RENDERED:
        site = web.sites[name]
        page = fetch(site.url("/robots.txt"))
        assert page.status == 200 and page.headers.get_content_type() == "text/plain"
        robots = RobotFileParser()
        robots.parse(page.text.splitlines())
        linked = {
            u for u in links(fetch(site.base_url), site.base_url) if u.startswith(site.base_url)
        }
        blocked = [u for u in linked if not robots.can_fetch("*", u)]
        assert blocked, f"{name}: no homepage link is disallowed"
        assert robots.can_fetch("*", web.expected_products(name)[0]["url"])


def test_robots_txt_declares_the_sitemaps_that_exist(web: DemoWeb) -> None:
    for name, site in web.sites.items():
        robots = RobotFileParser()
        robots.parse(fetch(site.url("/robots.txt")).text.splitlines())
        for sitemap in robots.site_maps() or []:
            assert sitemap.startswith(site.base_url)
            assert fetch(sitemap).status == 200, name
    taiga = RobotFileParser()
    taiga.parse(fetch(web.sites[TAIGA].url("/robots.txt")).text.splitlines())
    assert taiga.site_maps() is None


def test_gzip_sitemap_lists_every_product(web: DemoWeb) -> None:
    site = web.sites[GIPFELWERK]
    assert f"Sitemap: {site.url('/sitemap.xml.gz')}" in fetch(site.url("/robots.txt")).text
    xml = gzip.decompress(fetch(site.url("/sitemap.xml.gz")).body).decode()
    locs = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    assert {row["url"] for row in web.expected_products(GIPFELWERK)} <= locs


def test_shopify_sitemap_index_leads_to_every_product(web: DemoWeb) -> None:
    site = web.sites[ALPHA]
    index = fetch(site.url("/sitemap.xml")).text
    assert "<sitemapindex" in index
    product_maps = [
        html.unescape(u) for u in re.findall(r"<loc>([^<]+)</loc>", index) if "products" in u
    ]
    locs = set(re.findall(r"<loc>([^<]+)</loc>", fetch(product_maps[0]).text))
    assert locs == {row["url"] for row in web.expected_products(ALPHA)}


def test_shopify_products_json_has_the_storefront_shape(web: DemoWeb) -> None:
    site = web.sites[ALPHA]
    data = fetch(site.url("/products.json?limit=250&page=1")).json()
    assert isinstance(data, dict)
    products = data["products"]
    truth = {handle(row["url"]): row for row in web.expected_products(ALPHA)}
    assert {p["handle"] for p in products} == set(truth)
    for product in products:
        assert {"title", "vendor", "product_type", "tags", "images", "options"} <= set(product)
        row, variant = truth[product["handle"]], product["variants"][0]
        assert isinstance(variant["price"], str) and isinstance(variant["available"], bool)
        assert Decimal(variant["price"]) == Decimal(row["price"])
        compare = variant["compare_at_price"]
        assert (compare and Decimal(compare)) == (
            row["regular_price"] and Decimal(row["regular_price"])
        )
        assert variant["sku"] == row["sku"]
        assert variant["available"] == (row["availability"] == "InStock")
    assert fetch(site.url("/products.json?limit=250&page=2")).json() == {"products": []}
    assert len(fetch(site.url("/products.json")).json()["products"]) == 30  # Shopify's default


def test_woocommerce_store_api_has_the_store_api_shape(web: DemoWeb) -> None:
    site = web.sites[BIVOUAC]
    page = fetch(site.url("/wp-json/wc/store/v1/products?per_page=100&page=1"))
    truth = {row["url"]: row for row in web.expected_products(BIVOUAC)}
    products = page.json()
    assert isinstance(products, list)
    assert page.headers["X-WP-Total"] == str(len(truth)) and page.headers["X-WP-TotalPages"] == "1"
    assert {p["permalink"] for p in products} == set(truth)
    for product in products:
        row, prices = truth[product["permalink"]], product["prices"]
        minor = Decimal(10) ** prices["currency_minor_unit"]
        assert isinstance(prices["price"], str) and prices["currency_code"] == "EUR"
        assert Decimal(prices["price"]) / minor == Decimal(row["price"])
        regular = Decimal(prices["regular_price"]) / minor
        assert regular == Decimal(row["regular_price"] or row["price"])
        assert product["sku"] == row["sku"] and product["on_sale"] == bool(row["regular_price"])
        assert product["is_in_stock"] == (row["availability"] != "OutOfStock")
    paged = fetch(site.url("/wp-json/wc/store/v1/products?per_page=10&page=2"))
    assert paged.headers["X-WP-TotalPages"] == str(-(-len(truth) // 10))
    assert len(paged.json()) == 10
    assert 'page=3>; rel="next"' in ", ".join(paged.headers.get_all("Link"))
    assert fetch(site.url("/wp-json/wc/store/v1/products?per_page=500")).status == 400


def test_wordpress_redirects_paths_without_their_trailing_slash(web: DemoWeb) -> None:
    site = web.sites[BIVOUAC]
    page = fetch(site.url("/product-category/tentes?orderby=price"))
    assert page.status == 200
    assert (BIVOUAC, "GET", "/product-category/tentes?orderby=price", 301) in web.requests
    assert (BIVOUAC, "GET", "/product-category/tentes/?orderby=price", 200) in web.requests


def test_homepages_carry_the_positioning_ground_truth(web: DemoWeb) -> None:
    for name in SERVER_RENDERED:
        site = web.sites[name]
        expected = web.expected_homepage(name)
        page = fetch(site.base_url)
        text = html.unescape(page.text)
        assert re.search(rf'<html[^>]* lang="{expected["language"]}"', page.text)
        for field in ("title", "meta_description", "h1", "usp"):
            assert expected[field] in text, (name, field)
        homepage_links = links(page, site.base_url)
        assert set(expected["social"]) <= homepage_links
        for language in expected["languages"]:
            assert language == expected["language"] or f'hreflang="{language}"' in page.text
    assert len(web.expected_homepage(BIVOUAC)["languages"]) > 1


def test_share_links_point_at_networks_but_are_not_profiles(web: DemoWeb) -> None:
    for name in SERVER_RENDERED:
        row = web.expected_products(name)[0]
        page_links = links(fetch(row["url"]), row["url"]) | links(
            fetch(web.sites[name].base_url), row["url"]
        )
        shares = {
            u
            for u in page_links
            if re.search(r"share|sharer|intent|/pin/create|wa\.me|offer\?url", u)
        }
        assert shares, name
        assert not shares & set(web.expected_homepage(name)["social"])


def test_session_ids_and_tracking_parameters_lead_to_existing_pages(web: DemoWeb) -> None:
    gipfelwerk = web.sites[GIPFELWERK]
    session_links = [
        u for u in links(fetch(gipfelwerk.base_url), gipfelwerk.base_url) if ";jsessionid=" in u
    ]
    assert session_links
    for url in session_links:
        clean = re.sub(r";jsessionid=[^?#]*", "", url)
        assert fetch(url).body == fetch(clean).body
    taiga = web.sites[TAIGA]
    sid_links = [u for u in links(fetch(taiga.base_url), taiga.base_url) if "?sid=" in u]
    assert sid_links
    truth = {row["url"] for row in web.expected_products(TAIGA)}
    for url in sid_links:
        page = fetch(url)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.text)
        assert page.status == 200 and canonical and canonical[1] in truth
    alpha = web.sites[ALPHA]
    nested = [
        u
        for u in links(fetch(alpha.url("/collections/tents")), alpha.base_url)
        if "/collections/tents/products/" in u
    ]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', fetch(nested[0]).text)
    assert canonical and canonical[1] in {row["url"] for row in web.expected_products(ALPHA)}


def test_listings_paginate(web: DemoWeb) -> None:
    later_pages = {
        ALPHA: "/collections/tents?page=2",
        BIVOUAC: "/product-category/tentes/page/2/",
        GIPFELWERK: "/kategorie/zelte?seite=2",
        TAIGA: "/catalog/palatki/?PAGEN_1=2",
        SUMMIT: "/shop/tents?page=1",
    }
    for name, path in later_pages.items():
        site = web.sites[name]
        page = fetch(site.url(path))
        handles = {handle(row["url"]) for row in web.expected_products(name)}
        assert page.status == 200
        assert {handle(u) for u in links(page, site.url(path))} & handles, name


def test_request_log_records_site_method_path_and_status(fresh_web: DemoWeb) -> None:
    site = fresh_web.sites[ALPHA]
    product = fresh_web.expected_products(ALPHA)[0]["url"]
    path = urlsplit(product).path
    fetch(product + "?variant=1&utm_source=test")
    fetch(product, method="HEAD")
    fetch(site.url("/no-such-page"))
    log = [r for r in fresh_web.requests if r.site == ALPHA]
    assert (ALPHA, "GET", f"{path}?variant=1&utm_source=test", 200) in log
    assert (ALPHA, "HEAD", path, 200) in log
    assert (ALPHA, "GET", "/no-such-page", 404) in log


def test_disallowed_requests_are_reported(fresh_web: DemoWeb) -> None:
    alpha, bivouac = fresh_web.sites[ALPHA], fresh_web.sites[BIVOUAC]
    fetch(alpha.url("/cart"))
    fetch(alpha.url("/collections/tents?sort_by=price-ascending"))
    fetch(bivouac.url("/product-category/tentes/?add-to-cart=1021"))
    fetch(alpha.url("/collections/tents"))
    reported = {(r.site, r.path) for r in fresh_web.disallowed_requests()}
    assert reported == {
        (ALPHA, "/cart"),
        (ALPHA, "/collections/tents?sort_by=price-ascending"),
        (BIVOUAC, "/product-category/tentes/?add-to-cart=1021"),
    }


def test_day_one_changes_prices_stock_catalog_and_homepage(fresh_web: DemoWeb) -> None:
    before = {row["url"]: row for row in fresh_web.expected_products(ALPHA)}
    home_before = fresh_web.expected_homepage(ALPHA)
    fresh_web.set_day(1)
    assert fresh_web.day == 1
    after = {row["url"]: row for row in fresh_web.expected_products(ALPHA)}
    removed, added = set(before) - set(after), set(after) - set(before)
    assert removed and added
    kept = set(before) & set(after)
    assert any(Decimal(after[u]["price"]) > Decimal(before[u]["price"]) for u in kept)
    assert any(before[u]["regular_price"] is None and after[u]["regular_price"] for u in kept)
    assert any(before[u]["availability"] != after[u]["availability"] for u in kept)
    assert fresh_web.fault_urls()["removed_product"] in removed
    for url in removed:
        assert fetch(url).status == 404
    for url in added:
        assert fetch(url).status == 200
    handles = {
        p["handle"]
        for p in fetch(fresh_web.sites[ALPHA].url("/products.json?limit=250")).json()["products"]
    }
    assert {handle(u) for u in added} <= handles
    assert not {handle(u) for u in removed} & handles
    home_after = fresh_web.expected_homepage(ALPHA)
    assert home_after["h1"] != home_before["h1"] and home_after["usp"] != home_before["usp"]
    assert html.escape(home_after["h1"], quote=True) in fetch(fresh_web.sites[ALPHA].base_url).text


def test_day_two_takes_one_shop_down_and_day_three_brings_it_back(fresh_web: DemoWeb) -> None:
    fresh_web.set_day(2)
    down = [name for name in fresh_web.sites if fresh_web.is_down(name)]
    assert len(down) == 1
    site = fresh_web.sites[down[0]]
    for path in ("/robots.txt", "/", urlsplit(fresh_web.expected_products(down[0])[0]["url"]).path):
        assert fetch(site.url(path)).status == 503
    for name, other in fresh_web.sites.items():
        if name != down[0]:
            assert fetch(other.url("/robots.txt")).status == 200
    fresh_web.set_day(3)
    assert not fresh_web.is_down(down[0]) and fetch(site.base_url).status == 200
    with pytest.raises(ValueError, match="demo day"):
        fresh_web.set_day(fresh_web.last_day + 1)


def test_set_down_answers_503_until_brought_back(fresh_web: DemoWeb) -> None:
    site = fresh_web.sites[SUMMIT]
    fresh_web.set_down(SUMMIT, True)
    assert fetch(site.url("/robots.txt")).status == 503
    assert fetch(site.base_url).status == 503
    fresh_web.set_down(SUMMIT, False)
    assert fetch(site.base_url).status == 200


def test_conditional_and_compressed_responses(web: DemoWeb) -> None:
    url = web.expected_products(ALPHA)[0]["url"]
    first = fetch(url)
    etag = first.headers["ETag"]
    assert etag and fetch(url, headers={"If-None-Match": etag}).status == 304
    packed = fetch(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == first.body


def test_faults_transient_errors_and_malformed_json_ld() -> None:
    with serve_demo_web(faults=True) as web:
        faults = web.fault_urls()
        assert [fetch(faults["transient_500"]).status for _ in range(3)] == [500, 500, 200]
        page = fetch(faults["malformed_json_ld"]).text
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        with pytest.raises(json.JSONDecodeError):
            json.loads(blocks[0])
        assert 'property="product:price:amount"' in page
        assert web.errors == []


def test_fault_traps_never_end() -> None:
    with serve_demo_web(faults=True) as web:
        url = web.fault_urls()["calendar_trap"]
        seen = set()
        for _ in range(30):
            page = fetch(url)
            assert page.status == 200
            seen.add(url)
            url = urljoin(
                url, html.unescape(re.search(r'href="([^"]+)" class="vor"', page.text)[1])
            )
        assert len(seen) == 30 and url not in seen
        endless = fetch(web.fault_urls()["endless_pagination"].replace("page=2", "page=500"))
        assert endless.status == 200 and 'href="/angebote?page=501"' in endless.text


def test_without_faults_the_traps_end() -> None:
    with serve_demo_web() as web:
        site = web.sites[GIPFELWERK]
        assert fetch(site.url("/veranstaltungen?monat=2030-01")).status == 404
        assert "?page=2" not in fetch(site.url("/angebote")).text
        assert web.fault_urls().keys() == {"removed_product"}
        assert all(r.status != 500 for r in web.requests)


def test_slow_page_answers_in_full_and_close_frees_the_ports() -> None:
    web = serve_demo_web(faults=True)
    slow = web.fault_urls()["slow"]
    page = fetch(slow)
    assert page.status == 200 and page.text.rstrip().endswith("</html>")
    web.close()
    parts = urlsplit(slow)
    with socket.socket() as probe, pytest.raises(OSError):
        probe.connect((parts.hostname, parts.port))


def test_config_yaml_describes_every_shop(web: DemoWeb) -> None:
    config = yaml.safe_load(
        web.config_yaml(database_url="sqlite:////tmp/demo.db", exports_dir="out")
    )
    assert config["database"] == "sqlite:////tmp/demo.db"
    assert config["exports"] == {"dir": "out", "formats": ["json", "csv", "xlsx"]}
    assert config["crawl"]["obey_robots"] is True
    entries = {entry["name"]: entry for entry in config["competitors"]}
    assert set(entries) == set(web.sites)
    for name, site in web.sites.items():
        assert entries[name]["homepage"] == site.base_url
        assert entries[name]["kind"] == site.kind
        assert entries[name].get("catalog") == site.catalog_hints
    assert entries[SUMMIT]["kind"] == "self"
    selectors = entries[GIPFELWERK]["catalog"]["selectors"]
    assert {"product_link", "name", "price", "sku", "availability"} <= set(selectors)


def test_generated_web_serves_the_requested_catalog() -> None:
    with serve_generated_web(n_products=120, n_sites=2) as web:
        assert len(web.sites) == 2
        for name, site in web.sites.items():
            truth = web.expected_products(name)
            assert len(truth) == 120
            index = fetch(site.url("/sitemap.xml")).text
            sitemap = re.findall(r"<loc>([^<]+)</loc>", index)[0]
            assert set(re.findall(r"<loc>([^<]+)</loc>", fetch(sitemap).text)) == {
                r["url"] for r in truth
            }
            page = fetch(truth[10]["url"]).text
            data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S)[1])
            assert Decimal(data["offers"]["price"]) == Decimal(truth[10]["price"])
        assert web.errors == []


# --- content: blogs, video channels, news mentions ------------------------------------------

BLOGS = (ALPHA, BIVOUAC)
"""Shops with a blog: a WordPress one (Bivouac) and a Shopify one (Alpha)."""


def feed_time(entry: feedparser.FeedParserDict, key: str) -> datetime | None:
    """An entry's date as an aware UTC datetime (feedparser normalises to UTC)."""
    parsed = entry.get(f"{key}_parsed")
    return None if parsed is None else datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def time_attr(fragment: str) -> datetime:
    return datetime.fromisoformat(re.search(r'datetime="([^"]+)"', fragment)[1])


def feed_pages(first: str, param: str) -> tuple[list[feedparser.FeedParserDict], Page]:
    """Entries of every page of a paged feed, and the answer past its last page."""
    entries: list[feedparser.FeedParserDict] = []
    for n in range(1, 20):
        page = fetch(first + (f"?{param}={n}" if n > 1 else ""))
        if page.status != 200:
            return entries, page
        entries += feedparser.parse(page.body).entries
    raise AssertionError(f"{first} never ends")


def test_wordpress_feed_pages_list_every_post_with_dates_authors_and_comments(
    web: DemoWeb,
) -> None:
    site, expected = web.sites[BIVOUAC], web.expected_posts(BIVOUAC)
    home = fetch(site.base_url).text
    assert (
        f'type="application/rss+xml" title="{BIVOUAC} &raquo; Flux" href="{site.url("/feed/")}"'
        in home
    )
    assert site.url("/comments/feed/") in home
    assert '<meta name="generator" content="WordPress 6.' in home
    entries, past_end = feed_pages(site.url("/feed/"), "paged")
    assert past_end.status == 404
    assert len(entries) == len(expected) == 20  # two pages of 10
    assert [e.link for e in entries] == [p.url for p in expected]
    for entry, post in zip(entries, expected, strict=True):
        assert entry.title == post.title
        assert feed_time(entry, "published") == post.published
        assert (entry.author,) == post.authors
        assert int(entry.slash_comments) == post.comments
        assert entry.wfw_commentrss == post.url + "feed/"
    assert len({p.comments for p in expected}) > 5 and 0 in {p.comments for p in expected}
    first = fetch(site.url("/feed/")).body
    assert b"<pubDate>" in first and b" +0000</pubDate>" in first


def test_wordpress_blog_index_pages_end_in_404(web: DemoWeb) -> None:
    site, expected = web.sites[BIVOUAC], web.expected_posts(BIVOUAC)
    listed, url = [], site.url("/blog/")
    while True:
        page = fetch(url)
        assert page.status == 200
        listed += re.findall(r'<h2 class="alpha entry-title"><a href="([^"]+)"', page.text)
        following = re.search(r'<link rel="next" href="([^"]+)"', page.text)
        if not following:
            break
        url = following[1]
    assert listed == [p.url for p in expected]
    assert url == site.url("/blog/page/3/")
    assert fetch(site.url("/blog/page/4/")).status == 404


def test_wordpress_post_pages_show_what_the_ground_truth_says(web: DemoWeb) -> None:
    expected = web.expected_posts(BIVOUAC)
    assert any(p.modified for p in expected) and any(p.comments == 1 for p in expected)
    for post in expected:
        page = fetch(post.url)
        text = page.text
        assert re.search(r'<link rel="canonical" href="([^"]+)"', text)[1] == post.url
        assert f'<h1 class="entry-title">{html.escape(post.title)}</h1>' in text
        published = re.search(r'<time class="entry-date published[^"]*"[^>]*>', text)[0]
        assert time_attr(published) == post.published
        updated = re.search(r'<time class="updated"[^>]*>', text)
        assert (updated and time_attr(updated[0])) == (post.modified or None)
        assert f'rel="author">{post.authors[0]}</a>' in text
        assert text.count('<li class="comment ') == post.comments
        heading = re.search(r'<h2 class="comments-title">([^<]*)', text)
        if post.comments == 0:
            assert heading is None and "Laisser un commentaire" in text
        elif post.comments == 1:
            assert heading[1].startswith("Une réflexion sur")
        else:
            assert heading[1].startswith(f"{post.comments} réflexions sur")
        views = re.search(r'<span class="post-views-count">([^<]+)</span>', text)[1]
        assert int(views.replace(NBSP, "")) == post.views
        comments_feed = feedparser.parse(fetch(post.url + "feed/").body)
        assert len(comments_feed.entries) == min(post.comments, 10)  # WordPress: 10 a page


def test_shopify_blog_atom_feed_index_and_articles_match_the_ground_truth(web: DemoWeb) -> None:
    site, expected = web.sites[ALPHA], web.expected_posts(ALPHA)
    page = fetch(site.url("/blogs/news"))
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Feed" href="/blogs/news.atom"'
        in page.text
    )
    atom = fetch(site.url("/blogs/news.atom"))
    assert atom.headers.get_content_type() == "application/atom+xml"
    assert b'<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">' in atom.body
    feed = feedparser.parse(atom.body)
    assert not feed.bozo and [e.link for e in feed.entries] == [p.url for p in expected]
    for entry, post in zip(feed.entries, expected, strict=True):
        assert entry.title == post.title and (entry.author,) == post.authors
        assert feed_time(entry, "published") == post.published
        assert feed_time(entry, "updated") == (post.modified or post.published)
        assert "slash_comments" not in entry and entry.content[0].type == "text/html"
    listed = []
    for n in (1, 2, 3):
        index = fetch(site.url(f"/blogs/news?page={n}"))
        assert index.status == 200  # Shopify answers an empty page past the end
        listed += [
            site.url(h)
            for h in re.findall(
                r'<a href="(/blogs/news/[\w-]+)" class="full-unstyled-link"', index.text
            )
        ]
    assert listed == [p.url for p in expected]
    for post in expected:
        text = fetch(post.url).text
        assert time_attr(re.search(r"<time [^>]*>", text)[0]) == post.published
        assert f"By {post.authors[0]}" in text
        assert text.count('class="article-template__comments-comment"') == post.comments
        heading = re.search(r'<h2 id="Comments-\d+" tabindex="-1">([^<]+)</h2>', text)
        shown = {0: None, 1: "1 comment"}.get(post.comments, f"{post.comments} comments")
        assert (heading and heading[1]) == shown


def test_each_day_publishes_one_post_per_blog_and_comments_only_grow(fresh_web: DemoWeb) -> None:
    assert fresh_web.today == DAY_ZERO
    before = {name: fresh_web.expected_posts(name) for name in BLOGS}
    for day in range(1, fresh_web.last_day + 1):
        fresh_web.set_day(day)
        assert fresh_web.today == DAY_ZERO + timedelta(days=day)
        for name in BLOGS:
            after = fresh_web.expected_posts(name)
            old = {p.url: p for p in before[name]}
            new = [p for p in after if p.url not in old]
            assert len(new) == 1 and after[0] == new[0], (name, day)
            assert new[0].published.date() == fresh_web.today
            assert {p.url for p in after} >= set(old)
            assert all(p.comments >= old[p.url].comments for p in after if p.url in old)
            if day == 2:
                assert any(p.comments > old[p.url].comments for p in after if p.url in old)
            before[name] = after
        if day == 2:  # Bivouac is down on day 2; Alpha's feed shows the day's post first
            atom = feedparser.parse(fetch(fresh_web.sites[ALPHA].url("/blogs/news.atom")).body)
            assert atom.entries[0].link == before[ALPHA][0].url
    wordpress, _ = feed_pages(fresh_web.sites[BIVOUAC].url("/feed/"), "paged")
    assert [e.link for e in wordpress] == [p.url for p in before[BIVOUAC]]
    assert len(before[BIVOUAC]) == 23 and len(before[ALPHA]) == 12


def test_video_channel_feeds_carry_views_and_ratings(web: DemoWeb) -> None:
    for name in BLOGS:
        config = web.sites[name].media_feeds
        expected = web.expected_videos(name)
        assert len(config["videos"]) == 1 and expected
        feed = feedparser.parse(fetch(config["videos"][0]).body)
        assert not feed.bozo and feed.feed.title == expected[0].channel
        assert [e.link for e in feed.entries] == [v.url for v in expected]
        for entry, video in zip(feed.entries, expected, strict=True):
            assert entry.yt_videoid and entry.title == video.title
            assert feed_time(entry, "published") == video.published
            assert int(entry.media_statistics["views"]) == video.views
            rating = entry.media_starrating
            assert int(rating["count"]) == video.rating_count
            assert (Decimal(rating["average"]) if video.rating else None) == video.rating
    assert any(v.rating is None for v in web.expected_videos(ALPHA))
    assert web.expected_videos(GIPFELWERK) == []


def test_news_feeds_name_each_story_once_in_the_ground_truth(web: DemoWeb) -> None:
    for name, site in web.sites.items():
        expected = {m.title: m for m in web.expected_mentions(name)}
        assert len(site.media_feeds["mentions"]) == 2 and expected
        seen: dict[str, set[str]] = {}
        links = []
        for url in site.media_feeds["mentions"]:
            feed = feedparser.parse(fetch(url).body)
            assert not feed.bozo
            for entry in feed.entries:
                source = entry.source["title"]
                assert entry.title.endswith(f" - {source}")
                seen.setdefault(entry.title.removesuffix(f" - {source}"), set()).add(entry.link)
                links.append(entry.link)
                assert urlsplit(entry.link).hostname not in {urlsplit(site.base_url).hostname}
        assert set(seen) == set(expected), name
        for title, urls in seen.items():
            assert urls == set(expected[title].urls)
            assert expected[title].url == expected[title].urls[0]
        assert any(len(urls) > 1 for urls in seen.values()), f"{name}: nothing syndicated"
        assert len(links) > len(set(links)), f"{name}: no entry listed in both feeds"


def test_media_host_is_served_but_not_a_competitor(web: DemoWeb) -> None:
    media = web.media
    assert media.name not in web.sites
    assert ipaddress.ip_address(urlsplit(media.base_url).hostname).is_loopback
    text = web.config_yaml(database_url="sqlite:////tmp/demo.db", exports_dir="out")
    entries = {e["name"]: e for e in yaml.safe_load(text)["competitors"]}
    assert set(entries) == set(web.sites)
    for name, entry in entries.items():
        feeds = entry.get("videos", []) + entry["mentions"]
        assert all(url.startswith(media.base_url) for url in feeds)
        assert ("videos" in entry) == (name in BLOGS)
    config = parse_config(text, source=Path("rivalwatch.yaml"))
    assert {str(u) for c in config.competitors for u in c.mentions} == {
        u for e in entries.values() for u in e["mentions"]
    }
    assert fetch(media.url("/feeds/videos.xml?channel_id=UCnobody")).status == 404
    assert web.expected_social(ALPHA) == web.expected_homepage(ALPHA)["social"]


def test_content_faults_leave_the_ground_truth_unchanged() -> None:
    def truth(web: DemoWeb) -> dict[str, tuple[list[tuple[object, ...]], list[ExpectedMention]]]:
        """Posts without the port (which differs between webs), and mentions."""
        return {
            n: (
                [(urlsplit(p.url).path, p.published, p.comments) for p in web.expected_posts(n)],
                web.expected_mentions(n),
            )
            for n in BLOGS
        }

    with serve_demo_web() as clean:
        without_faults = truth(clean)
    with serve_demo_web(faults=True) as web:
        assert truth(web) == without_faults
        faults = web.fault_urls()
        wordpress = fetch(faults["feed_mislabelled_encoding"])
        assert wordpress.headers.get_content_charset().lower() == "utf-8"
        assert wordpress.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        with pytest.raises(UnicodeDecodeError):
            wordpress.body.decode("utf-8")
        titles = [p.title for p in web.expected_posts(BIVOUAC)[:10]]
        assert all(
            f"<title>{html.escape(t)}</title>" in wordpress.body.decode("cp1252") for t in titles
        )
        atom = feedparser.parse(fetch(faults["feed_undated_entry"]).body)
        undated = [e for e in atom.entries if "published" not in e and "updated" not in e]
        assert len(undated) == 1 and len(atom.entries) == len(web.expected_posts(ALPHA))
        page = fetch(undated[0].link).text
        post = next(p for p in web.expected_posts(ALPHA) if p.url == undated[0].link)
        assert time_attr(re.search(r"<time [^>]*>", page)[0]) == post.published
        news = feedparser.parse(fetch(faults["feed_duplicate_entry"]).body)
        links = [e.link for e in news.entries]
        assert len(links) == len(set(links)) + 1
        assert web.errors == []


def test_serving_only_some_shops(web: DemoWeb) -> None:
    with serve_demo_web(only=["alpha", BIVOUAC]) as small:
        assert set(small.sites) == set(BLOGS)
        text = small.config_yaml(database_url="sqlite:////tmp/demo.db", exports_dir="out")
        assert [e["name"] for e in yaml.safe_load(text)["competitors"]] == [ALPHA, BIVOUAC]
        assert len(small.expected_posts(ALPHA)) == len(web.expected_posts(ALPHA))
    with pytest.raises(KeyError, match="nosuchshop"):
        serve_demo_web(only=["nosuchshop"])
