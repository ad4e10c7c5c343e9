"""The generic spider on scripted sites: fallbacks, budgets, traps and failures."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from crawlers.config import Config, parse_config
from schedules.runner import RunReport, run_once
from storage.repository import Repository
from tests.crawlers.spiders.site import ScriptedSite, product_page, serve

pytestmark = pytest.mark.crawl


def config_for(tmp_path: Path, homepage: str, **crawl: object) -> Config:
    settings = {"retries": 1, "retry_backoff_s": 0.01, "timeout_s": 5, **crawl}
    crawl_yaml = ", ".join(f"{k}: {v}" for k, v in settings.items())
    text = f"""
database: sqlite:///{tmp_path / "rw.db"}
exports: {{dir: {tmp_path / "exports"}, formats: [json]}}
crawl: {{{crawl_yaml}}}
competitors:
  - name: Scripted
    homepage: {homepage}
"""
    return parse_config(text, source=tmp_path / "rivalwatch.yaml")


def crawl(
    tmp_path: Path, site: ScriptedSite, **crawl_settings: object
) -> tuple[RunReport, set[str]]:
    config = config_for(tmp_path, site.base_url, **crawl_settings)
    report = run_once(config, trigger="test")
    repository = Repository.from_url(config.database)
    competitor = repository.competitor_by_name("Scripted")
    assert competitor is not None
    names = {state.name for state in repository.product_states(competitor.id).values()}
    return report, {name for name in names if name}


def homepage(*links: str, head: str = "") -> str:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return (
        f"<html lang='en'><head><title>Shop</title>{head}</head>"
        f"<body><h1>Shop</h1><ul>{anchors}</ul></body></html>"
    )


def test_shopify_api_failure_falls_back_to_html(tmp_path: Path) -> None:
    site = ScriptedSite()
    shopify = (
        '<script src="https://cdn.shopify.com/s/files/1/theme.js"></script>'
        '<script>Shopify.shop = "x.myshopify.com";</script>'
    )
    site.html("/", homepage("/products/tent", "/products/stove", head=shopify))
    site.html("/products/tent", product_page("Tent", "199.00"))
    site.html("/products/stove", product_page("Stove", "49.90"))
    site.json("/products.json?limit=250&page=1", {"error": "down"}, status=500)
    with serve(site):
        report, names = crawl(tmp_path, site)
    assert names == {"Tent", "Stove"}
    assert report.sites["Scripted"].status == "ok"
    assert any(path.startswith("/products.json") for path in site.requested)


def test_reaching_the_page_budget_makes_the_crawl_partial(tmp_path: Path) -> None:
    site = ScriptedSite()
    links = [f"/product/{n}" for n in range(12)]
    site.html("/", homepage(*links))
    for n in range(12):
        site.html(f"/product/{n}", product_page(f"Item {n}", f"{n + 1}.00"))
    with serve(site):
        report, names = crawl(tmp_path, site, max_pages_per_site=5)
    assert report.sites["Scripted"].status == "partial"
    assert "page budget" in (report.sites["Scripted"].message or "")
    assert len(names) < 12


def test_a_failing_listing_makes_the_crawl_partial(tmp_path: Path) -> None:
    site = ScriptedSite()
    site.html("/", homepage("/category/tents", "/product/1"))
    site.html("/category/tents", "<html><body>oops</body></html>", status=500)
    site.html("/product/1", product_page("Lamp", "9.99"))
    with serve(site):
        report, names = crawl(tmp_path, site)
    assert report.sites["Scripted"].status == "partial"
    assert "/category/tents" in (report.sites["Scripted"].message or "")
    assert names == {"Lamp"}


def test_an_unreachable_site_is_down_and_the_run_completes(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = config_for(tmp_path, f"http://127.0.0.1:{port}/")
    report = run_once(config, trigger="test")
    assert report.status == "completed"
    assert report.sites["Scripted"].status == "down"


def test_endless_pagination_stops_when_pages_bring_nothing_new(tmp_path: Path) -> None:
    site = ScriptedSite()
    site.html("/", homepage("/catalog?page=1"))

    def endless(path: str) -> tuple[int, str, bytes] | None:
        if not path.startswith("/catalog?page="):
            return None
        number = int(path.rsplit("=", 1)[1])
        body = homepage("/product/1", "/product/2", f"/catalog?page={number + 1}")
        return (
            200,
            "text/html",
            body.replace('<a href="/catalog', '<a rel="next" href="/catalog').encode(),
        )

    site.fallback = endless
    site.html("/product/1", product_page("One", "1.00"))
    site.html("/product/2", product_page("Two", "2.00"))
    with serve(site):
        report, names = crawl(tmp_path, site)
    catalog_pages = [path for path in site.requested if path.startswith("/catalog")]
    assert names == {"One", "Two"}
    assert len(catalog_pages) <= 3
    assert report.sites["Scripted"].status == "ok"


def test_robots_disallowed_links_are_never_fetched(tmp_path: Path) -> None:
    site = ScriptedSite()
    site.pages["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    site.html("/", homepage("/private/deal", "/product/1"))
    site.html("/private/deal", product_page("Secret", "1.00"))
    site.html("/product/1", product_page("Public", "2.00"))
    with serve(site):
        _report, names = crawl(tmp_path, site)
    assert names == {"Public"}
    assert not [path for path in site.requested if path.startswith("/private/")]


def test_links_are_judged_against_the_homepage_after_redirects(tmp_path: Path) -> None:
    site = ScriptedSite()
    site.redirects["/old-home/"] = "http://localhost:{port}/"
    site.html("/", homepage("/product/1"))
    site.html("/product/1", product_page("Moved", "5.00"))
    with serve(site):
        config = config_for(tmp_path, site.base_url + "old-home/")
        report = run_once(config, trigger="test")
    repository = Repository.from_url(config.database)
    competitor = repository.competitor_by_name("Scripted")
    assert competitor is not None
    states = repository.product_states(competitor.id).values()
    assert [state.name for state in states] == ["Moved"]
    assert report.sites["Scripted"].status == "ok"


def test_a_crawl_whose_snapshots_cannot_be_stored_fails_and_removes_nothing(tmp_path: Path) -> None:
    import sqlite3

    site = ScriptedSite()
    site.html("/", homepage("/product/1", "/product/2"))
    site.html("/product/1", product_page("One", "1.00"))
    site.html("/product/2", product_page("Two", "2.00"))
    with serve(site):
        config = config_for(tmp_path, site.base_url)
        assert run_once(config, trigger="test").status == "completed"
        with sqlite3.connect(tmp_path / "rw.db") as db:  # a disk that refuses new rows
            db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON snapshot "
                "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
            )
        report = run_once(config, trigger="test")
    assert report.status == "failed"
    assert "could not be stored" in (report.error or "")
    assert report.sites["Scripted"].status == "partial"
    repository = Repository.from_url(config.database)
    competitor = repository.competitor_by_name("Scripted")
    assert competitor is not None
    states = repository.product_states(competitor.id).values()
    assert sorted(s.name for s in states if s.status == "active") == ["One", "Two"]
    assert not [e for e in repository.events(competitor.id) if e.kind == "product_removed"]
