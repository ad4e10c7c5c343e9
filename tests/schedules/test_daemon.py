"""`rivalwatch daemon` as a user runs it: a real process crawling real shops on loopback on
a seconds-long schedule, stopped with real signals."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from schedules.demo.web import DemoWeb, serve_generated_web
from storage.lease import Lease
from storage.records import ProductStatus, RunStatus, SiteStatus
from storage.repository import Repository
from tests.pipeline.notifications.inbox import serve_inbox
from tests.schedules.daemon_process import (
    daemon_config,
    finished_runs,
    overlapping,
    pivot_generated_at,
    running_daemon,
    runs,
    site_crawls,
    stored,
    wait_for,
)
from tests.schedules.helpers import rivalwatch

FIRST, SECOND = "Generated Shop 1", "Generated Shop 2"


@pytest.fixture
def shops() -> Iterator[DemoWeb]:
    with serve_generated_web(n_products=12, n_sites=2) as web:
        yield web


def active_products(database_url: str, name: str) -> int:
    def read(repository: Repository) -> int:
        competitor = repository.competitor_by_name(name)
        assert competitor is not None
        states = repository.product_states(competitor.id).values()
        return sum(1 for s in states if s.status == ProductStatus.ACTIVE)

    return stored(database_url, read)


def test_the_daemon_crawls_again_and_again_and_keeps_the_exports_current(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path)
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: len(finished_runs(url)) >= 1, "a first run", daemon)
        first_pivot = pivot_generated_at(tmp_path / "exports")
        wait_for(lambda: len(finished_runs(url)) >= 3, "three runs", daemon)
        status = rivalwatch("status", "--config", config)
        listed = rivalwatch("runs", "--config", config)
        code, _took = daemon.stop()

    assert code == 0, daemon.output()
    assert first_pivot is not None
    assert pivot_generated_at(tmp_path / "exports") > first_pivot
    assert all(run.trigger == "daemon" for run in runs(url))
    for name in (FIRST, SECOND):
        crawls = site_crawls(url, name)
        assert len(crawls) >= 3
        assert overlapping(crawls) == [], "a competitor never has two runs at once"
        assert active_products(url, name) == 12
    assert status.returncode == 0 and "next crawl (UTC)" in status.stdout
    assert "not scheduled" not in status.stdout, status.stdout
    assert listed.returncode == 0 and "daemon" in listed.stdout and "completed" in listed.stdout
    assert stored(url, lambda r: Lease(r.engine).holder()) is None, "the lease is given back"


def test_a_site_that_goes_down_is_reported_and_nothing_is_removed_until_it_is_back(
    shops: DemoWeb, tmp_path: Path
) -> None:
    with serve_inbox() as inbox:
        alerts = {"url": inbox.url(), "on": ["site_unhealthy"], "unhealthy_after": 2}
        config, url = daemon_config(shops, tmp_path, notify=[alerts])
        down_products = watch_a_shop_go_down_and_come_back(shops, config, url, tmp_path)

    kinds = stored(url, lambda r: [e.kind for e in r.events()])
    assert down_products == 12, "a site that is down is not a shop that emptied its catalog"
    assert active_products(url, FIRST) == active_products(url, SECOND) == 12
    assert "site_down" in kinds and "product_removed" not in kinds
    titles = inbox.titles()
    assert len(titles) == 2 and all(FIRST in t for t in titles), titles
    assert "down" in titles[0].lower() and "back" in titles[1].lower(), titles


def watch_a_shop_go_down_and_come_back(
    shops: DemoWeb, config: Path, url: str, tmp_path: Path
) -> int:
    """Take FIRST down for two crawls, bring it back; its active products while down."""
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: finished_runs(url), "a first run", daemon)
        shops.set_down(FIRST, True)
        wait_for(
            lambda: [c for c in site_crawls(url, FIRST) if c.status == SiteStatus.DOWN][1:],
            "two crawls that find the shop down",
            daemon,
        )
        down_products = active_products(url, FIRST)
        shops.set_down(FIRST, False)
        wait_for(
            lambda: site_crawls(url, FIRST)[-1].status == SiteStatus.OK,
            "a crawl that finds it back",
            daemon,
        )
        daemon.stop()
    return down_products


def test_sigterm_lets_a_running_crawl_finish_within_the_grace_period(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path, every="1h", daemon={"grace_period": "60s"})
    shops.set_delay(SECOND, 0.3)  # a crawl of a few seconds: still running at the signal
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: site_crawls(url, SECOND), "the crawl to start", daemon)
        code, _took = daemon.stop(signal.SIGTERM)

    assert code == 0, daemon.output()
    assert [run.status for run in runs(url)] == [RunStatus.COMPLETED]
    assert {c.status for c in site_crawls(url, SECOND)} == {SiteStatus.OK}
    assert active_products(url, SECOND) == 12


def test_a_crawl_outliving_the_grace_period_is_stopped_and_its_products_kept(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path, every="3s", daemon={"grace_period": "2s"})
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: finished_runs(url), "a first, complete run", daemon)
        shops.set_delay(SECOND, 30)  # now every page of it stalls
        wait_for(
            lambda: [r for r in runs(url) if r.status == RunStatus.RUNNING],
            "the next run",
            daemon,
        )
        code, took = daemon.stop(signal.SIGTERM)

    last = runs(url)[-1]
    assert code == 0, daemon.output()
    assert took < 2 + 15 + 10, "grace, then the crawl's own close, then margin"
    assert last.status == RunStatus.INTERRUPTED and "shutting down" in (last.error or "")
    assert site_crawls(url, SECOND)[-1].status == SiteStatus.PARTIAL
    assert active_products(url, SECOND) == 12, "an interrupted crawl removes nothing"


def test_a_run_over_its_time_limit_is_stopped_and_the_daemon_goes_on(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path, every="2s", daemon={"run_timeout": "20s"})
    shops.set_delay(SECOND, 8)  # robots.txt, homepage, listings, products: well over 20 s
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: finished_runs(url, RunStatus.TIMED_OUT), "a timed-out run", daemon)
        shops.set_delay(SECOND, 0)
        wait_for(
            lambda: site_crawls(url, SECOND)[-1].status == SiteStatus.OK,
            "a complete run after it",
            daemon,
        )
        daemon.stop()

    timed_out = finished_runs(url, RunStatus.TIMED_OUT)[0]
    assert "run timeout (20s)" in (timed_out.error or "")
    assert active_products(url, SECOND) == 12


def test_after_kill_9_a_restart_resumes_without_losing_or_duplicating_runs(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path, every="1h")
    shops.set_delay(SECOND, 0.5)
    log = tmp_path / "daemon.log"
    with running_daemon(config, url, log) as daemon:
        wait_for(lambda: site_crawls(url, SECOND), "the first crawl to start", daemon)
        daemon.stop(signal.SIGKILL)
    killed = runs(url)
    shops.set_delay(SECOND, 0)

    with running_daemon(config, url, log) as daemon:
        wait_for(lambda: finished_runs(url), "the crawl to be made up for", daemon)
        code, _took = daemon.stop()

    assert code == 0, daemon.output()
    assert [run.status for run in runs(url)] == [RunStatus.INTERRUPTED, RunStatus.COMPLETED]
    assert killed[0].id == runs(url)[0].id
    orphaned, made_up = site_crawls(url, SECOND)
    assert orphaned.status == SiteStatus.PARTIAL, "the orphaned crawl stopped, unfinished"
    assert made_up.status == SiteStatus.OK
    assert active_products(url, SECOND) == 12
    assert "left running by a stopped daemon" in daemon.output()


def test_a_second_daemon_on_the_same_database_exits_with_a_clear_message(
    shops: DemoWeb, tmp_path: Path
) -> None:
    config, url = daemon_config(shops, tmp_path, every="1h")
    with running_daemon(config, url, tmp_path / "daemon.log") as daemon:
        wait_for(lambda: stored(url, lambda r: Lease(r.engine).holder()), "the lease", daemon)
        second = rivalwatch("daemon", "--config", config)
        daemon.stop()

    assert second.returncode == 3
    assert "another rivalwatch daemon already schedules this database" in second.stderr
    assert f"pid {daemon.process.pid}" in second.stderr
