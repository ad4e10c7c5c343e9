"""The single-page-app demo shop: an empty HTML shell, the catalog only in its JSON API."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from decimal import Decimal
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import yaml

from crawlers.config.models import Config
from schedules.demo.web import DemoSite, DemoWeb

SPA = "Vildmarksboden"
AVAILABILITY = {
    "IN_STOCK": "InStock",
    "OUT_OF_STOCK": "OutOfStock",
    "BACKORDER": "BackOrder",
    "PREORDER": "PreOrder",
}
"""The API's availability enum → the ground truth's schema.org names."""

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy


def fetch(url: str) -> tuple[int, Message, bytes]:
    try:
        with _opener.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def get_json(url: str) -> Any:
    status, headers, body = fetch(url)
    assert status == 200, url
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body)


def api_catalog(site: DemoSite, per_page: int = 12) -> list[dict[str, Any]]:
    """Every listed item, following the API's pages the way the app's 'load more' does."""
    items: list[dict[str, Any]] = []
    page, pages = 0, 1
    while page < pages:
        data = get_json(site.url(f"/api/v1/catalog?page={page + 1}&per_page={per_page}"))
        assert data["page"] == page + 1 and data["items"]
        items += data["items"]
        page, pages = data["page"], data["pages"]
    assert data["total"] == len(items)
    return items


def as_truth(site: DemoSite, item: dict[str, Any]) -> dict[str, Any]:
    """An API item in the ground truth's terms."""
    compare = item["compareAtPrice"]
    return {
        "url": urljoin(site.base_url, item["url"]),
        "name": item["title"],
        "sku": item["sku"],
        "brand": item["brand"]["name"],
        "category": item["category"]["name"],
        "price": Decimal(item["price"]["amount"]),
        "regular_price": compare and Decimal(compare["amount"]),
        "currency": item["price"]["currency"],
        "availability": AVAILABILITY[item["availability"]],
    }


def truth_rows(web: DemoWeb) -> list[dict[str, Any]]:
    """The ground truth with prices as Decimal and without the GTIN (listings omit it)."""
    return [
        {
            **{k: v for k, v in row.items() if k != "gtin"},
            "price": Decimal(row["price"]),
            "regular_price": row["regular_price"] and Decimal(row["regular_price"]),
        }
        for row in web.expected_products(SPA)
    ]


def shell_paths(web: DemoWeb) -> list[str]:
    product = urlsplit(web.expected_products(SPA)[0]["url"]).path
    categories = get_json(web.site(SPA).url("/api/v1/home"))["categories"]
    return ["/", "/sortiment", categories[0]["url"], product, "/om-oss"]


def test_every_page_is_the_same_empty_app_shell(web: DemoWeb) -> None:
    site = web.site(SPA)
    bodies = set()
    for path in shell_paths(web):
        status, headers, body = fetch(site.url(path))
        assert status == 200, path
        assert headers.get_content_type() == "text/html"
        bodies.add(body)
    assert len(bodies) == 1
    shell = bodies.pop().decode()
    assert re.search(r"<title>Vildmarksboden</title>", shell)
    assert '<div id="app" data-api="/api/v1"></div>' in shell
    assert re.search(r'<script type="module"[^>]* src="/assets/app\.[0-9a-f]{8}\.js"', shell)
    assert "JavaScript" in re.search(r"<noscript>(.*?)</noscript>", shell, re.S)[1]
    assert "<a " not in shell and "/p/" not in shell and "ld+json" not in shell
    assert "http" not in shell  # nothing external for a browser without internet
    for row in web.expected_products(SPA):
        assert row["name"] not in shell and row["sku"] not in shell
    assert not re.search(r"\d[\d\s\u00a0]*[.,]\d\d|\bkr\b", shell)


def test_unknown_pages_answer_the_shell_with_a_404(web: DemoWeb) -> None:
    site = web.site(SPA)
    _, _, shell = fetch(site.base_url)
    for path in ("/p/no-such-tent", "/kategori/no-such-category", "/no/such/page"):
        status, _, body = fetch(site.url(path))
        assert (status, body) == (404, shell), path


def test_api_pages_list_the_ground_truth_on_day_zero(web: DemoWeb) -> None:
    site = web.site(SPA)
    items = api_catalog(site)
    assert len({i["slug"] for i in items}) == len(items)
    assert sorted((as_truth(site, i) for i in items), key=lambda r: r["url"]) == sorted(
        truth_rows(web), key=lambda r: r["url"]
    )
    assert {i["inStock"] for i in items} == {True, False}
    assert all(i["inStock"] == (i["availability"] == "IN_STOCK") for i in items)


def test_api_pages_follow_the_days_changes(fresh_web: DemoWeb) -> None:
    site = fresh_web.site(SPA)
    before = {row["url"]: row for row in truth_rows(fresh_web)}
    fresh_web.set_day(1)
    after = {row["url"]: row for row in truth_rows(fresh_web)}
    listed = {item["url"]: item for item in (as_truth(site, i) for i in api_catalog(site))}
    assert listed == after
    removed, added, kept = before.keys() - after, after.keys() - before, before.keys() & after
    assert removed and added
    assert any(before[u]["price"] != after[u]["price"] for u in kept)
    assert any(before[u]["availability"] != after[u]["availability"] for u in kept)
    assert any(not before[u]["regular_price"] and after[u]["regular_price"] for u in kept)
    for url in removed:
        slug = urlsplit(url).path.rsplit("/", 1)[-1]
        assert fetch(site.url(f"/api/v1/products/{slug}"))[0] == 404
        assert fetch(url)[0] == 404
    for url in added:
        assert fetch(url)[0] == 200


