"""Crawl progress as plain picklable messages, so a child process can report to its parent."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from crawlers.ledger import SiteLedger


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteProgress:
    """Counts for one competitor at one moment; `status` is set once its crawl is over."""

    name: str
    pages: int
    products: int
    errors: int
    status: str | None = None
    message: str | None = None
    rendered: int = 0
    """Pages rendered in the browser so far."""

    @classmethod
    def of(cls, ledger: SiteLedger, *, final: bool = False) -> SiteProgress:
        """Progress of `ledger`; with `final`, including its completeness verdict."""
        return cls(
            name=ledger.name,
            pages=ledger.pages,
            products=ledger.products,
            errors=ledger.errors,
            rendered=ledger.rendered,
            status=ledger.status().value if final else None,
            message=ledger.message() if final else None,
        )


class ThrottledReporter:
    """Sends at most one message per site per interval: a crawl makes thousands of updates."""

    def __init__(self, sink: Callable[[SiteProgress], None], interval_s: float = 0.25) -> None:
        self.sink = sink
        self.interval_s = interval_s
        self.sent_at: dict[str, float] = {}

    def __call__(self, ledger: SiteLedger) -> None:
        now = time.monotonic()
        if now - self.sent_at.get(ledger.name, 0.0) >= self.interval_s:
            self.sent_at[ledger.name] = now
            self.sink(SiteProgress.of(ledger))
