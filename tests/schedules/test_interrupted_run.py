"""End to end: a `rivalwatch crawl` killed mid-run (its process group, SIGKILL) loses
nothing earlier runs stored, and the next run marks it interrupted and works normally.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from crawlers.config import load_config
from schedules.demo.web import DemoWeb, serve_demo_web, serve_generated_web
from schedules.runner import run_once
from storage.records import ChangeEventRecord, ProductState, ProductStatus, RunStatus
from storage.repository import Repository
from tests.schedules.helpers import (
    finish,
    rivalwatch,
    selecting,
    start_rivalwatch,
    write_config,
)

pytestmark = pytest.mark.crawl
SHOPS = ["Alpha Outfitters", "Le Comptoir du Bivouac"]
BUSY_PRODUCTS = 5000
"""A generated shop this big keeps the killed crawl busy (and flushing snapshots to the
database every few seconds) long after the test has seen its first snapshots."""
POLL_S = 0.05
DEADLINE_POLLS = int(120 / POLL_S)


@dataclass
class Interrupted:
    """What the database held before the kill, right after it, and after the next run."""

    web: DemoWeb
    completed_runs: list[int]
    """Day 0 (the baseline) and day 1 (with real changes), both finished before the kill."""
    killed_run: int
    states_before: dict[str, dict[str, ProductState]]
    events_before: list[ChangeEventRecord]
    states_after_kill: dict[str, dict[str, ProductState]]
    events_after_kill: list[ChangeEventRecord]
    runs_after_kill: dict[int, RunStatus]
    next_run: subprocess.CompletedProcess[str]
    repository: Repository


def states(repository: Repository) -> dict[str, dict[str, ProductState]]:
    return {c.name: repository.product_states(c.id) for c in repository.competitors()}


def stored_snapshots(repository: Repository, run_id: int) -> int:
    return sum(len(repository.run_snapshots(run_id, c.id)) for c in repository.competitors())


def wait_for_snapshots(repository: Repository, crawl: subprocess.Popen[str], after: int) -> int:
    """Poll the database until a run newer than `after` has stored snapshots; return its id.

    Fails if the crawl ends first.
    """
    for _poll in range(DEADLINE_POLLS):
        run = repository.last_run()
        if run is not None and run.id > after and stored_snapshots(repository, run.id):
            return run.id
        try:  # waits POLL_S, returning early if the crawl ended
            crawl.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the crawl ended before the test could kill it:\n{finish(crawl).stderr}")
    pytest.fail("the crawl stored no snapshots in time")


def kill_group(crawl: subprocess.Popen[str]) -> None:
    """SIGKILL the command and anything it started: nothing gets to clean up."""
    os.killpg(crawl.pid, signal.SIGKILL)
    crawl.communicate()


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Interrupted]:
    tmp = tmp_path_factory.mktemp("interrupted")
    database = f"sqlite:///{tmp / 'rw.db'}"
    with serve_demo_web() as web, serve_generated_web(BUSY_PRODUCTS) as busy:
        sites = [*web.sites.values(), *busy.sites.values()]
        config = write_config(
            tmp / "rivalwatch.yaml", sites, database_url=database, exports_dir=tmp / "exports"
        )
        completed = []
        for day in (0, 1):
            web.set_day(day)
            report = run_once(load_config(config), competitors=SHOPS, trigger="test")
            completed.append(report.run_id)
        repository = Repository.from_url(database)
        states_before, events_before = states(repository), repository.events()

        crawl = start_rivalwatch("crawl", "-c", config, *selecting([*SHOPS, *busy.sites]))
        try:
            killed_run = wait_for_snapshots(repository, crawl, after=completed[-1])
        finally:
            kill_group(crawl)
        states_after_kill, events_after_kill = states(repository), repository.events()
        runs_after_kill = {run.id: run.status for run in repository.runs()}

        next_run = rivalwatch("crawl", "-c", config, *selecting(SHOPS))
        yield Interrupted(
            web=web,
            completed_runs=completed,
            killed_run=killed_run,
            states_before=states_before,
            events_before=events_before,
            states_after_kill=states_after_kill,
            events_after_kill=events_after_kill,
            runs_after_kill=runs_after_kill,
            next_run=next_run,
            repository=repository,
        )
        repository.close()


def test_the_kill_leaves_earlier_runs_intact(interrupted: Interrupted) -> None:
    completed = dict.fromkeys(interrupted.completed_runs, RunStatus.COMPLETED)
    assert interrupted.runs_after_kill == completed | {interrupted.killed_run: RunStatus.RUNNING}
    before = {name: s for name, s in interrupted.states_before.items() if s}
    assert set(before) == set(SHOPS)
    after = {name: s for name, s in interrupted.states_after_kill.items() if s}
    assert after == before
    assert interrupted.events_before, "day 1 changed prices and the catalog"
    assert interrupted.events_after_kill == interrupted.events_before


def test_the_next_run_completes_and_marks_the_killed_one_interrupted(
    interrupted: Interrupted,
) -> None:
    assert interrupted.next_run.returncode == 0, interrupted.next_run.stderr
    runs = {run.id: run for run in interrupted.repository.runs()}
    assert [runs[i].status for i in interrupted.completed_runs] == [RunStatus.COMPLETED] * 2
    assert runs[interrupted.killed_run].status == RunStatus.INTERRUPTED
    assert runs[interrupted.killed_run].finished_at is not None
    (next_id,) = set(runs) - {*interrupted.completed_runs, interrupted.killed_run}
    assert runs[next_id].status == RunStatus.COMPLETED


def test_the_interruption_removes_no_product(interrupted: Interrupted) -> None:
    events = interrupted.repository.events()
    new = [e for e in events if e.run_id not in interrupted.completed_runs]
    assert not [e for e in new if e.kind == "product_removed"]
    now = states(interrupted.repository)
    for name in SHOPS:
        active = {key for key, s in now[name].items() if s.status == ProductStatus.ACTIVE}
        was = {
            k
            for k, s in interrupted.states_before[name].items()
            if s.status == ProductStatus.ACTIVE
        }
        assert active == was, name
        assert len(active) >= 0.95 * len(interrupted.web.expected_products(name)), name
