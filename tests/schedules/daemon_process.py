"""A real `rivalwatch daemon` process for tests, and how to watch it through its database."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from sqlalchemy.exc import OperationalError

from schedules.demo.web import DemoWeb
from storage.records import RunRecord, RunStatus, SiteCrawlRecord
from storage.repository import Repository
from tests.schedules.helpers import rivalwatch_command, write_config

T = TypeVar("T")
POLL_S = 0.2


def daemon_config(
    web: DemoWeb, tmp: Path, *, every: str = "2s", **top_level: Any
) -> tuple[Path, str]:
    """A config for all shops of `web` crawled `every` (no jitter, no screenshots); the
    config path and the database URL. `top_level` keys replace the config's own."""
    database_url = f"sqlite:///{tmp / 'rw.db'}"
    path = write_config(
        tmp / "rivalwatch.yaml",
        list(web.sites.values()),
        database_url=database_url,
        exports_dir=tmp / "exports",
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["schedule"] = {"every": every, "jitter": "0s"}
    data["screenshots"] = {"enabled": False}
    data |= top_level
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, database_url


@dataclass
class DaemonProcess:
    """A started daemon; its stderr goes to `log` so a failing test can show it."""

    process: subprocess.Popen[bytes]
    log: Path
    database_url: str

    def output(self) -> str:
        """Everything the daemon logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, signum: int = signal.SIGTERM, timeout_s: float = 60) -> tuple[int, float]:
        """Send `signum` and wait; the exit code and seconds it took."""
        started = time.monotonic()
        self.process.send_signal(signum)
        code = self.process.wait(timeout_s)
        return code, time.monotonic() - started


@contextmanager
def running_daemon(config: Path, database_url: str, log: Path) -> Iterator[DaemonProcess]:
    """Start `rivalwatch daemon`; kill it on the way out whatever happened."""
    with log.open("ab") as sink:
        process = subprocess.Popen(
            rivalwatch_command("daemon", "--config", config),
            stdout=subprocess.DEVNULL,
            stderr=sink,
            cwd=config.parent,
            env={**os.environ, "COLUMNS": "200"},
        )
    daemon = DaemonProcess(process, log, database_url)
    try:
        yield daemon
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


def wait_for(
    probe: Callable[[], T | None], what: str, daemon: DaemonProcess, timeout_s: float = 90
) -> T:
    """Poll `probe` until it returns something truthy; fail with the daemon's log if not."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            found = probe()
        except OperationalError:  # the daemon has not created the tables yet
            found = None
        if found:
            return found
        if daemon.process.poll() is not None:
            raise AssertionError(
                f"the daemon exited ({daemon.process.returncode}) before {what}:\n{daemon.output()}"
            )
        time.sleep(POLL_S)
    raise AssertionError(f"timed out waiting for {what}:\n{daemon.output()[-5000:]}")


def stored(database_url: str, read: Callable[[Repository], T]) -> T:
    """Read something through a fresh repository (the daemon writes meanwhile)."""
    repository = Repository.from_url(database_url, migrate=False)
    try:
        return read(repository)
    finally:
        repository.close()


def runs(database_url: str) -> list[RunRecord]:
    """All runs, oldest first."""
    return sorted(stored(database_url, lambda r: r.runs(10_000)), key=lambda run: run.id)


def finished_runs(database_url: str, status: RunStatus = RunStatus.COMPLETED) -> list[RunRecord]:
    return [run for run in runs(database_url) if run.status == status]


def site_crawls(database_url: str, name: str) -> list[SiteCrawlRecord]:
    """One competitor's site crawls, oldest first."""

    def read(repository: Repository) -> list[SiteCrawlRecord]:
        competitor = repository.competitor_by_name(name)
        return [] if competitor is None else repository.site_crawls(competitor.id, 10_000)[::-1]

    return stored(database_url, read)


def overlapping(crawls: Sequence[SiteCrawlRecord]) -> list[tuple[int, int]]:
    """Pairs of run ids whose crawls of one competitor overlapped in time."""
    spans = sorted((c.started_at, c.finished_at, c.run_id) for c in crawls)
    return [(a[2], b[2]) for a, b in itertools.pairwise(spans) if a[1] is None or b[0] < a[1]]


def pivot_generated_at(exports: Path) -> str | None:
    """When the pivot export was last regenerated (None before the first)."""
    try:
        return json.loads((exports / "pivot.json").read_text(encoding="utf-8"))["generated_at"]
    except (FileNotFoundError, json.JSONDecodeError):
        return None
