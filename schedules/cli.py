"""The `rivalwatch` console script: crawl, export, status, extract, demo, browser, db upgrade."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from crawlers.config import CompetitorConfig, Config, ConfigError, config_path, load_config
from crawlers.config.notices import unused_key_notices
from schedules.console import ProgressView, site_problems
from schedules.reports import runs_table, status_table
from storage.engine import StorageError

app = typer.Typer(
    name="rivalwatch",
    help="Monitor competitors: crawl their catalogs and positioning, diff, export dossiers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

PIPE_WIDTH = 1000
"""Line width when output goes to a pipe or file: rows and messages stay whole for grep and
logs instead of being cut and wrapped at rich's default of 80 columns."""


def _console(*, stderr: bool) -> Console:
    console = Console(stderr=stderr)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


err = _console(stderr=True)
out = _console(stderr=False)
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Config file (default: $RIVALWATCH_CONFIG, else ./rivalwatch.yaml)."
    ),
]
EXIT_CONFIG = 2


@app.callback()
def main(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings and errors.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the crawler's own log.")
    ] = False,
) -> None:
    """Set up logging for every command."""
    level = logging.WARNING if quiet else (logging.INFO if verbose else logging.WARNING)
    # The handler filters too: a crawl in this process sets Scrapy's loggers to DEBUG.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    logging.basicConfig(
        level=level, handlers=[handler], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    _state["quiet"], _state["verbose"] = quiet, verbose


_state: dict[str, bool] = {"quiet": False, "verbose": False}


def _log_for_services(*, quiet: bool) -> None:
    """A long-running command logs what it does (INFO), one line per record, in a form
    journald and `docker logs` read well: under systemd without our timestamp (the journal
    adds its own) and with a <N> priority prefix it understands.
    """
    from schedules.service_logging import service_handler

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    level = logging.WARNING if quiet else logging.INFO
    root.addHandler(service_handler(level))
    root.setLevel(level)


@app.command()
def crawl(
    competitor: Annotated[
        list[str] | None,
        typer.Option("--competitor", "-n", help="Crawl only this competitor (repeatable)."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Crawl competitors, diff against the last crawl, and regenerate all exports.

    Exits 0 when the run completed, even if some sites were down (they are reported).
    """
    from schedules.runner import run_once

    settings = _load(config)
    _select_or_exit(settings, competitor or [])
    with _storage_errors(), ProgressView(err, quiet=_state["quiet"]) as view:
        report = run_once(
            settings,
            competitors=competitor or [],
            on_progress=view.update,
            # One crawl, then exit: no second reactor is ever needed, so crawl right here
            # and save a child interpreter's start-up (see docs/benchmarks.md).
            in_child=False,
        )
    for line in site_problems(report.sites):
        err.print(f"[yellow]warning:[/] {line}", highlight=False)
    if not _state["quiet"]:
        err.print(
            f"run {report.run_id}: {report.status}, {report.changes} changes; "
            f"exports in {settings.exports.dir}"
        )
    if report.error:
        err.print(f"[red]error:[/] {report.error}", highlight=False)
        raise typer.Exit(1)


@app.command()
def export(
    format_: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="json, csv or xlsx (repeatable; default: config)."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Regenerate dossiers, pivot and spreadsheet from the database alone (no crawling)."""
    from datetime import UTC, datetime

    from pipeline.exporters.registry import available_formats
    from pipeline.publish import publish
    from storage.repository import Repository

    settings = _load(config)
    formats = format_ or list(settings.exports.formats)
    unknown = [f for f in formats if f not in available_formats()]
    if unknown:
        _fail(
            f"unknown format {', '.join(unknown)}; valid formats: {', '.join(available_formats())}",
            EXIT_CONFIG,
        )
    with _storage_errors():
        paths = publish(
            Repository.from_url(settings.database),
            settings.exports.dir,
            formats,
            now=datetime.now(UTC),
            screenshots_dir=settings.screenshots.dir,
        )
    for path in paths:
        out.print(str(path), highlight=False)


@app.command()
def status(config: ConfigOption = None) -> None:
    """Per competitor: last crawl (when, status, pages, products, changes) and next crawl."""
    from schedules.daemon.jobs import next_runs
    from storage.repository import Repository

    settings = _load(config)
    with _storage_errors():
        repository = Repository.from_url(settings.database)
        try:
            out.print(status_table(repository, next_runs(repository.engine)))
        finally:
            repository.close()


@app.command()
def runs(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many runs, newest first.")] = 20,
    config: ConfigOption = None,
) -> None:
    """Recent runs: when, how long, what started them, their outcome and changes."""
    from storage.repository import Repository

    settings = _load(config)
    with _storage_errors():
        repository = Repository.from_url(settings.database)
        try:
            out.print(runs_table(repository, limit))
        finally:
            repository.close()


@app.command()
def daemon(config: ConfigOption = None) -> None:
    """Crawl every competitor on its schedule, for ever; exports and alerts after each run.

    Stops gracefully on SIGTERM or Ctrl-C (a second one stops running crawls at once).
    """
    from schedules.daemon.service import EXIT_LEASE_HELD, Daemon, DaemonAlreadyRunning

    settings = _load(config)
    _log_for_services(quiet=_state["quiet"])
    with _storage_errors():
        try:
            Daemon(settings).run()
        except DaemonAlreadyRunning as running:
            _fail(str(running), EXIT_LEASE_HELD)


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Saved pages (.html or .html.gz).", exists=True, dir_okay=False),
    ],
    url: Annotated[str | None, typer.Option(help="The URL the page was saved from.")] = None,
    kind: Annotated[
        str, typer.Option(help="Page kind: product, listing, homepage, ...")
    ] = "product",
    competitor: Annotated[
        str | None,
        typer.Option("--competitor", "-n", help="Use this competitor's selectors from the config."),
    ] = None,
    links: Annotated[bool, typer.Option(help="Also print the links found.")] = False,
    config: ConfigOption = None,
) -> None:
    """Run an extractor on saved pages and print JSON lines: the way to debug selectors."""
    from schedules.extract import extract_files

    target = _select_or_exit(_load(config), [competitor])[0] if competitor else None
    try:
        for line in extract_files(paths, url=url, kind=kind, competitor=target, links=links):
            out.out(line, highlight=False)
    except ValueError as error:
        _fail(str(error), EXIT_CONFIG)


@app.command()
def demo(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where the demo writes its files.")
    ] = Path("rivalwatch-demo"),
) -> None:
    """Serve a bundled fictional web of competitor shops on loopback, crawl it twice, export."""
    from schedules.demo.command import run_demo

    with _storage_errors():
        run_demo(directory, console=err, out=out, quiet=_state["quiet"])


