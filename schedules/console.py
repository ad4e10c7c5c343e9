"""What the CLI shows: live progress on a terminal, plain lines in logs, and summaries."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.table import Table

from crawlers.progress import SiteProgress

STATUS_STYLE = {"ok": "green", "partial": "yellow", "down": "red"}


class ProgressView:
    """Per-competitor pages, products and errors: a live table on a terminal, else one
    plain line per finished site (so journald and CI logs stay readable).
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.sites: dict[str, SiteProgress] = {}
        self.live: Live | None = None

    def __enter__(self) -> ProgressView:
        if not self.quiet and self.console.is_terminal:
            self.live = Live(
                self._table(), console=self.console, refresh_per_second=4, transient=False
            )
            self.live.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live is not None:
            self.live.update(self._table())
            self.live.__exit__(kind, error, trace)

    def update(self, progress: SiteProgress) -> None:
        """Record `progress`; print it when live display is off and the site is done."""
        self.sites[progress.name] = progress
        if self.live is not None:
            self.live.update(self._table())
        elif not self.quiet and progress.status is not None:
            note = f" ({progress.message})" if progress.message else ""
            self.console.print(
                f"{progress.name}: {progress.status}, {progress.pages} pages"
                f"{_rendered(progress)}, "
                f"{progress.products} products, {progress.errors} errors{note}",
                markup=False,
                highlight=False,
            )

    def _table(self) -> Table:
        table = Table("competitor", "pages", "products", "errors", "status", title="crawl")
        for site in self.sites.values():
            status = site.status or "crawling"
            style = STATUS_STYLE.get(status, "cyan")
            table.add_row(
                site.name,
                f"{site.pages}{_rendered(site)}",
                str(site.products),
                str(site.errors),
                f"[{style}]{status}[/]",
            )
        return table


def _rendered(progress: SiteProgress) -> str:
    """' (3 rendered)' when the browser fetched some of the pages, else nothing."""
    return f" ({progress.rendered} rendered)" if progress.rendered else ""


def site_problems(sites: dict[str, SiteProgress]) -> list[str]:
    """One line per site that was not crawled completely."""
    return [
        f"{site.name}: {site.status}" + (f" — {site.message}" if site.message else "")
        for site in sites.values()
        if site.status not in (None, "ok")
    ]
