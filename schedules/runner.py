"""run_once: the ONE function that runs a crawl end to end; the CLI and the daemon call it.

config → crawl (in a child process, or here for a one-shot command) → store → diff →
dossiers/pivot → exports.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from crawlers.config import CompetitorConfig, Config
from crawlers.config.durations import format_duration
from crawlers.extractors.base import PageKind
from crawlers.process import (
    EXIT_STOPPED,
    EXIT_STORAGE_ERROR,
    EXIT_TIMED_OUT,
    CrawlLimits,
    crawl_in_child,
    crawl_in_process,
)
from crawlers.progress import SiteProgress
from crawlers.targets import SiteTarget
from pipeline.notifications import NotifyReport, notify_run
from pipeline.publish import publish
from pipeline.update import apply_run
from schedules.shared_publish import SharedPublish
from storage.records import CompetitorSpec, RunStatus, SiteStatus
from storage.repository import Repository

logger = logging.getLogger(__name__)
Crawl = Callable[..., int]
"""`crawl_in_child` or `crawl_in_process`: (config, run_id, targets, *, on_progress) -> exit."""
shared_publish = SharedPublish()
"""One regeneration of the exports at a time in this process, shared by runs ending together."""
ENDED_EARLY = {
    EXIT_TIMED_OUT: (RunStatus.TIMED_OUT, "the crawl ran longer than the run timeout ({timeout})"),
    EXIT_STOPPED: (RunStatus.INTERRUPTED, "the crawl was stopped: rivalwatch is shutting down"),
}
"""How a crawl that `CrawlLimits` ended is recorded; its sites are partial, nothing removed."""


@dataclass(slots=True)
class RunReport:
    """What a run did, for the CLI's summary and the daemon's notifications."""

    run_id: int
    status: RunStatus
    sites: dict[str, SiteProgress] = field(default_factory=dict)
    changes: int = 0
    exports: list[Path] = field(default_factory=list)
    notified: NotifyReport | None = None
    error: str | None = None


def run_once(
    config: Config,
    *,
    competitors: Sequence[str] = (),
    trigger: str = "cli",
    on_progress: Callable[[SiteProgress], None] | None = None,
    log_level: str = "WARNING",
    in_child: bool = True,
    limits: CrawlLimits | None = None,
) -> RunReport:
    """Crawl the selected competitors (all when none given), diff, and regenerate exports.

    Sites that are down or partial are reported, not fatal; the run fails only when the
    run itself cannot proceed (database unreachable, crawler process crashed). Without
    `in_child` the crawl runs in this process: only for a process that crawls once.
    `limits` (a child crawl only) stop it at a deadline or on request: the run is then
    timed out or interrupted, its sites partial.
    """
    selected = [config.competitor(name) for name in competitors] or list(config.competitors)
    repository = Repository.from_url(config.database)  # migrated to the newest schema
    try:  # a daemon calls this for ever: each run must give its connections back
        crawl = _child_crawl(log_level, limits) if in_child else crawl_in_process
        return _run(config, repository, selected, trigger, on_progress, crawl)
    finally:
        repository.close()


def _run(
    config: Config,
    repository: Repository,
    selected: Sequence[CompetitorConfig],
    trigger: str,
    on_progress: Callable[[SiteProgress], None] | None,
    crawl: Crawl,
) -> RunReport:
    repository.recover_stale_runs()
    records = repository.sync_competitors(_spec(c) for c in config.competitors)
    run = repository.start_run(trigger, pid=os.getpid())
    report = RunReport(run_id=run.id, status=RunStatus.RUNNING)

    def track(progress: SiteProgress) -> None:
        report.sites[progress.name] = progress
        if on_progress is not None:
            on_progress(progress)

    try:
        targets = [_target(repository, c, records[c.name].id) for c in selected]
        for target in targets:
            repository.start_site_crawl(run.id, target.competitor_id)
        exit_code = crawl(config, run.id, targets, on_progress=track)
        ended = _ended_early(config, exit_code)
        if exit_code != 0:
            message = ended[1] if ended else _crash_message(exit_code)
            report.error = _close_unfinished(repository, run.id, targets, report, message)
        events = apply_run(
            repository, run.id, [t.competitor_id for t in targets], now=datetime.now(UTC)
        )
        report.changes = len(events)
        if exit_code != EXIT_STOPPED:  # shutting down: the next start publishes
            report.exports = shared_publish(functools.partial(_publish, config, repository))
            if config.notify:
                ids = [t.competitor_id for t in targets]
                report.notified = notify_run(config.notify, repository, run.id, ids)
    except BaseException as error:
        report.status, report.error = RunStatus.FAILED, f"{type(error).__name__}: {error}"
        repository.finish_run(run.id, RunStatus.FAILED, report.error)
        raise
    report.status = ended[0] if ended else RunStatus.FAILED if report.error else RunStatus.COMPLETED
    repository.finish_run(run.id, report.status, report.error)
    return report


def _publish(config: Config, repository: Repository) -> list[Path]:
    return publish(
        repository,
        config.exports.dir,
        config.exports.formats,
        now=datetime.now(UTC),
        screenshots_dir=config.screenshots.dir,
    )


def _ended_early(config: Config, exit_code: int) -> tuple[RunStatus, str] | None:
    """The status and message of a crawl its limits ended, else None."""
    if exit_code not in ENDED_EARLY:
        return None
    status, message = ENDED_EARLY[exit_code]
    return status, message.format(timeout=format_duration(config.daemon.run_timeout))


def _target(repository: Repository, competitor: CompetitorConfig, competitor_id: int) -> SiteTarget:
    """The crawl target, with how earlier runs learned to fetch its pages."""
    decisions = repository.fetch_decisions(competitor_id)
    api = decisions.get(PageKind.DATA_API)
    return SiteTarget.from_config(
        competitor,
        competitor_id,
        fetchers={kind: d.fetcher.value for kind, d in decisions.items()},
        data_api=api.endpoint if api is not None else None,
        product_url_template=api.url_template if api is not None else None,
    )


def _child_crawl(log_level: str, limits: CrawlLimits | None) -> Crawl:
    return functools.partial(crawl_in_child, log_level=log_level, limits=limits)


def _crash_message(exit_code: int) -> str:
    if exit_code == EXIT_STORAGE_ERROR:
        return "the crawl was stopped because its snapshots could not be stored (see the log)"
    return f"crawler process exited with code {exit_code}; results may be incomplete"


def _close_unfinished(
    repository: Repository,
    run_id: int,
    targets: Sequence[SiteTarget],
    report: RunReport,
    message: str,
) -> str:
    """A crawl that ended early leaves sites unfinished: partial, so nothing is removed."""
    logger.error(message)
    for target in targets:
        done = report.sites.get(target.name)
        if done is None or done.status is None:
            repository.finish_site_crawl(
                run_id, target.competitor_id, SiteStatus.PARTIAL, 0, 1, message
            )
            report.sites[target.name] = SiteProgress(
                name=target.name,
                pages=0,
                products=0,
                errors=1,
                status=SiteStatus.PARTIAL.value,
                message=message,
            )
    return message


def _spec(competitor: CompetitorConfig) -> CompetitorSpec:
    return CompetitorSpec(
        name=competitor.name,
        kind=competitor.kind,
        homepage=str(competitor.homepage),
        notes=competitor.notes,
    )
