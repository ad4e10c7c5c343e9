"""Site health alerts: once when a site has been down or empty for N runs, once when it is back.

The history is stored through the real Repository (SQLite, and PostgreSQL behind its
marker), and the notices go through real apprise to a loopback endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawlers.config.monitoring import NotifyConfig
from pipeline.notifications import notify_run
from storage.repository import Repository
from tests.pipeline.notifications.inbox import Inbox
from tests.pipeline.notifications.shops import Shops, event

ALERT = "rivalwatch: Acme: site down or empty for {n} runs"
BACK = "rivalwatch: Acme: site is back"


@pytest.fixture
def world(migrated_database_url: str) -> Iterator[Shops]:
    repository = Repository.from_url(migrated_database_url, migrate=False)
    yield Shops.create(repository, ["Acme", "Bolt"])
    repository.close()


def _titles_per_run(world: Shops, targets: list[NotifyConfig], runs: list[dict]) -> list[list]:
    """Record each run, notify after it, return the titles each run sent."""
    sent = []
    for run in runs:
        run_id = world.run(**run)
        report = notify_run(targets, world.repository, run_id, list(world.ids.values()))
        assert report.failed == ()
        sent.append([d.title for d in report.sent])
    return sent


def test_a_site_down_for_n_runs_alerts_once_then_recovers_once(world: Shops, inbox: Inbox) -> None:
    target = NotifyConfig(url=inbox.url(), on=["site_unhealthy"], unhealthy_after=3)
    runs = [{"down": ["Acme"]}] * 5 + [{}] * 2 + [{"down": ["Acme"]}]
    assert _titles_per_run(world, [target], runs) == [
        [],
        [],
        [ALERT.format(n=3)],
        [],
        [],
        [BACK],
        [],
        [],
    ]
    assert [m["type"] for m in inbox.messages] == ["warning", "info"]
    alert, back = (m["message"] for m in inbox.messages)
    assert alert.count("connection refused") == 3  # each run of the streak, with why
    assert "after 5 runs down or empty" in back


def test_a_crawl_without_products_counts_as_unhealthy(world: Shops, inbox: Inbox) -> None:
    """A site that answers but yields no product (a broken selector) is not healthy."""
    early = NotifyConfig(url=inbox.url("early"), on=["site_unhealthy"], unhealthy_after=2)
    late = NotifyConfig(url=inbox.url("late"), on=["site_unhealthy"], unhealthy_after=4)
    runs = [
        {"empty": ["Acme"]},
        {"down": ["Acme"]},
        {"unfinished": ["Acme"]},  # a crashed run neither breaks nor extends the streak
        {"empty": ["Acme"]},
        {"empty": ["Acme"]},
    ]
    assert _titles_per_run(world, [early, late], runs) == [
        [],
        [ALERT.format(n=2)],
        [],
        [],
        [ALERT.format(n=4)],
    ]
    assert "ok, no products found" in inbox.messages[-1]["message"]


def test_a_short_outage_says_nothing(world: Shops, inbox: Inbox) -> None:
    target = NotifyConfig(url=inbox.url(), unhealthy_after=3)
    runs = [{"down": ["Acme", "Bolt"]}, {"down": ["Acme"]}, {}, {}]
    assert _titles_per_run(world, [target], runs) == [[], [], [], []]
    assert inbox.requests == 0


def test_the_alert_and_the_run_changes_share_one_message(world: Shops, inbox: Inbox) -> None:
    target = NotifyConfig(url=inbox.url(), unhealthy_after=2)
    removed = {"Acme": [event("product_removed", "Acme", "kettle", old="Kettle")]}
    runs = [{"empty": ["Acme"]}, {"empty": ["Acme"], "events": removed}]
    assert _titles_per_run(world, [target], runs) == [
        [],
        [ALERT.format(n=2) + ", 1 product removed"],
    ]
    (message,) = inbox.messages
    assert message["message"].index("Site down or empty") < message["message"].index("Kettle")
