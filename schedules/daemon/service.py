"""The daemon process: takes the database's lease, schedules, runs, and stops gracefully.

Stopping (SIGTERM, SIGINT): no new runs start; running crawls get `grace_period` to finish,
then are stopped and recorded interrupted (their sites partial, so nothing is removed). A
second signal stops them at once. After `kill -9` nothing is lost: every run commits as it
goes, the crawl children notice their parent is gone and stop, and the next start records
the orphaned run as interrupted and crawls its competitors again soon.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from crawlers.config import Config
from crawlers.config.durations import format_duration
from crawlers.process import CrawlLimits
from schedules.daemon.dispatcher import Dispatcher, Due
from schedules.daemon.jobs import SITE, job_id, make_scheduler, receive_with, sync_jobs
from schedules.runner import run_once
from storage.engine import make_engine
from storage.lease import Lease, LeaseHolder
from storage.migrate import upgrade
from storage.records import RunStatus
from storage.repository import Repository

logger = logging.getLogger(__name__)
RENEW_EVERY_S = 15.0
STALE_AFTER = timedelta(seconds=90)
"""A lease not renewed for this long belongs to a dead daemon on another host."""
EXIT_LEASE_HELD = 3


class DaemonAlreadyRunning(Exception):
    """Another daemon holds this database's lease."""

    def __init__(self, holder: LeaseHolder) -> None:
        super().__init__(
            f"another rivalwatch daemon already schedules this database ({holder.describe()}); "
            "stop it first, or give this one another database"
        )
        self.holder = holder


@dataclass(frozen=True, slots=True)
class DaemonOptions:
    """How this daemon process behaves beyond the config (tests and benchmarks vary these)."""

    crawl_log_level: str = "WARNING"
    kill_after_s: float = 15.0
    """A crawl asked to stop may take this long to close before it is killed."""
    seed: int | None = None
    """For the jitter of catch-up runs; None: random."""


