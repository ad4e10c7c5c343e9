"""Repository round trips for competitors, runs and site crawls, on every backend."""

from __future__ import annotations

import os
import subprocess
import sys

from storage.records import (
    CompetitorKind,
    CompetitorRecord,
    CompetitorSpec,
    RunRecord,
    RunStatus,
    SiteStatus,
)
from storage.repository import Repository


def _spec(name: str, kind: CompetitorKind = CompetitorKind.DIRECT, **extra: str) -> CompetitorSpec:
    return CompetitorSpec(name=name, kind=kind, homepage=f"https://{len(name)}.test/", **extra)


def test_sync_competitors_inserts_then_updates(repository: Repository) -> None:
    first = repository.sync_competitors([_spec("Acme"), _spec("Café Müller", notes="bio only")])
    assert first["Café Müller"].slug == "cafe-muller"
    assert first["Café Müller"].notes == "bio only"
    again = repository.sync_competitors(
        [CompetitorSpec(name="Acme", kind=CompetitorKind.FOREIGN, homepage="https://acme.example/")]
    )
    assert again["Acme"].id == first["Acme"].id
    assert (again["Acme"].kind, again["Acme"].homepage) == (
        CompetitorKind.FOREIGN,
        "https://acme.example/",
    )
    assert [c.name for c in repository.competitors()] == ["Acme", "Café Müller"]  # kept
    assert repository.competitor_by_name("Café Müller") == first["Café Müller"]
    assert repository.competitor_by_name("Nobody") is None


def test_slugs_are_ascii_and_unique(repository: Repository) -> None:
    stored = repository.sync_competitors(
        [
            _spec("ACME!"),
            _spec("acme"),
            _spec("京东商城"),
            _spec("ТайгаСнаб"),
            _spec("!!!"),
            _spec("?"),
        ]
    )
    slugs = [stored[name].slug for name in ("ACME!", "acme", "京东商城", "ТайгаСнаб", "!!!", "?")]
    assert slugs == [
        "acme",
        "acme-2",
        "jingdongshangcheng",
        "taygasnab",
        "competitor",
        "competitor-2",
    ]
    assert all(slug.isascii() for slug in slugs)


def test_run_lifecycle(repository: Repository) -> None:
    started = repository.start_run("cli", pid=4242)
    assert (started.status, started.trigger, started.pid, started.finished_at) == (
        RunStatus.RUNNING,
        "cli",
        4242,
        None,
    )
    assert started.started_at.utcoffset() is not None
    finished = repository.finish_run(started.id, RunStatus.FAILED, error="boom")
    assert (finished.status, finished.error) == (RunStatus.FAILED, "boom")
    assert finished.finished_at is not None and finished.finished_at >= finished.started_at
    assert repository.last_run() == finished
    assert repository.run(started.id) == finished


def test_runs_are_listed_newest_first(repository: Repository) -> None:
    ids = [repository.start_run(f"t{i}").id for i in range(3)]
    assert [r.id for r in repository.runs()] == ids[::-1]
    assert [r.id for r in repository.runs(limit=2)] == ids[:0:-1]
    assert repository.runs(limit=0) == []


def test_empty_database_has_no_last_run(repository: Repository) -> None:
    assert repository.last_run() is None
    assert repository.runs() == []


def test_stale_runs_are_those_whose_process_is_gone(repository: Repository) -> None:
    dead_pid = _dead_pid()
    alive = repository.start_run("cli", pid=os.getpid())
    orphan = repository.start_run("cli", pid=dead_pid)
    unknown = repository.start_run("cli")
    done = repository.start_run("cli", pid=dead_pid)
    repository.finish_run(done.id, RunStatus.COMPLETED)

    assert sorted(repository.recover_stale_runs()) == sorted([orphan.id, unknown.id])
    recovered = repository.run(orphan.id)
    assert recovered is not None and recovered.status == RunStatus.INTERRUPTED
    assert recovered.error is not None and "gone" in recovered.error
    assert recovered.finished_at is not None
    assert _status(repository, alive) == RunStatus.RUNNING
    assert _status(repository, done) == RunStatus.COMPLETED
    assert repository.recover_stale_runs() == []


def test_fresh_start_recovers_every_running_run(repository: Repository) -> None:
    alive = repository.start_run("daemon", pid=os.getpid())
    assert repository.recover_stale_runs(all_running=True) == [alive.id]
    assert _status(repository, alive) == RunStatus.INTERRUPTED


def test_site_crawl_is_partial_until_finished(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    started = repository.start_site_crawl(run.id, competitor.id)
    assert (started.status, started.finished_at, started.pages) == (SiteStatus.PARTIAL, None, 0)
    assert repository.last_site_crawl(competitor.id) == started
    assert repository.last_completed_site_crawl(competitor.id) is None

    finished = repository.finish_site_crawl(run.id, competitor.id, SiteStatus.OK, 120, 3, "fine")
    assert (finished.status, finished.pages, finished.errors, finished.message) == (
        SiteStatus.OK,
        120,
        3,
        "fine",
    )
    assert finished.started_at == started.started_at
    assert finished.finished_at is not None
    assert repository.last_completed_site_crawl(competitor.id) == finished


def test_last_completed_site_crawl_skips_failed_ones(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    statuses = [SiteStatus.OK, SiteStatus.DOWN, SiteStatus.PARTIAL]
    runs = [repository.start_run("cli") for _ in statuses]
    for run, status in zip(runs, statuses, strict=True):
        repository.start_site_crawl(run.id, competitor.id)
        repository.finish_site_crawl(run.id, competitor.id, status, pages=1, errors=0)
    last = repository.last_site_crawl(competitor.id)
    completed = repository.last_completed_site_crawl(competitor.id)
    assert last is not None and last.run_id == runs[-1].id
    assert completed is not None and completed.run_id == runs[0].id
    crawls = repository.site_crawls(competitor.id, limit=2)
    assert [c.status for c in crawls] == [SiteStatus.PARTIAL, SiteStatus.DOWN]


def test_finishing_a_crawl_that_never_started_records_it(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    crawl = repository.finish_site_crawl(run.id, competitor.id, SiteStatus.DOWN, 0, 1, "refused")
    assert (crawl.status, crawl.message) == (SiteStatus.DOWN, "refused")
    assert crawl.started_at == crawl.finished_at


def _status(repository: Repository, run: RunRecord) -> RunStatus:
    stored = repository.run(run.id)
    assert stored is not None
    return stored.status


def _dead_pid() -> int:
    """The pid of a child that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
