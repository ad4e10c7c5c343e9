"""End to end: the `rivalwatch` command against the demo web, as a user runs it.

Crawls and the demo run the real console script in a subprocess; commands that neither
crawl nor start processes run in-process through typer's CliRunner.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawlers.browser.executable import Browser
from schedules.cli import app
from schedules.demo.web import DemoWeb
from schedules.demo.web.catalog import site_specs
from storage.migrate import head_revision
from tests.schedules.helpers import (
    CSV_FILES,
    demo_config,
    finish,
    rivalwatch,
    selecting,
    start_rivalwatch,
    validated_exports,
)

pytestmark = pytest.mark.crawl
DOWN = "Le Comptoir du Bivouac"
PROGRESS_LINE = re.compile(
    r"^.+: (ok|partial|down), \d+ pages( \(\d+ rendered\))?, \d+ products", re.MULTILINE
)
SUMMARY_LINE = re.compile(r"^run \d+: ", re.MULTILINE)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@dataclass
class Crawled:
    """Two crawls of the demo web with one shop down, side by side into two databases:
    a normal one of three shops, and a quiet one of two."""

    config: Path
    shops: list[str]
    first: subprocess.CompletedProcess[str]
    quiet: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def crawled(web: DemoWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    config = demo_config(web, tmp_path_factory.mktemp("cli_crawl"))
    quiet_config = demo_config(web, tmp_path_factory.mktemp("cli_quiet"))
    shops = ["Alpha Outfitters", DOWN, "ТайгаСнаб"]
    web.set_down(DOWN, True)
    try:
        first = start_rivalwatch("crawl", "--config", config, *selecting(shops))
        quiet = start_rivalwatch("-q", "crawl", "-c", quiet_config, *selecting(shops[:2]))
        return Crawled(config=config, shops=shops, first=finish(first), quiet=finish(quiet))
    finally:
        web.set_down(DOWN, False)


# --- configuration errors: exit 2 before anything runs ---------------------------------------

BAD_CONFIGS = {
    "unknown key": (
        'database: "{db}"\ncrawl:\n  concurency: 4\ncompetitors:\n'
        '  - name: "Alpha"\n    homepage: "{home}"\n',
        ":3: crawl.concurency: unknown key",
        "concurrency",
    ),
    "bad kind": (
        'database: "{db}"\ncompetitors:\n  - name: "Alpha"\n    kind: "rival"\n'
        '    homepage: "{home}"\n',
        ":4: competitors[0].kind:",
        "'direct', 'indirect', 'foreign' or 'self'",
    ),
    "bad url": (
        'database: "{db}"\ncompetitors:\n  - name: "Alpha"\n    homepage: "{home}"\n'
        '  - name: "Beta"\n    homepage: "not a url"\n',
        ":6: competitors[1].homepage:",
        "(got 'not a url')",
    ),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_a_bad_config_exits_2_naming_file_line_key_and_crawls_nothing(
    case: str, web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    text, where, choices = BAD_CONFIGS[case]
    database = tmp_path / "rw.db"
    home = web.site("alpha").base_url
    config = tmp_path / "rivalwatch.yaml"
    config.write_text(text.format(db=f"sqlite:///{database}", home=home), encoding="utf-8")
    requests_before = len(web.requests)

    result = runner.invoke(app, ["crawl", "--config", str(config)])

    assert result.exit_code == 2
    assert f"{config}{where}" in result.stderr
    assert choices in result.stderr
    assert len(web.requests) == requests_before
    assert not database.exists()


def test_an_unknown_competitor_exits_2_listing_the_configured_names(
    web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    config = demo_config(web, tmp_path)
    requests_before = len(web.requests)

    result = runner.invoke(app, ["crawl", "-c", str(config), "--competitor", "Nobody"])

    assert result.exit_code == 2
    assert "'Nobody'" in result.stderr
    for name in web.sites:
        assert name in result.stderr
    assert len(web.requests) == requests_before
    assert not (tmp_path / "rw.db").exists()


# --- crawl, status, export ----------------------------------------------------------------------


def test_crawl_with_a_site_down_completes_and_reports_it(crawled: Crawled, web: DemoWeb) -> None:
    assert crawled.first.returncode == 0, crawled.first.stderr
    stderr = crawled.first.stderr
    assert f"warning: {DOWN}: down" in stderr
    statuses = dict(re.findall(r"^(.+): (ok|partial|down), \d+ pages", stderr, re.MULTILINE))
    assert statuses == {name: "down" if name == DOWN else "ok" for name in crawled.shops}
    assert re.search(r"^run \d+: completed", stderr, re.MULTILINE)


def test_a_site_that_is_down_is_retried_and_reported_as_unavailable(crawled: Crawled) -> None:
    assert "Traceback" not in crawled.first.stderr
    assert re.search(rf"^{DOWN}: down.*503", crawled.first.stderr, re.MULTILINE)


def test_quiet_prints_no_progress_lines_but_still_warns(crawled: Crawled) -> None:
    assert crawled.quiet.returncode == 0, crawled.quiet.stderr
    assert not PROGRESS_LINE.search(crawled.quiet.stderr)
    assert not SUMMARY_LINE.search(crawled.quiet.stderr)
    assert f"warning: {DOWN}: down" in crawled.quiet.stderr
    assert crawled.quiet.stdout == ""


def test_status_shows_every_competitor_with_its_last_status(
    crawled: Crawled, web: DemoWeb, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["status", "-c", str(crawled.config)])

    assert result.exit_code == 0, result.stderr
    rows = {
        cells[0]: cells
        for line in result.stdout.splitlines()
        if len(cells := [c.strip() for c in line.strip("│").split("│")]) > 3
    }
    for name in web.sites:
        expected = "never" if name not in crawled.shops else "down" if name == DOWN else "ok"
        assert expected in rows[name][2:4], rows[name]


def test_export_regenerates_files_from_the_database_alone(
    crawled: Crawled, web: DemoWeb, runner: CliRunner
) -> None:
    exports = crawled.config.parent / "exports"
    shutil.rmtree(exports)
    requests_before = len(web.requests)

    result = runner.invoke(app, ["export", "-c", str(crawled.config), "--format", "csv"])

    assert result.exit_code == 0, result.stderr
    assert {Path(line).name for line in result.stdout.splitlines()} == set(CSV_FILES)
    assert sorted(p.name for p in exports.iterdir()) == sorted(CSV_FILES)
    with (exports / "products.csv").open(encoding="utf-8-sig", newline="") as file:
        products = list(csv.DictReader(file))
    alpha = {row["url"].rstrip("/") for row in products if row["competitor"] == "Alpha Outfitters"}
    assert {p["url"].rstrip("/") for p in web.expected_products("Alpha Outfitters")} <= alpha
    assert len(web.requests) == requests_before


def test_export_of_an_unknown_format_exits_2_listing_the_valid_ones(
    crawled: Crawled, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["export", "-c", str(crawled.config), "--format", "pdf"])

    assert result.exit_code == 2
    assert "pdf" in result.stderr
    assert "csv, json, xlsx" in result.stderr


# --- extract: saved pages -------------------------------------------------------------------

SHOPS = [spec.name for spec in site_specs().values() if spec.flavour != "spa"]
"""Shops whose saved pages hold their products (a single-page app's pages are empty shells)."""


def save_product_page(web: DemoWeb, shop: str, folder: Path) -> tuple[dict, list[Path]]:
    """Save `shop`'s first product page as .html and .html.gz; return its truth and files."""
    product = web.expected_products(shop)[0]
    with urllib.request.urlopen(product["url"], timeout=10) as response:  # loopback demo web
        body = response.read()
    plain, packed = folder / "product.html", folder / "product.html.gz"
    plain.write_bytes(body)
    packed.write_bytes(gzip.compress(body))
    return product, [plain, packed]


@pytest.mark.parametrize("shop", SHOPS)
def test_extract_reads_name_and_price_from_saved_pages(
    shop: str, web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    product, files = save_product_page(web, shop, tmp_path)
    config = demo_config(web, tmp_path)

    result = runner.invoke(
        app, ["extract", *map(str, files), "--competitor", shop, "-c", str(config)]
    )

    assert result.exit_code == 0, result.stderr
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["file"] for item in items] == [str(f) for f in files]
    for item in items:
        assert item["type"] == "product"
        assert item["name"] == product["name"]
        assert Decimal(item["price"]) == Decimal(product["price"])
        assert item["currency"] == product["currency"]


def test_extract_works_without_a_config(web: DemoWeb, runner: CliRunner, tmp_path: Path) -> None:
    product, files = save_product_page(web, "Alpha Outfitters", tmp_path)

    result = runner.invoke(app, ["extract", str(files[0]), "--url", product["url"]])

    assert result.exit_code == 0, result.stderr
    (item,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (item["url"], item["name"]) == (product["url"], product["name"])
    assert Decimal(item["price"]) == Decimal(product["price"])


def test_extract_links_prints_link_lines(web: DemoWeb, runner: CliRunner, tmp_path: Path) -> None:
    product, files = save_product_page(web, "Alpha Outfitters", tmp_path)

    result = runner.invoke(app, ["extract", str(files[0]), "--url", product["url"], "--links"])

    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    links = [line for line in lines if line["type"] == "link"]
    assert links
    assert all(set(link) == {"file", "type", "url", "kind", "priority"} for link in links)
    base = web.site("Alpha Outfitters").base_url
    assert all(link["url"].startswith(base) for link in links)
    assert len(lines) == len(links) + 1


def test_extract_of_an_unknown_kind_lists_the_valid_kinds(
    web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    _product, files = save_product_page(web, "Alpha Outfitters", tmp_path)

    result = runner.invoke(app, ["extract", str(files[0]), "--kind", "nonsense"])

    assert result.exit_code != 0
    assert "'nonsense'" in result.stderr
    assert "homepage, listing, product" in result.stderr
    assert result.stdout == ""


def test_extract_with_an_unknown_competitor_lists_the_configured_names(
    web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    _product, files = save_product_page(web, "Alpha Outfitters", tmp_path)
    config = demo_config(web, tmp_path)

    result = runner.invoke(app, ["extract", str(files[0]), "-n", "Nobody", "-c", str(config)])

    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert all(name in result.stderr for name in web.sites)


# --- database ---------------------------------------------------------------------------------


def test_db_upgrade_prints_the_revision(web: DemoWeb, runner: CliRunner, tmp_path: Path) -> None:
    config = demo_config(web, tmp_path)

    result = runner.invoke(app, ["db", "upgrade", "-c", str(config)])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"database at revision {head_revision()}"
    assert (tmp_path / "rw.db").is_file()


UNREACHABLE = "postgresql+psycopg://u:secret@127.0.0.1:1/x"
UNREACHABLE_ERROR = "error: cannot open the database postgresql+psycopg://u:***@127.0.0.1:1/x: "


def test_an_unreachable_database_is_one_clear_line_without_the_password(
    web: DemoWeb, tmp_path: Path
) -> None:
    config = demo_config(web, tmp_path, database_url=UNREACHABLE)

    result = rivalwatch("db", "upgrade", "-c", config)

    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(UNREACHABLE_ERROR)
    assert "secret" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", ["crawl", "status", "export"])
def test_every_command_stops_on_an_unreachable_database_before_crawling(
    command: str, web: DemoWeb, runner: CliRunner, tmp_path: Path
) -> None:
    config = demo_config(web, tmp_path, database_url=UNREACHABLE)
    requests_before = len(web.requests)

    result = runner.invoke(app, [command, "-c", str(config)])

    assert (result.exit_code, type(result.exception)) == (1, SystemExit)
    assert result.stderr.startswith(UNREACHABLE_ERROR)
    assert result.stderr.count("\n") == 1
    assert "secret" not in result.output
    assert len(web.requests) == requests_before


# --- demo -------------------------------------------------------------------------------------


def test_demo_crawls_twice_and_writes_every_export(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = rivalwatch("demo", "--dir", tmp_path)

    assert result.returncode == 0, result.stderr
    exports = tmp_path / "exports"
    names = {spec.name for spec in site_specs().values()}
    pivot = validated_exports(exports, len(names))
    assert {row["competitor"]: row["last_crawl_status"] for row in pivot["rows"]} == dict.fromkeys(
        names, "ok"
    )
    assert load_workbook(exports / "rivalwatch.xlsx").sheetnames
    changes = re.search(r"^(\d+) changes found on the second visit", result.stdout, re.MULTILINE)
    assert changes and int(changes[1]) > 0
    assert result.stderr.count("Day ") == 2


@pytest.mark.browser
def test_browser_names_the_browser_that_will_render(browser: Browser, runner: CliRunner) -> None:
    result = runner.invoke(app, ["browser"])

    assert result.exit_code == 0, result.stderr
    assert browser.origin in result.stdout
    assert str(browser.executable or "Playwright Chromium") in result.stdout


def test_browser_says_how_to_install_one_when_none_is_found(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "none"))
    monkeypatch.setattr("crawlers.browser.executable.SYSTEM_PATHS", ())

    result = runner.invoke(app, ["browser"])

    assert result.exit_code == 1
    assert "playwright install chromium" in result.stderr
