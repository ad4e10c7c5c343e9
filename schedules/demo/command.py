"""`rivalwatch demo`: crawl the bundled fictional web twice and show what changed."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crawlers.config import Config, load_config
from schedules.console import ProgressView, site_problems
from schedules.demo.web import serve_demo_web
from schedules.runner import RunReport, run_once

DAYS = (0, 1)


def run_demo(directory: Path, *, console: Console, out: Console, quiet: bool = False) -> None:
    """Serve the demo web on loopback, crawl it on two 'days', write exports into `directory`."""
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "rivalwatch.db"
    _remove_database(database)  # the demo web's ports change per start: begin a fresh history
    with serve_demo_web() as web:
        config_file = directory / "rivalwatch.yaml"
        config_file.write_text(
            web.config_yaml(
                database_url=f"sqlite:///{database}", exports_dir=str(directory / "exports")
            ),
            encoding="utf-8",
        )
        config = load_config(config_file)
        for day in DAYS:
            web.set_day(day)
            if not quiet:
                console.print(
                    f"[bold]Day {day + 1}[/]: crawling {len(config.competitors)} "
                    "fictional competitors on loopback"
                )
            report = _crawl(config, console, quiet)
    _summary(directory, config_file, report, out)


def _crawl(config: Config, console: Console, quiet: bool) -> RunReport:
    with ProgressView(console, quiet=quiet) as view:
        report = run_once(config, trigger="demo", on_progress=view.update)
    for line in site_problems(report.sites):
        console.print(f"[yellow]warning:[/] {line}", highlight=False)
    return report


def _summary(directory: Path, config_file: Path, report: RunReport, out: Console) -> None:
    exports = directory / "exports"
    pivot = json.loads((exports / "pivot.json").read_text(encoding="utf-8"))
    table = Table(
        "competitor",
        "kind",
        "products",
        "price range",
        "added 7d",
        "removed 7d",
        "price changes 7d",
        "crawl",
    )
    for row in pivot["rows"]:
        prices = (
            f"{row['price_min']}–{row['price_max']} {row['currency']}" if row["price_min"] else "—"
        )
        table.add_row(
            row["competitor"],
            row["kind"],
            str(row["products_active"]),
            prices,
            str(row["products_added_7d"]),
            str(row["products_removed_7d"]),
            str(row["price_changes_7d"]),
            str(row["last_crawl_status"]),
        )
    out.print(table)
    out.print(f"{report.changes} changes found on the second visit.")
    out.print(f"Config:   {config_file}")
    out.print(f"Dossiers: {exports / 'dossiers'}")
    out.print(f"Pivot:    {exports / 'pivot.json'} and {exports / 'pivot.csv'}")
    out.print(f"Workbook: {exports / 'rivalwatch.xlsx'}")


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
