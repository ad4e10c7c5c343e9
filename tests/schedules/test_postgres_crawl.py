"""End to end on PostgreSQL: two days of the demo web crawled by run_once into a fresh
database on a real server, compared with the ground truth and the export schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from crawlers.config import Config, load_config
from schedules.demo.web import DemoWeb, serve_demo_web
from schedules.runner import RunReport, run_once
from storage.records import ChangeEventRecord, ProductState, RunStatus
from storage.repository import Repository
from tests.fixtures.postgres import PostgresServer
from tests.schedules.helpers import (
    demo_config,
    expected_changes,
    matched,
    reported,
    validated_exports,
)

pytestmark = [pytest.mark.postgres, pytest.mark.crawl]
DAYS = (0, 1)
SHOPS = ("Alpha Outfitters", "Le Comptoir du Bivouac", "ТайгаСнаб")
"""Day 1 adds, removes and reprices at Alpha; the others bring EUR, RUB and Cyrillic text.
The two bigger shops stay uncrawled (to keep the test quick), so the exports also cover
competitors that were never crawled."""


@dataclass
class Day:
    """One day's run next to the demo web's ground truth of that day."""

    report: RunReport
    expected: dict[str, list[dict[str, Any]]]
    states: dict[str, dict[str, ProductState]]
    events: dict[str, list[ChangeEventRecord]]


@dataclass
class History:
    config: Config
    days: list[Day]


@pytest.fixture(scope="module")
def history(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[History]:
    database = postgres_server.create_database()  # fresh: no other test's rows
    tmp = tmp_path_factory.mktemp("postgres_crawl")
    try:
        with serve_demo_web() as web:
            config = load_config(demo_config(web, tmp, postgres_server.url(database)))
            yield History(config=config, days=[crawl_day(config, web, day) for day in DAYS])
    finally:
        postgres_server.drop_database(database)


def crawl_day(config: Config, web: DemoWeb, day: int) -> Day:
    web.set_day(day)
    report = run_once(config, competitors=SHOPS, trigger="test")
    repository = Repository.from_url(config.database)
    try:
        ids = {c.name: c.id for c in repository.competitors() if c.name in SHOPS}
        return Day(
            report=report,
            expected={name: web.expected_products(name) for name in ids},
            states={name: repository.product_states(id_) for name, id_ in ids.items()},
            events={
                name: repository.events(id_, run_id=report.run_id) for name, id_ in ids.items()
            },
        )
    finally:
        repository.close()


def test_every_run_completes(history: History) -> None:
    assert history.config.database.startswith("postgresql+psycopg://")
    assert [d.report.status for d in history.days] == [RunStatus.COMPLETED] * len(DAYS)
    for day in history.days:
        assert {name: site.status for name, site in day.report.sites.items()} == dict.fromkeys(
            SHOPS, "ok"
        )


@pytest.mark.parametrize("day", DAYS)
def test_products_match_the_ground_truth(history: History, day: int) -> None:
    today = history.days[day]
    for name, expected in today.expected.items():
        pairs = matched(expected, today.states[name])
        assert len(pairs) >= 0.95 * len(expected), f"{name}: {len(pairs)} of {len(expected)}"
        for truth, state in pairs:
            assert isinstance(state.price, Decimal)
            assert (state.price, state.currency) == (Decimal(truth["price"]), truth["currency"])
            assert state.name == truth["name"], name


def test_the_changes_of_day_two_are_reported(history: History) -> None:
    first, second = history.days
    kinds = set()
    for name in first.expected:
        expected = expected_changes(first.expected[name], second.expected[name])
        assert expected <= reported(second.events[name]), name
        kinds |= {kind for kind, _url in expected}
    assert {"price_changed", "product_removed", "product_added"} <= kinds


def test_exports_match_their_schemas(history: History) -> None:
    pivot = validated_exports(history.config.exports.dir, len(history.config.competitors))
    crawled = {row["competitor"]: row["last_crawl_status"] for row in pivot["rows"]}
    assert {name: crawled[name] for name in SHOPS} == dict.fromkeys(SHOPS, "ok")