class Daemon:
    """One long-lived scheduler over the config's competitors."""

    def __init__(self, config: Config, options: DaemonOptions | None = None) -> None:
        self.config = config
        self.options = options or DaemonOptions()
        self._stop = threading.Event()
        self._kill = threading.Event()
        self.dispatcher = Dispatcher(
            self._run_batch,
            parallel=config.daemon.parallel_runs,
            batch_size=config.daemon.batch_size,
        )

    def run(self) -> None:
        """Run until SIGTERM/SIGINT (or `stop()`); raises DaemonAlreadyRunning."""
        upgrade(self.config.database)
        engine = make_engine(self.config.database)
        lease = Lease(engine)
        if (holder := lease.acquire(STALE_AFTER)) is not None:
            engine.dispose()
            raise DaemonAlreadyRunning(holder)
        scheduler = make_scheduler(engine)
        try:
            self._install_signal_handlers()
            scheduler.start(paused=True)
            self._sync(scheduler)
            receive_with(self.dispatcher.submit)
            self.dispatcher.start()
            scheduler.resume()
            logger.info("daemon started: %d competitors scheduled", len(self.config.competitors))
            self._serve(lease)
        finally:
            self._stop_scheduling(scheduler)
            self._wind_down()
            lease.release()
            engine.dispose()
            counts = self.dispatcher.counts
            logger.info(
                "daemon stopped: %d due, %d coalesced with a queued one, %d crawled in %d runs "
                "(%d of them retried after a failed run), %d dropped at the stop",
                counts.fired,
                counts.coalesced,
                counts.crawled,
                counts.runs,
                counts.retried,
                counts.dropped,
            )

    def stop(self) -> None:
        """Ask for a graceful stop; asked twice, running crawls are stopped at once."""
        if self._stop.is_set():
            self._kill.set()
        self._stop.set()

    def _serve(self, lease: Lease) -> None:
        while not self._stop.wait(RENEW_EVERY_S):
            try:
                ours = lease.renew()
            except SQLAlchemyError as error:  # a database restart must not end the daemon
                logger.warning("could not renew the daemon lease: %s", " ".join(str(error).split()))
                continue
            if not ours:
                logger.error("the daemon lease was taken over by another daemon; stopping")
                self._stop.set()

    def _stop_scheduling(self, scheduler: BackgroundScheduler) -> None:
        """No new due runs; those queued but not started stay due for the next start."""
        if scheduler.running:
            scheduler.pause()
        dropped = self.dispatcher.close()
        if dropped:
            logger.info("not starting the due runs of %s: stopping", ", ".join(dropped))
        now = datetime.now(UTC)
        for name in dropped:
            if scheduler.get_job(job_id(SITE, name)) is not None:
                scheduler.modify_job(job_id(SITE, name), next_run_time=now)
        if scheduler.running:
            scheduler.shutdown(wait=False)

    def _wind_down(self) -> None:
        running = self.dispatcher.running
        grace = self.config.daemon.grace_period
        if running:
            logger.info(
                "waiting up to %s for the runs of %s to finish",
                format_duration(grace),
                ", ".join(sorted(running)),
            )
        if not self._wait_or_kill(grace.total_seconds()):
            logger.warning("stopping the running crawls: the grace period is over")
            self._kill.set()
            self.dispatcher.join(self.options.kill_after_s + 30)

    def _wait_or_kill(self, grace_s: float) -> bool:
        """Wait for the runs, up to the grace period or a second signal."""
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and not self._kill.is_set():
            if self.dispatcher.join(min(0.5, max(0.0, deadline - time.monotonic()))):
                return True
        return self.dispatcher.join(0)

    def _run_batch(self, batch: Sequence[Due]) -> None:
        names = [due.competitor for due in batch]
        now = time.monotonic()
        logger.info(
            "crawling %s (lag_s %s)",
            ", ".join(names),
            " ".join(f"{due.lag_s(now):.2f}" for due in batch),
        )
        limits = CrawlLimits(
            deadline=now + self.config.daemon.run_timeout.total_seconds(),
            stop=self._kill,
            kill_after_s=self.options.kill_after_s,
        )
        report = run_once(
            self.config,
            competitors=names,
            trigger="daemon",
            log_level=self.options.crawl_log_level,
            limits=limits,
        )
        sites = ", ".join(f"{name}: {site.status}" for name, site in report.sites.items())
        logger.info(
            "run %d %s in %.1f s: %d changes; %s%s",
            report.run_id,
            report.status,
            time.monotonic() - now,
            report.changes,
            sites,
            f"; {report.error}" if report.error else "",
        )

    def _sync(self, scheduler: BackgroundScheduler) -> None:
        """Recover runs a killed daemon left `running`, then match the jobs to the config."""
        repository = Repository.from_url(self.config.database, migrate=False)
        try:
            interrupted = set(repository.recover_stale_runs())
            if interrupted:
                logger.warning(
                    "runs %s were left running by a stopped daemon: interrupted",
                    sorted(interrupted),
                )
            last_crawled, catch_up = {}, set()
            for competitor in repository.competitors():
                crawl = repository.last_site_crawl(competitor.id)
                if crawl is None:
                    continue
                last_crawled[competitor.name] = crawl.started_at
                run = repository.run(crawl.run_id)
                if run is not None and run.status == RunStatus.INTERRUPTED:
                    catch_up.add(competitor.name)
        finally:
            repository.close()
        sync_jobs(
            scheduler,
            self.config,
            last_crawled=last_crawled,
            catch_up=catch_up,
            rng=random.Random(self.options.seed),
        )

    def _install_signal_handlers(self) -> None:
        def handle(signum: int, _frame: FrameType | None) -> None:
            second = self._stop.is_set()
            logger.info(
                "%s: %s",
                signal.Signals(signum).name,
                "stopping the running crawls now" if second else "stopping after the running runs",
            )
            self.stop()

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, handle)
