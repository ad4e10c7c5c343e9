"""Database → dossiers, pivot and export files: what runs after every crawl and on `export`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.dossier import DossierInput, build_dossier
from pipeline.exporters.bundle import ExportBundle
from pipeline.exporters.registry import export
from pipeline.pivot import EventCounts, build_pivot, count_events, window_start
from pipeline.screenshots import ScreenshotLink, screenshot_links
from storage.records import CompetitorRecord, SnapshotKind
from storage.repository import Repository

CHANGES_WINDOW = timedelta(days=90)
"""A dossier lists the changes of the last 90 days (the database keeps all of them)."""
MAX_CHANGES = 10_000
"""...and at most this many, newest first, so a dossier stays readable."""


def publish(
    repository: Repository,
    out_dir: Path,
    formats: Iterable[str],
    *,
    now: datetime,
    screenshots_dir: Path | None = None,
) -> list[Path]:
    """Rebuild every competitor's dossier and the pivot from storage and write `formats`.

    Dossiers list screenshots only when told where their files are (`screenshots_dir`),
    with paths a reader of `out_dir` can open (see `pipeline.screenshots`).
    """
    inputs = [
        _dossier_input(repository, competitor, now, out_dir, screenshots_dir)
        for competitor in repository.competitors()
    ]
    counts = {  # the loaded changes hold the 7 days unless capped: count in SQL only then
        data.competitor.id: _counts(repository, data.competitor.id, now)
        for data in inputs
        if len(data.changes) >= MAX_CHANGES
    }
    dossiers = {data.competitor.slug: build_dossier(data) for data in inputs}
    pivot = build_pivot(inputs, now=now, event_counts=counts)
    return export(ExportBundle.from_dossiers(dossiers, pivot), out_dir, formats)


def _dossier_input(
    repository: Repository,
    competitor: CompetitorRecord,
    now: datetime,
    out_dir: Path,
    screenshots_dir: Path | None,
) -> DossierInput:
    positioning = repository.latest_snapshot(competitor.id, SnapshotKind.POSITIONING)
    return DossierInput(
        competitor=competitor,
        last_crawl=repository.last_site_crawl(competitor.id),
        positioning=positioning.payload if positioning else None,
        products=list(repository.product_states(competitor.id).values()),
        changes=repository.events(competitor.id, since=now - CHANGES_WINDOW, limit=MAX_CHANGES),
        generated_at=now,
        screenshots=_screenshots(repository, competitor.id, out_dir, screenshots_dir),
        content=list(repository.content_states(competitor.id).values()),
    )


def _screenshots(
    repository: Repository, competitor_id: int, out_dir: Path, screenshots_dir: Path | None
) -> list[ScreenshotLink]:
    if screenshots_dir is None:
        return []
    return screenshot_links(repository.screenshots(competitor_id), screenshots_dir, out_dir)


def _counts(repository: Repository, competitor_id: int, now: datetime) -> EventCounts:
    return count_events(repository.events(competitor_id, since=window_start(now)), now=now)
