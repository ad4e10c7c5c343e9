"""Stored history for notification tests: competitors, runs, site crawls, products, events.

Everything goes through the real `Repository`, so `notify_run` reads what a real run left.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    CompetitorSpec,
    FetchStatus,
    RunStatus,
    SiteStatus,
    SnapshotIn,
    SnapshotKind,
)
from storage.repository import Repository
from tests.pipeline.builders import state

T0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def product_url(shop: str, slug: str) -> str:
    return f"https://{shop.lower()}.example/p/{slug}"


@dataclass
class Shops:
    """Competitors stored in a repository, and a way to record one run for all of them."""

    repository: Repository
    ids: dict[str, int]
    runs: itertools.count[int] = field(default_factory=itertools.count)

    @classmethod
    def create(cls, repository: Repository, names: Iterable[str]) -> Shops:
        specs = [
            CompetitorSpec(name=n, kind=CompetitorKind.DIRECT, homepage=f"https://{n}.example/")
            for n in names
        ]
        stored = repository.sync_competitors(specs)
        return cls(repository=repository, ids={n: c.id for n, c in stored.items()})

    def run(
        self,
        *,
        down: Iterable[str] = (),
        empty: Iterable[str] = (),
        unfinished: Iterable[str] = (),
        events: Mapping[str, list[ChangeEventRecord]] | None = None,
    ) -> int:
        """Record a run of every shop: down ones, ones without a product, ones whose crawl
        never finished (a crash), and events."""
        at = T0 + timedelta(hours=6 * next(self.runs))
        run_id = self.repository.start_run("test").id
        down, empty = set(down), set(empty)
        for name, cid in self.ids.items():
            self.repository.start_site_crawl(run_id, cid)
            if name in unfinished:
                continue
            if name not in down | empty:
                self.repository.add_snapshots(run_id, [_snapshot(cid, name, at)])
            status = SiteStatus.DOWN if name in down else SiteStatus.OK
            message = "connection refused" if name in down else None
            self.repository.finish_site_crawl(run_id, cid, status, 1, int(name in down), message)
        for name, found in (events or {}).items():
            stamped = [replace(e, competitor_id=self.ids[name], run_id=run_id) for e in found]
            self.repository.add_events(stamped)
        self.repository.finish_run(run_id, RunStatus.COMPLETED)
        return run_id

    def product(self, shop: str, slug: str, name: str, price: str, currency: str = "EUR") -> None:
        """Store a product's current state (what a digest reads names and currencies from)."""
        url = product_url(shop, slug)
        stored = state(slug, name=name, price=price, currency=currency)
        stored = replace(stored, competitor_id=self.ids[shop], key=url, url=url)
        self.repository.save_product_states([stored])


def _snapshot(competitor_id: int, shop: str, at: datetime) -> SnapshotIn:
    url = product_url(shop, "staple")
    return SnapshotIn(
        competitor_id=competitor_id,
        kind=SnapshotKind.PRODUCT,
        key=url,
        url=url,
        fetch_status=FetchStatus.OK,
        content_hash="staple",
        fetched_at=at,
        payload={"name": "Staple", "price": "1.00", "currency": "EUR"},
    )


def event(kind: str, shop: str, slug: str = "", **fields: str | None) -> ChangeEventRecord:
    """A change event of `shop` (its competitor and run are stamped by `Shops.run`)."""
    url = product_url(shop, slug) if slug else None
    entity = "product" if slug else fields.pop("entity", None) or "site"
    return ChangeEventRecord(
        competitor_id=0,
        kind=kind,
        detected_at=T0,
        entity=entity,
        key=url or entity,
        url=url,
        **fields,  # type: ignore[arg-type]
    )
