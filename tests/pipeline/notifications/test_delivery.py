"""notify_run end to end: real apprise posting to a loopback endpoint, history in SQLite."""

from __future__ import annotations

import logging

import pytest

from crawlers.config.monitoring import NotifyConfig
from pipeline.notifications import notify_run
from tests.pipeline.notifications.inbox import PASSWORD, Inbox, basic_auth, serve_inbox
from tests.pipeline.notifications.shops import Shops, event


def _changes() -> dict[str, list]:
    return {
        "Acme": [
            event("price_changed", "Acme", "kettle", field="price", old="20.00", new="15.00"),
            event("product_added", "Acme", "mug", new="Tea Mug"),
        ],
        "Bolt": [event("product_removed", "Bolt", "drill", old="Cordless Drill")],
    }


def _notify(shops: Shops, run_id: int, *targets: NotifyConfig):
    return notify_run(targets, shops.repository, run_id, list(shops.ids.values()), backoff_s=0)


def test_one_digest_per_competitor_with_what_changed(shops: Shops, inbox: Inbox) -> None:
    shops.product("Acme", "kettle", "Steel Kettle", "15.00")
    run_id = shops.run(events=_changes())
    report = _notify(shops, run_id, NotifyConfig(url=inbox.url()))
    assert inbox.titles() == [
        "rivalwatch: Acme: 1 price change (1 down, 0 up), 1 new product",
        "rivalwatch: Bolt: 1 product removed",
    ]  # Cora changed nothing: no message
    acme, bolt = (m["message"] for m in inbox.messages)
    assert "[Steel Kettle](https://acme.example/p/kettle): 20.00 EUR → 15.00 EUR (-25.0%)" in acme
    assert "[Tea Mug](https://acme.example/p/mug)" in acme
    assert "[Cordless Drill](https://bolt.example/p/drill)" in bolt
    assert all(m["authorization"] == basic_auth() for m in inbox.messages)
    assert [(d.competitor, d.attempts) for d in report.sent] == [("Acme", 1), ("Bolt", 1)]
    assert report.failed == ()


def test_targets_get_only_their_kinds_and_competitors(shops: Shops, inbox: Inbox) -> None:
    run_id = shops.run(events=_changes())
    prices = NotifyConfig(url=inbox.url("prices"), on=["price_changed"])
    bolt_only = NotifyConfig(url=inbox.url("bolt"), competitors=["BOLT"])
    _notify(shops, run_id, prices, bolt_only)
    assert inbox.titles() == [
        "rivalwatch: Acme: 1 price change (1 down, 0 up)",
        "rivalwatch: Bolt: 1 product removed",
    ]
    assert "Tea Mug" not in inbox.messages[0]["message"]


def test_a_quiet_run_sends_nothing(shops: Shops, inbox: Inbox) -> None:
    shops.run(events=_changes())
    quiet = shops.run()
    report = _notify(shops, quiet, NotifyConfig(url=inbox.url()))
    assert inbox.requests == 0
    assert report.sent == report.failed == ()


def test_a_failing_target_is_retried_and_its_password_masked(
    shops: Shops, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = shops.run(events={"Bolt": _changes()["Bolt"]})
    token = "8f3a9c2e1b7d4f60a1b2c3d4"
    with serve_inbox(failures=2) as flaky:
        report = _notify(shops, run_id, NotifyConfig(url=flaky.url(f"hook/{token}")))
    assert flaky.requests == 3
    assert flaky.titles() == ["rivalwatch: Bolt: 1 product removed"]
    assert [(d.competitor, d.attempts, d.error) for d in report.sent] == [("Bolt", 3, None)]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all("500" in r.getMessage() and "retrying" in r.getMessage() for r in warnings)
    assert all(f"{flaky.port}/hook/8...4" in r.getMessage() for r in warnings)
    assert PASSWORD not in caplog.text
    assert token not in caplog.text
    assert all(r.exc_info is None for r in caplog.records)


def test_an_unreachable_target_gives_up_without_failing_the_run(
    shops: Shops, caplog: pytest.LogCaptureFixture
) -> None:
    with serve_inbox() as gone:
        url = gone.url()  # the server stops at the end of the block: nobody listens there
    run_id = shops.run(events=_changes())
    with serve_inbox() as working:
        report = _notify(shops, run_id, NotifyConfig(url=url), NotifyConfig(url=working.url()))
    assert len(working.messages) == 2  # the dead target did not stop the others
    # Its first digest used every attempt; the next one was not tried (no second wait).
    assert [(d.competitor, d.attempts) for d in report.failed] == [("Acme", 3), ("Bolt", 0)]
    assert all("****" in d.target and PASSWORD not in d.target for d in report.failed)
    assert "Connection error" in (report.failed[0].error or "")
    assert "not tried" in (report.failed[1].error or "")
    gave_up = [r.getMessage() for r in caplog.records if "giving up" in r.getMessage()]
    assert len(gave_up) == 1
    assert PASSWORD not in caplog.text
    assert not [r for r in caplog.records if r.name.startswith("apprise")]  # said once, by us


def test_an_unusable_url_is_reported_not_raised(
    shops: Shops, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = shops.run(events={"Bolt": _changes()["Bolt"]})
    report = _notify(shops, run_id, NotifyConfig(url=f"nosuchservice://user:{PASSWORD}@host"))
    assert [(d.competitor, d.attempts) for d in report.failed] == [("Bolt", 0)]
    assert "not a usable apprise URL" in caplog.text
    assert PASSWORD not in caplog.text
