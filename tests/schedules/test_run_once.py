"""End to end: real crawls of the demo web over loopback into a real SQLite file, three days."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from crawlers.config import Config, load_config
from pipeline.schemas import load_schema
from schedules.demo.web import DemoWeb, serve_demo_web
from schedules.demo.web.expected import ExpectedPost
from schedules.runner import RunReport, run_once
from storage.records import (
    ChangeEventRecord,
    ContentKind,
    ContentState,
    ProductState,
    ProductStatus,
    RunStatus,
)
from storage.repository import Repository
from tests.schedules.helpers import by_url, demo_config, expected_changes, reported

pytestmark = pytest.mark.crawl
DAYS = (0, 1, 2)


@dataclass
class Day:
    """What one day's crawl produced, next to the demo web's ground truth for that day."""

    report: RunReport
    expected: dict[str, list[dict[str, Any]]]
    states: dict[str, dict[str, ProductState]]
    events: dict[str, list[ChangeEventRecord]] = field(default_factory=dict)
    content: dict[str, dict[ContentKind, list[ContentState]]] = field(default_factory=dict)
    expected_posts: dict[str, list[ExpectedPost]] = field(default_factory=dict)


@dataclass
class History:
    web: DemoWeb
    config: Config
    days: list[Day]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    tmp = tmp_path_factory.mktemp("run_once")
    with serve_demo_web(faults=True) as web:
        config = load_config(demo_config(web, tmp))
        repository = Repository.from_url(config.database)
        days = []
        for day in DAYS:
            web.set_day(day)
            report = run_once(config, trigger="test")
            names = [c.name for c in config.competitors]
            ids = {c.name: c.id for c in repository.competitors()}
            days.append(
                Day(
                    report=report,
                    expected={n: web.expected_products(n) for n in names},
                    states={n: repository.product_states(ids[n]) for n in names},
                    events={n: repository.events(ids[n], run_id=report.run_id) for n in names},
                    content={n: _content(repository, ids[n]) for n in names},
                    expected_posts={n: web.expected_posts(n) for n in names},
                )
            )
        yield History(web=web, config=config, days=days)


def _content(repository: Repository, competitor_id: int) -> dict[ContentKind, list[ContentState]]:
    found: dict[ContentKind, list[ContentState]] = {kind: [] for kind in ContentKind}
    for (kind, _key), state in repository.content_states(competitor_id).items():
        found[kind].append(state)
    return found


def test_every_run_completes(history: History) -> None:
    assert [d.report.status for d in history.days] == [RunStatus.COMPLETED] * len(DAYS)
    assert history.web.errors == []


def test_finds_at_least_95_percent_of_products_with_98_percent_correct_prices(
    history: History,
) -> None:
    day = history.days[0]
    for name, expected in day.expected.items():
        found = by_url(day.states[name])
        matched = [
            (e, found[e["url"].rstrip("/")]) for e in expected if e["url"].rstrip("/") in found
        ]
        recall = len(matched) / len(expected)
        correct = sum(
            1
            for e, state in matched
            if state.price == Decimal(e["price"]) and state.currency == e["currency"]
        )
        assert recall >= 0.95, f"{name}: found {len(matched)} of {len(expected)}"
        assert correct / len(matched) >= 0.98, f"{name}: {correct} of {len(matched)} prices right"


def test_sale_and_availability_are_read(history: History) -> None:
    day = history.days[0]
    for name, expected in day.expected.items():
        found = by_url(day.states[name])
        for product in expected:
            state = found.get(product["url"].rstrip("/"))
            if state is None:
                continue
            if product["regular_price"]:
                assert state.regular_price == Decimal(product["regular_price"]), (
                    name,
                    product["url"],
                )
            assert state.availability == product["availability"], (name, product["url"])


def test_robots_txt_is_obeyed(history: History) -> None:
    assert history.web.disallowed_requests() == []


def test_first_crawl_is_a_baseline_without_added_events(history: History) -> None:
    for events in history.days[0].events.values():
        assert not [e for e in events if e.kind == "product_added"]


def test_every_real_change_of_day_two_is_reported(history: History) -> None:
    first, second = history.days[0], history.days[1]
    for name in first.expected:
        expected = expected_changes(first.expected[name], second.expected[name])
        assert expected <= reported(second.events[name]), name


def test_nothing_is_reported_that_did_not_change(history: History) -> None:
    first, second = history.days[0], history.days[1]
    for name in first.expected:
        expected = expected_changes(first.expected[name], second.expected[name])
        spurious = {
            (kind, url)
            for kind, url in reported(second.events[name])
            if kind in {"product_added", "product_removed", "availability_changed"}
        } - expected
        assert spurious == set(), name


def test_positioning_change_is_reported(history: History) -> None:
    second = history.days[1]
    fields = {
        e.field
        for events in second.events.values()
        for e in events
        if e.kind == "positioning_changed"
    }
    assert "h1" in fields


def test_a_site_that_is_down_removes_nothing_and_says_so(history: History) -> None:
    third = history.days[2]
    down = [name for name, site in third.report.sites.items() if site.status == "down"]
    assert down, "the demo web takes one shop down on day 3"
    for name in down:
        assert not [e for e in third.events[name] if e.kind == "product_removed"]
        assert [e for e in third.events[name] if e.kind == "site_down"]
        still_active = [s for s in third.states[name].values() if s.status == ProductStatus.ACTIVE]
        assert len(still_active) == len(history.days[1].expected[name])


def test_exports_match_their_schemas(history: History) -> None:
    import jsonschema

    exports = history.config.exports.dir
    pivot = json.loads((exports / "pivot.json").read_text(encoding="utf-8"))
    jsonschema.validate(pivot, load_schema("pivot"))
    assert len(pivot["rows"]) == len(history.config.competitors)
    dossiers = sorted((exports / "dossiers").glob("*.json"))
    assert len(dossiers) == len(history.config.competitors)
    for path in dossiers:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), load_schema("dossier"))
    assert (exports / "rivalwatch.xlsx").stat().st_size > 0
    assert {p.name for p in exports.glob("*.csv")} >= {"pivot.csv", "products.csv", "changes.csv"}


def test_finds_90_percent_of_blog_posts_with_90_percent_right_dates_and_comments(
    history: History,
) -> None:
    blogs = [name for name, posts in history.days[0].expected_posts.items() if posts]
    assert len(blogs) >= 2, "the demo web has a WordPress-like and a Shopify-like blog"
    for day in history.days:
        for name in blogs:
            if day.report.sites[name].status == "down":
                continue
            found = {s.url.rstrip("/"): s for s in day.content[name][ContentKind.POST]}
            expected = day.expected_posts[name]
            matched = [
                (e, found[e.url.rstrip("/")]) for e in expected if e.url.rstrip("/") in found
            ]
            dates = sum(1 for e, state in matched if state.published == e.published)
            comments = sum(1 for e, state in matched if state.signals.get("comments") == e.comments)
            assert len(matched) >= 0.9 * len(expected), f"{name}: {len(matched)}/{len(expected)}"
            assert dates >= 0.9 * len(matched), f"{name}: {dates}/{len(matched)} dates right"
            assert comments >= 0.9 * len(matched), f"{name}: {comments}/{len(matched)} counts"


def test_every_new_post_is_reported_once_and_the_baseline_is_quiet(history: History) -> None:
    published: dict[str, list[str]] = {}
    for index, day in enumerate(history.days):
        for name, events in day.events.items():
            urls = [e.url.rstrip("/") for e in events if e.kind == "post_published" and e.url]
            if index == 0:
                assert urls == [], f"{name}: the first crawl is a baseline"
            published.setdefault(name, []).extend(urls)
    for name, urls in published.items():
        assert len(urls) == len(set(urls)), f"{name} reported a post twice: {urls}"
        seen: set[str] = set()
        expected_new: set[str] = set()
        for day in history.days:
            if day.report.sites[name].status == "down":
                continue
            today = {p.url.rstrip("/") for p in day.expected_posts[name]}
            expected_new |= today - seen if seen else set()
            seen |= today
        assert set(urls) == expected_new, name


def test_videos_mentions_and_social_profiles_are_collected(history: History) -> None:
    web, day = history.web, history.days[-1]  # the web still serves the last day
    for name in day.content:
        videos = {s.url: s for s in day.content[name][ContentKind.VIDEO]}
        for video in web.expected_videos(name):
            assert videos[video.url].signals.get("views") == video.views, (name, video.url)
        stories = {s.title for s in day.content[name][ContentKind.MENTION]}
        assert stories == {m.title for m in web.expected_mentions(name)}, name


def test_dossiers_rank_posts_and_the_pivot_counts_them(history: History) -> None:
    exports = history.config.exports.dir
    pivot = {row["competitor"]: row for row in _pivot_rows(exports)}
    for path in (exports / "dossiers").glob("*.json"):
        dossier = json.loads(path.read_text(encoding="utf-8"))
        name, posts = dossier["competitor"]["name"], dossier["posts"]
        assert [p["rank"] for p in posts] == list(range(1, len(posts) + 1))
        scores = [p["popularity"] for p in posts]
        assert scores == sorted(scores, reverse=True)
        row = pivot[name]
        if posts:
            assert row["top_post"] in {posts[0]["title"], posts[0]["url"]}
        since = datetime.fromisoformat(dossier["generated_at"]) - timedelta(days=30)
        recent = [
            p for p in posts if p["published"] and datetime.fromisoformat(p["published"]) >= since
        ]
        assert row["posts_30d"] == len(recent), name
        if history.web.expected_posts(name):
            assert recent, f"{name}: the demo blogs publish every day"
        assert {s["url"] for s in dossier["social"]} >= set(history.web.expected_social(name))


def _pivot_rows(exports: Path) -> list[dict[str, Any]]:
    return json.loads((exports / "pivot.json").read_text(encoding="utf-8"))["rows"]
