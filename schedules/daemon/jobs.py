"""The daemon's persistent jobs: one per competitor and source, kept in step with the config.

Jobs live in APScheduler's SQLAlchemy job store in rivalwatch's own database, so their next
run times survive a restart. A stored job runs `fire` by reference (that is what the store
can persist); `fire` hands the competitor to the dispatcher this process registered.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from sqlalchemy import Engine, column, inspect, select, table

from crawlers.config import Config
from crawlers.config.monitoring import ScheduleConfig
from schedules.daemon.triggers import describe, fingerprint, trigger_for

logger = logging.getLogger(__name__)
JOB_TABLE = "apscheduler_jobs"
SITE = "site"
"""The one source so far: the competitor's own site (catalog, positioning, screenshot)."""
_receivers: list[Callable[[str], None]] = []


class KeepDueOnShutdown(BackgroundScheduler):
    """APScheduler 3's loop looks at due jobs once more after shutdown(); with its executors
    gone it cannot run them, yet moves their next run time on: a due run lost per job.
    After shutdown this one leaves them due, for the next start to run late.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


def make_scheduler(engine: Engine) -> BackgroundScheduler:
    """The daemon's scheduler: jobs stored in `engine`'s database, misfires coalesced into
    one late run however late (a stopped daemon's due runs are made up, once).
    """
    return KeepDueOnShutdown(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )


def job_id(source: str, competitor: str) -> str:
    """`site:Alpha Outfitters`: the job that crawls this source of this competitor."""
    return f"{source}:{competitor}"


def fire(competitor: str, source: str = SITE, schedule: str = "") -> None:
    """The job every stored schedule runs: hand `competitor` to this process's dispatcher."""
    if not _receivers:
        logger.error("%s is due but no dispatcher is running; skipped", competitor)
        return
    _receivers[-1](competitor)


def receive_with(receiver: Callable[[str], None]) -> None:
    """Make `receiver` the target of `fire` in this process (the daemon's dispatcher)."""
    _receivers.clear()
    _receivers.append(receiver)


def sync_jobs(
    scheduler: BaseScheduler,
    config: Config,
    *,
    last_crawled: Mapping[str, datetime],
    catch_up: set[str],
    rng: random.Random,
) -> None:
    """Make the stored jobs match the config, keeping each unchanged job's next run time.

    A job is due soon (within its jitter, so a restart does not fire everything at once)
    when it was due while the daemon was stopped, when its competitor's last run was
    interrupted (`catch_up`), or when it is new and its competitor was never crawled or
    not within one interval.
    """
    now = datetime.now(UTC)
    wanted = {job_id(SITE, c.name): c for c in config.competitors}
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            logger.info("dropping the schedule of %s: no longer in the config", job.id)
            job.remove()
    stored = {job.id: job for job in scheduler.get_jobs()}
    for identifier, competitor in wanted.items():
        schedule = config.schedule_for(competitor)
        soon = now + _spread(schedule, rng)
        job = stored.get(identifier)
        if job is not None and job.kwargs.get("schedule") == fingerprint(schedule):
            late = job.next_run_time is not None and job.next_run_time <= now
            if late or competitor.name in catch_up:
                job.modify(next_run_time=soon)
            continue
        stale = _stale(schedule, last_crawled.get(competitor.name), now)
        scheduler.add_job(
            fire,
            trigger=trigger_for(schedule),
            id=identifier,
            name=f"{competitor.name} ({describe(schedule)})",
            kwargs={
                "competitor": competitor.name,
                "source": SITE,
                "schedule": fingerprint(schedule),
            },
            replace_existing=True,
            **({"next_run_time": soon} if stale or competitor.name in catch_up else {}),
        )


def next_runs(engine: Engine) -> dict[str, datetime]:
    """Competitor name -> next scheduled crawl, read from the job store (empty before the
    daemon first ran). Reads the table only: no scheduler needed.
    """
    if not inspect(engine).has_table(JOB_TABLE):
        return {}
    jobs = table(JOB_TABLE, column("id"), column("next_run_time"))
    query = select(jobs.c.id, jobs.c.next_run_time).where(jobs.c.next_run_time.is_not(None))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    prefix = job_id(SITE, "")
    return {
        row.id.removeprefix(prefix): datetime.fromtimestamp(row.next_run_time, UTC)
        for row in rows
        if row.id.startswith(prefix)
    }


def _spread(schedule: ScheduleConfig, rng: random.Random) -> timedelta:
    jitter = schedule.jitter.total_seconds() if schedule.jitter else 0
    return timedelta(seconds=rng.uniform(0, jitter))


def _stale(schedule: ScheduleConfig, last: datetime | None, now: datetime) -> bool:
    """Whether a new job should run soon rather than wait for its first trigger time."""
    if last is None:
        return True
    return schedule.every is not None and now - last >= schedule.every
