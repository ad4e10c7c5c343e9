"""End to end with a real Chromium: a single-page-app shop beside a plain one, three days.

The SPA's HTML is an empty shell; its catalog comes from a JSON API. The first run must
find that out, render, learn the API and photograph both homepages; the second must go
straight to the API and render only the SPA's homepage; on the third the shop has moved
to a new API version (the learned one answers 404), so the crawl renders again and
learns the new one, and no product is reported removed. Without a browser the plain shop
is crawled as usual and the SPA is reported partial with a message saying what to install.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from crawlers.browser.executable import Browser
from crawlers.config import Config, load_config
from schedules.demo.web import DemoWeb, serve_demo_web
from schedules.runner import RunReport, run_once
from storage.records import FetchDecision, ProductState, ScreenshotRecord, SiteStatus
from storage.repository import Repository
from tests.schedules.helpers import by_url, expected_changes, reported, write_config

pytestmark = [pytest.mark.crawl, pytest.mark.browser]
SPA = "Vildmarksboden"
PLAIN = "Alpha Outfitters"


@dataclass
class Day:
    report: RunReport
    expected: list[dict]
    states: dict[str, ProductState]


@dataclass
class Rendered:
    web: DemoWeb
    config: Config
    days: list[Day]
    decisions: dict[str, FetchDecision]
    screenshots: dict[str, list[ScreenshotRecord]]
    events: list[set[tuple[str, str]]]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[Rendered]:
    tmp = tmp_path_factory.mktemp("rendering")
    with serve_demo_web() as web:
        sites = [web.sites[SPA], web.sites[PLAIN]]
        config = load_config(
            write_config(
                tmp / "rivalwatch.yaml",
                sites,
                database_url=f"sqlite:///{tmp / 'rw.db'}",
                exports_dir=tmp / "exports",
            )
        )
        repository = Repository.from_url(config.database)
        days, events = [], []
        for day in (0, 1, 2):
            web.set_day(day)
            if day == 2:
                web.set_api_version(SPA, 2)
            report = run_once(config, trigger="test")
            spa_id = repository.competitor_by_name(SPA).id
            days.append(Day(report, web.expected_products(SPA), repository.product_states(spa_id)))
            events.append(reported(repository.events(spa_id, run_id=report.run_id)))
        competitors = {c.name: c.id for c in repository.competitors()}
        yield Rendered(
            web=web,
            config=config,
            days=days,
            decisions=repository.fetch_decisions(competitors[SPA]),
            screenshots={name: repository.screenshots(cid) for name, cid in competitors.items()},
            events=events,
        )


def test_the_spa_products_arrive_with_correct_prices_every_day(rendered: Rendered) -> None:
    for day in rendered.days:
        found = by_url(day.states)
        for product in day.expected:
            state = found.get(product["url"].rstrip("/"))
            assert state is not None, f"{product['url']} not found"
            assert Decimal(str(state.price)) == Decimal(str(product["price"])), product["url"]
            assert state.currency == "SEK"


def test_the_crawl_learns_to_render_the_homepage_and_to_read_the_current_data_api(
    rendered: Rendered,
) -> None:
    decisions = {kind: d.fetcher.value for kind, d in rendered.decisions.items()}
    assert decisions["homepage"] == "browser"
    assert decisions["data_api"] == "api"
    assert "/api/v2/" in (rendered.decisions["data_api"].endpoint or "")


def test_the_second_run_renders_only_the_spa_homepage(rendered: Rendered) -> None:
    first, second, _moved = (day.report.sites for day in rendered.days)
    assert first[SPA].rendered >= 1
    assert second[SPA].rendered == 1
    assert first[PLAIN].rendered == second[PLAIN].rendered == 0
    assert {s.status for s in second.values()} == {SiteStatus.OK.value}


def test_the_spa_changes_are_reported_like_any_shop(rendered: Rendered) -> None:
    truth = [day.expected for day in rendered.days]
    for day in (1, 2):
        expected = expected_changes(truth[day - 1], truth[day])
        assert expected <= rendered.events[day], day
        removed = {e for e in rendered.events[day] if e[0] == "product_removed"}
        assert removed <= expected, day  # nothing removed that the shop did not remove


def test_when_the_data_api_moves_the_crawl_finds_the_new_one_and_stays_complete(
    rendered: Rendered,
) -> None:
    moved = rendered.days[2].report.sites[SPA]
    assert moved.status == SiteStatus.OK.value
    assert moved.errors >= 1  # the old endpoint's 404, recorded
    assert moved.rendered >= 1
    assert moved.products >= len(rendered.days[2].expected)


def test_every_homepage_is_photographed_once_per_run(rendered: Rendered) -> None:
    for name, shots in rendered.screenshots.items():
        assert len(shots) == len(rendered.days), name
        for shot in shots:
            png = (rendered.config.screenshots.dir / shot.path).read_bytes()
            assert png.startswith(b"\x89PNG"), shot.path
            assert shot.size_bytes == len(png) and shot.height > 0


def test_dossiers_list_the_screenshots_with_paths_that_open(rendered: Rendered) -> None:
    exports = rendered.config.exports.dir
    for path in (exports / "dossiers").glob("*.json"):
        dossier = json.loads(path.read_text(encoding="utf-8"))
        assert len(dossier["screenshots"]) == len(rendered.days), path.name
        for shot in dossier["screenshots"]:
            assert (exports / shot["path"]).resolve().is_file(), shot["path"]


def test_without_a_browser_plain_shops_are_crawled_and_the_spa_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-browsers-here"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-playwright-browsers"))
    monkeypatch.setattr("crawlers.browser.executable.SYSTEM_PATHS", ())
    with serve_demo_web() as web:
        config = load_config(
            write_config(
                tmp_path / "rivalwatch.yaml",
                [web.sites[SPA], web.sites[PLAIN]],
                database_url=f"sqlite:///{tmp_path / 'rw.db'}",
                exports_dir=tmp_path / "exports",
            )
        )
        # In this process: a spawned crawl would find the system's browser again.
        report = run_once(config, trigger="test", in_child=False)

    assert report.sites[PLAIN].status == SiteStatus.OK.value
    assert report.sites[PLAIN].products > 0
    assert report.sites[SPA].status == SiteStatus.PARTIAL.value
    assert "playwright install chromium" in (report.sites[SPA].message or "")
    assert not (tmp_path / "screenshots").exists()


def test_render_always_renders_pages_without_loading_images(
    tmp_path: Path, browser: Browser
) -> None:
    with serve_demo_web() as web:
        data = yaml.safe_load(
            (
                write_config(
                    tmp_path / "rivalwatch.yaml",
                    [web.sites[SPA]],
                    database_url=f"sqlite:///{tmp_path / 'rw.db'}",
                    exports_dir=tmp_path / "exports",
                )
            ).read_text(encoding="utf-8")
        )
        data["competitors"][0]["render"] = "always"
        data["screenshots"] = {"enabled": False}
        config_file = tmp_path / "rivalwatch.yaml"
        config_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        report = run_once(load_config(config_file), trigger="test")
        requests = [r.path for r in web.requests if r.site == SPA]
        expected = web.expected_products(SPA)

    site = report.sites[SPA]
    assert site.status == SiteStatus.OK.value
    assert site.rendered > 1  # the homepage and every listing, none of them a shell first
    assert site.products >= len(expected)
    assert any(path.startswith("/assets/") for path in requests)  # the app ran
    assert not [path for path in requests if path.startswith("/img/")]  # images were blocked
