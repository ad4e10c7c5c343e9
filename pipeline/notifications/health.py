"""Notice a competitor's site that stays down or empty, so a broken selector cannot go unseen.

A crawl is unhealthy when its site was down or it found no product at all. The notice is
worked out from the stored history alone, with no state of its own: an alert when this
run makes the unhealthy streak exactly `after` runs long (so run after+1, after+2 ... stay
quiet), and one "recovered" notice on the first healthy run after an alerted streak.
Unfinished crawls (of runs that crashed) neither extend nor break a streak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.records import SiteStatus
from storage.repository import Repository

SLACK = 10
"""Extra crawls read beyond `after + 1`, for unfinished ones that are skipped."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlHealth:
    """How one finished crawl of a competitor went, as far as health goes."""

    run_id: int
    """The run it belonged to."""
    status: SiteStatus
    """Its site status."""
    finished_at: datetime
    """When it finished."""
    has_products: bool
    """Whether it observed at least one product."""
    message: str | None = None
    """Why it was down or partial, when the crawler said."""

    @property
    def unhealthy(self) -> bool:
        """Down, or finished without a single product."""
        return self.status == SiteStatus.DOWN or not self.has_products


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthNotice:
    """A site became unhealthy for `after` runs in a row, or came back after that."""

    recovered: bool
    """False: the alert; True: the site is healthy again after an alerted streak."""
    streak: tuple[CrawlHealth, ...]
    """The unhealthy crawls of the streak, newest first (at most the ones read)."""
    current: CrawlHealth
    """This run's crawl."""


def load_history(repository: Repository, competitor_id: int, after: int) -> list[CrawlHealth]:
    """Read enough of a competitor's finished crawls, newest first, to assess `after`."""
    crawls = repository.site_crawls(competitor_id, after + 1 + SLACK)
    crawls = [c for c in crawls if c.finished_at is not None]
    answered = [c.run_id for c in crawls if c.status != SiteStatus.DOWN]  # down: no products
    with_products = repository.runs_with_products(competitor_id, answered)
    return [
        CrawlHealth(
            run_id=c.run_id,
            status=c.status,
            finished_at=c.finished_at or c.started_at,  # always set: only finished ones
            has_products=c.run_id in with_products,
            message=c.message,
        )
        for c in crawls
    ]


def assess(history: Sequence[CrawlHealth], run_id: int, after: int) -> HealthNotice | None:
    """The notice run `run_id` owes, given finished crawls newest first; None when quiet."""
    if not history or history[0].run_id != run_id:
        return None
    streak = _streak(history)
    if streak == after:
        return HealthNotice(recovered=False, streak=tuple(history[:streak]), current=history[0])
    if streak == 0:
        before = _streak(history[1:])
        if before >= after:
            runs = tuple(history[1 : 1 + before])
            return HealthNotice(recovered=True, streak=runs, current=history[0])
    return None


def _streak(history: Sequence[CrawlHealth]) -> int:
    """How many of the newest crawls in a row were unhealthy."""
    count = 0
    for crawl in history:
        if not crawl.unhealthy:
            break
        count += 1
    return count