def test_product_endpoint_returns_one_product_or_a_json_404(web: DemoWeb) -> None:
    site = web.site(SPA)
    for row in web.expected_products(SPA):
        slug = urlsplit(row["url"]).path.rsplit("/", 1)[-1]
        product = get_json(site.url(f"/api/v1/products/{slug}"))
        assert as_truth(site, product) == {
            **{k: v for k, v in row.items() if k != "gtin"},
            "price": Decimal(row["price"]),
            "regular_price": row["regular_price"] and Decimal(row["regular_price"]),
        }
        assert product["gtin"] == row["gtin"] and product["description"]
    status, headers, body = fetch(site.url("/api/v1/products/no-such-tent"))
    assert status == 404 and headers.get_content_type() == "application/json"
    assert json.loads(body)["error"]["code"] == "not_found"


def test_catalog_filters_by_category_and_refuses_bad_parameters(web: DemoWeb) -> None:
    site = web.site(SPA)
    categories = get_json(site.url("/api/v1/home"))["categories"]
    total = 0
    for category in categories:
        data = get_json(site.url(f"/api/v1/catalog?per_page=100&category={category['slug']}"))
        assert data["total"] == category["productCount"] == len(data["items"])
        assert {i["category"]["slug"] for i in data["items"]} == {category["slug"]}
        total += data["total"]
    assert total == len(web.expected_products(SPA))
    past_end = get_json(site.url("/api/v1/catalog?page=99"))
    assert past_end["items"] == [] and past_end["total"] == total
    for query in ("per_page=500", "page=0", "page=x"):
        assert fetch(site.url(f"/api/v1/catalog?{query}"))[0] == 400, query
    assert fetch(site.url("/api/v1/catalog?category=nope"))[0] == 404
    assert fetch(site.url("/api/v2/catalog"))[0] == 404


def test_home_api_carries_the_positioning_ground_truth(fresh_web: DemoWeb) -> None:
    site = fresh_web.site(SPA)
    for day in (0, 1):
        fresh_web.set_day(day)
        expected = fresh_web.expected_homepage(SPA)
        home = get_json(site.url("/api/v1/home"))
        assert home["headline"] == expected["h1"] and home["tagline"] == expected["usp"]
        assert home["seo"] == {
            "title": expected["title"],
            "description": expected["meta_description"],
        }
        assert tuple(sorted(home["shop"]["social"])) == expected["social"]
    assert expected["language"] == "sv"


def test_app_and_its_files_are_served_with_their_types(web: DemoWeb) -> None:
    site = web.site(SPA)
    _, _, shell = fetch(site.base_url)
    script = re.search(r'src="(/assets/[^"]+\.js)"', shell.decode())[1]
    style = re.search(r'href="(/assets/[^"]+\.css)"', shell.decode())[1]
    status, headers, body = fetch(site.url(script))
    assert status == 200 and headers.get_content_type() == "text/javascript"
    assert b"/catalog?page=" in body and b"pushState" in body
    assert not re.search(rb"https?://", body)  # no external URLs: the browser is offline
    assert fetch(site.url(style))[1].get_content_type() == "text/css"
    assert fetch(site.url("/assets/app.00000000.js"))[0] == 404
    image = get_json(site.url("/api/v1/catalog?per_page=1"))["items"][0]["image"]
    status, headers, body = fetch(site.url(image))
    assert status == 200 and headers.get_content_type() == "image/svg+xml"
    assert body.startswith(b"<svg")


def test_robots_txt_allows_everything_and_names_no_sitemap(web: DemoWeb) -> None:
    site = web.site(SPA)
    robots = RobotFileParser()
    robots.parse(fetch(site.url("/robots.txt"))[2].decode().splitlines())
    assert robots.site_maps() is None
    product = web.expected_products(SPA)[0]["url"]
    for url in (site.base_url, site.url("/api/v1/catalog?page=2"), product):
        assert robots.can_fetch("*", url), url


def test_config_asks_to_render_the_app_shop(web: DemoWeb) -> None:
    text = web.config_yaml(database_url="sqlite:////tmp/demo.db", exports_dir="out")
    config = Config.model_validate(yaml.safe_load(text))
    entries = {c.name: c for c in config.competitors}
    assert entries[SPA].render == "auto" and "render" in entries[SPA].model_fields_set
    assert all("render" not in c.model_fields_set for n, c in entries.items() if n != SPA)


def test_after_a_move_to_another_api_version_the_old_one_answers_404(
    fresh_web: DemoWeb,
) -> None:
    site = fresh_web.sites[SPA]
    fresh_web.set_api_version(SPA, 2)

    assert fetch(site.url("/api/v1/catalog?page=1"))[0] == 404
    assert get_json(site.url("/api/v2/catalog?page=1"))["items"]
    assert 'data-api="/api/v2"' in fetch(site.base_url)[2].decode()
