"""Tables the CLI prints about stored runs: `rivalwatch status`."""

from __future__ import annotations

from rich.table import Table

from storage.records import ProductStatus
from storage.repository import Repository

STATUS_STYLE = {"ok": "green", "partial": "yellow", "down": "red"}


def status_table(repository: Repository) -> Table:
    """Last crawl per competitor: when, status, pages, active products, changes it found."""
    table = Table(
        "competitor",
        "kind",
        "last crawl (UTC)",
        "status",
        "pages",
        "errors",
        "products",
        "changes",
        "note",
    )
    for competitor in repository.competitors():
        crawl = repository.last_site_crawl(competitor.id)
        active = sum(
            1
            for state in repository.product_states(competitor.id).values()
            if state.status == ProductStatus.ACTIVE
        )
        if crawl is None:
            table.add_row(
                competitor.name, str(competitor.kind), "never", "—", "", "", str(active), "", ""
            )
            continue
        changes = len(repository.events(competitor.id, run_id=crawl.run_id))
        when = (crawl.finished_at or crawl.started_at).strftime("%Y-%m-%d %H:%M")
        style = STATUS_STYLE.get(str(crawl.status), "cyan")
        table.add_row(
            competitor.name,
            str(competitor.kind),
            when,
            f"[{style}]{crawl.status}[/]",
            str(crawl.pages),
            str(crawl.errors),
            str(active),
            str(changes),
            crawl.message or "",
        )
    return table