@app.command()
def browser(
    install: Annotated[
        bool, typer.Option(help="Run `playwright install chromium` when no browser is found.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Which browser renders JavaScript pages (and screenshots), or how to get one."""
    from crawlers.browser.executable import NoBrowser, find_browser

    configured = _load(config).crawl.browser_executable if config else None
    try:
        found = find_browser(configured)
    except NoBrowser as missing:
        if not install:
            _fail(str(missing), 1)
        err.print("no browser found; running `playwright install chromium`", highlight=False)
        if _install_playwright_chromium() != 0:
            _fail(f"`playwright install chromium` failed. {missing}", 1)
        found = find_browser(configured)
    out.print(f"{found.executable or 'Playwright Chromium'} ({found.origin})", highlight=False)


def _install_playwright_chromium() -> int:
    import subprocess

    command = [sys.executable, "-m", "playwright", "install", "chromium"]
    return subprocess.run(command, check=False).returncode  # noqa: S603 (fixed arguments)


@db_app.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Apply database migrations (also done automatically on every start)."""
    from storage.migrate import current_revision, upgrade

    settings = _load(config)
    with _storage_errors():
        upgrade(settings.database)
        out.print(f"database at revision {current_revision(settings.database)}")


def _load(path: Path | None) -> Config:
    """The validated config, or exit 2 with every problem listed before anything runs."""
    try:
        settings = load_config(config_path(path))
    except ConfigError as error:
        for message in error.messages:
            err.print(f"[red]config error:[/] {message}", highlight=False)
        raise typer.Exit(EXIT_CONFIG) from None
    for notice in unused_key_notices(settings):
        err.print(f"[yellow]notice:[/] {notice}", highlight=False)
    return settings


def _select_or_exit(settings: Config, names: list[str]) -> list[CompetitorConfig]:
    """The named competitors, or exit 2 listing the configured names."""
    try:
        return [settings.competitor(name) for name in names]
    except KeyError as error:
        _fail(str(error.args[0]), EXIT_CONFIG)


class _storage_errors:
    """Database problems end the command with a clear message instead of a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> bool:
        if isinstance(error, StorageError):
            _fail(" ".join(str(error).split()), 1)  # one line: driver messages span several
        return False


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)
