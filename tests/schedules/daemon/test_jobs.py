"""The persistent jobs, in a real APScheduler with its job store in a real SQLite file."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from crawlers.config import Config, parse_config
from schedules.daemon.jobs import job_id, make_scheduler, next_runs, sync_jobs
from storage.engine import make_engine

SHOPS = """\
schedule: {{every: {every}, jitter: 10m}}
competitors:
  - {{name: Alpha, homepage: "https://alpha.example/"}}
  - {{name: Beta, homepage: "https://beta.example/", schedule: {{cron: "0 7 * * mon-fri"}}}}
"""


def config(every: str = "6h", extra: str = "") -> Config:
    return parse_config(SHOPS.format(every=every) + extra, source=Path("rivalwatch.yaml"))


@contextmanager
def scheduler(engine: Engine) -> Iterator[BackgroundScheduler]:
    """A paused scheduler on the job store, as the daemon runs it before its first sync."""
    running = make_scheduler(engine)
    running.start(paused=True)
    try:
        yield running
    finally:
        running.shutdown(wait=False)


def synced(
    engine: Engine,
    settings: Config,
    *,
    last_crawled: dict[str, datetime] | None = None,
    catch_up: frozenset[str] = frozenset(),
) -> dict[str, datetime]:
    with scheduler(engine) as running:
        sync_jobs(
            running,
            settings,
            last_crawled=last_crawled or {},
            catch_up=set(catch_up),
            rng=random.Random(7),
        )
        return {job.id: job.next_run_time for job in running.get_jobs()}


def test_never_crawled_competitors_are_due_within_their_jitter(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    before = datetime.now(UTC)

    due = synced(engine, config())

    assert set(due) == {job_id("site", "Alpha"), job_id("site", "Beta")}
    assert all(before <= when <= before + timedelta(minutes=10, seconds=5) for when in due.values())


def test_a_recent_crawl_waits_for_its_interval(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    now = datetime.now(UTC)

    due = synced(engine, config(), last_crawled={"Alpha": now, "Beta": now})

    assert due[job_id("site", "Alpha")] >= now + timedelta(hours=6) - timedelta(seconds=5)
    assert due[job_id("site", "Beta")].hour == 7, "a cron schedule keeps its time of day"


def test_a_restart_keeps_each_unchanged_next_run_time(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    now = datetime.now(UTC)
    first = synced(engine, config(), last_crawled={"Alpha": now, "Beta": now})

    again = synced(engine, config(), last_crawled={"Alpha": now, "Beta": now})

    assert again == first
    assert next_runs(engine) == {
        "Alpha": first[job_id("site", "Alpha")],
        "Beta": first[job_id("site", "Beta")],
    }


def test_a_changed_schedule_replaces_the_job_and_a_removed_competitor_loses_it(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    now = datetime.now(UTC)
    synced(engine, config("6h"), last_crawled={"Alpha": now, "Beta": now})
    only_alpha = config("1h").model_copy(update={"competitors": config().competitors[:1]})

    due = synced(engine, only_alpha, last_crawled={"Alpha": now})

    assert list(due) == [job_id("site", "Alpha")]
    assert due[job_id("site", "Alpha")] <= now + timedelta(hours=1, minutes=10, seconds=5)


def test_jobs_due_while_the_daemon_was_stopped_are_spread_over_their_jitter(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    many = "".join(
        f'  - {{name: "Shop {i}", homepage: "https://s{i}.example/"}}\n' for i in range(40)
    )
    settings = config("1m", many)
    long_ago = datetime.now(UTC) - timedelta(days=1)
    crawled = {c.name: long_ago for c in settings.competitors}
    with scheduler(engine) as running:
        sync_jobs(running, settings, last_crawled=crawled, catch_up=set(), rng=random.Random(1))
        for job in running.get_jobs():
            job.modify(next_run_time=long_ago)  # as if the daemon was stopped for a day
    restart = datetime.now(UTC)

    due = synced(engine, settings, last_crawled=crawled)

    spread = sorted((when - restart).total_seconds() for when in due.values())
    assert spread[0] >= 0 and spread[-1] <= 600 + 5
    assert spread[-1] - spread[0] > 300, "not all fired at once"


def test_competitors_of_an_interrupted_run_are_due_again_soon(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rw.db'}")
    now = datetime.now(UTC)
    synced(engine, config(), last_crawled={"Alpha": now, "Beta": now})

    due = synced(
        engine, config(), last_crawled={"Alpha": now, "Beta": now}, catch_up=frozenset({"Alpha"})
    )

    assert due[job_id("site", "Alpha")] <= datetime.now(UTC) + timedelta(minutes=10)
    assert due[job_id("site", "Beta")].hour == 7


def test_status_has_no_next_runs_before_the_first_daemon(tmp_path: Path) -> None:
    assert next_runs(make_engine(f"sqlite:///{tmp_path / 'rw.db'}")) == {}
