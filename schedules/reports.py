"""Tables the CLI prints about stored runs: `rivalwatch status` and `rivalwatch runs`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.table import Table

from schedules.console import STATUS_STYLE
from storage.records import ProductStatus
from storage.repository import Repository

RUN_STYLE = {"completed": "green", "failed": "red", "timed_out": "red", "interrupted": "yellow"}


def status_table(repository: Repository, next_runs: Mapping[str, datetime]) -> Table:
    """Per competitor: its last crawl (when, status, pages, products, changes) and, when the
    daemon schedules it, its next.
    """
    table = Table(
        "competitor",
        "kind",
        "last crawl (UTC)",
        "status",
        "pages",
        "errors",
        "products",
        "changes",
        "next crawl (UTC)",
        "note",
    )
    for competitor in repository.competitors():
        crawl = repository.last_site_crawl(competitor.id)
        active = sum(
            1
            for state in repository.product_states(competitor.id).values()
            if state.status == ProductStatus.ACTIVE
        )
        upcoming = next_runs.get(competitor.name)
        next_cell = _when(upcoming) if upcoming else "not scheduled"
        if crawl is None:
            table.add_row(
                competitor.name,
                str(competitor.kind),
                "never",
                "—",
                "",
                "",
                str(active),
                "",
                next_cell,
                "",
            )
            continue
        changes = len(repository.events(competitor.id, run_id=crawl.run_id))
        style = STATUS_STYLE.get(str(crawl.status), "cyan")
        table.add_row(
            competitor.name,
            str(competitor.kind),
            _when(crawl.finished_at or crawl.started_at),
            f"[{style}]{crawl.status}[/]",
            str(crawl.pages),
            str(crawl.errors),
            str(active),
            str(changes),
            next_cell,
            crawl.message or "",
        )
    return table


def runs_table(repository: Repository, limit: int) -> Table:
    """The newest runs: when, how long, what started them, outcome, who, changes, why."""
    table = Table(
        "run", "started (UTC)", "took", "trigger", "status", "competitors", "changes", "error"
    )
    runs = repository.runs(limit)
    ids = [run.id for run in runs]
    names = {c.id: c.name for c in repository.competitors()}
    sites: dict[int, list[str]] = {}
    for crawl in repository.site_crawls_of_runs(ids):
        style = STATUS_STYLE.get(str(crawl.status), "cyan")
        name = names.get(crawl.competitor_id, f"#{crawl.competitor_id}")
        sites.setdefault(crawl.run_id, []).append(f"{name} [{style}]{crawl.status}[/]")
    changes = repository.event_counts_of_runs(ids)
    for run in runs:
        took = (
            f"{(run.finished_at - run.started_at).total_seconds():.0f} s"
            if run.finished_at
            else "…"
        )
        style = RUN_STYLE.get(str(run.status), "cyan")
        table.add_row(
            str(run.id),
            _when(run.started_at),
            took,
            run.trigger,
            f"[{style}]{run.status}[/]",
            ", ".join(sites.get(run.id, [])),
            str(changes.get(run.id, 0)),
            run.error or "",
        )
    return table


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")
