"""Rows to records and records to rows: the one place storage's shapes meet the records'.

Reads select a fixed column list per record type (the `*_COLUMNS` tuples) and unpack
plain row tuples: loading 50,000 snapshots must not cost an ORM object per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause

from storage.keys import key_hash
from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    CompetitorRecord,
    ContentKind,
    ContentState,
    FetchDecision,
    Fetcher,
    FetchStatus,
    PricePoint,
    ProductState,
    ProductStatus,
    RunRecord,
    RunStatus,
    ScreenshotRecord,
    SiteCrawlRecord,
    SiteStatus,
    SnapshotIn,
    SnapshotKind,
    SnapshotRecord,
)

COMPETITOR_COLUMNS = ("id", "name", "slug", "kind", "homepage", "notes")
RUN_COLUMNS = ("id", "started_at", "finished_at", "trigger", "status", "error", "pid")
SITE_CRAWL_COLUMNS = (
    *("run_id", "competitor_id", "status", "started_at", "finished_at"),
    *("pages", "errors", "message"),
)
SNAPSHOT_COLUMNS = (
    *("id", "run_id", "competitor_id", "kind", "key", "url", "fetch_status"),
    *("http_status", "content_hash", "fetched_at", "payload", "error"),
)
PRODUCT_STATE_COLUMNS = (
    *("competitor_id", "key", "url", "name", "sku", "price", "regular_price", "currency"),
    *("availability", "status", "first_seen", "last_seen", "content_hash"),
)
EVENT_COLUMNS = (
    *("id", "competitor_id", "run_id", "kind", "detected_at", "entity", "key", "url", "sku"),
    *("field", "old", "new"),
)
CONTENT_STATE_COLUMNS = (
    *("competitor_id", "kind", "key", "url", "title", "published", "modified", "payload"),
    *("signals", "previous_signals", "previous_seen", "first_seen", "last_seen", "content_hash"),
)
FETCH_DECISION_COLUMNS = (
    *("competitor_id", "page_kind", "fetcher", "endpoint", "url_template", "reason"),
    *("decided_at", "confirmed_at"),
)
SCREENSHOT_COLUMNS = (
    *("run_id", "competitor_id", "url", "path", "taken_at"),
    *("width", "height", "size_bytes"),
)


E = TypeVar("E", bound=StrEnum)


def _members(enum: type[E]) -> dict[str, E]:
    """Value → member, a dict lookup being ~15x faster than calling the enum per row."""
    return {member.value: member for member in enum}


COMPETITOR_KINDS = _members(CompetitorKind)
RUN_STATUSES = _members(RunStatus)
SITE_STATUSES = _members(SiteStatus)
SNAPSHOT_KINDS = _members(SnapshotKind)
FETCH_STATUSES = _members(FetchStatus)
PRODUCT_STATUSES = _members(ProductStatus)
FETCHERS = _members(Fetcher)
CONTENT_KINDS = _members(ContentKind)


def columns(table: FromClause, names: Sequence[str]) -> list[ColumnElement[Any]]:
    """Return the columns of `table` in the order a converter unpacks them."""
    return [table.c[name] for name in names]


def competitor_record(row: Sequence[Any]) -> CompetitorRecord:
    """Convert a row of COMPETITOR_COLUMNS to a record."""
    id_, name, slug, kind, homepage, notes = row
    return CompetitorRecord(
        id=id_, name=name, slug=slug, kind=COMPETITOR_KINDS[kind], homepage=homepage, notes=notes
    )


def run_record(row: Sequence[Any]) -> RunRecord:
    """Convert a row of RUN_COLUMNS to a record."""
    id_, started_at, finished_at, trigger, status, error, pid = row
    return RunRecord(
        id=id_,
        started_at=started_at,
        finished_at=finished_at,
        trigger=trigger,
        status=RUN_STATUSES[status],
        error=error,
        pid=pid,
    )


def site_crawl_record(row: Sequence[Any]) -> SiteCrawlRecord:
    """Convert a row of SITE_CRAWL_COLUMNS to a record."""
    run_id, competitor_id, status, started_at, finished_at, pages, errors, message = row
    return SiteCrawlRecord(
        run_id=run_id,
        competitor_id=competitor_id,
        status=SITE_STATUSES[status],
        started_at=started_at,
        finished_at=finished_at,
        pages=pages,
        errors=errors,
        message=message,
    )


def snapshot_record(row: Sequence[Any]) -> SnapshotRecord:
    """Convert a row of SNAPSHOT_COLUMNS to a record."""
    id_, run_id, competitor_id, kind, key, url, fetch_status, *rest = row
    http_status, content_hash, fetched_at, payload, error = rest
    return SnapshotRecord(
        id=id_,
        run_id=run_id,
        competitor_id=competitor_id,
        kind=SNAPSHOT_KINDS[kind],
        key=key,
        url=url,
        fetch_status=FETCH_STATUSES[fetch_status],
        http_status=http_status,
        content_hash=content_hash,
        fetched_at=fetched_at,
        payload=payload,
        error=error,
    )


def snapshot_values(run_id: int, snapshot: SnapshotIn) -> dict[str, Any]:
    """Return the column values that insert `snapshot` as part of run `run_id`."""
    return {
        "run_id": run_id,
        "competitor_id": snapshot.competitor_id,
        "kind": str(snapshot.kind),
        "key": snapshot.key,
        "key_hash": key_hash(snapshot.key),
        "url": snapshot.url,
        "fetch_status": str(snapshot.fetch_status),
        "http_status": snapshot.http_status,
        "content_hash": snapshot.content_hash,
        "fetched_at": snapshot.fetched_at,
        "payload": snapshot.payload,
        "error": snapshot.error,
    }


def product_state_record(row: Sequence[Any]) -> ProductState:
    """Convert a row of PRODUCT_STATE_COLUMNS to a record."""
    competitor_id, key, url, name, sku, price, regular_price, currency, *rest = row
    availability, status, first_seen, last_seen, content_hash = rest
    return ProductState(
        competitor_id=competitor_id,
        key=key,
        url=url,
        name=name,
        sku=sku,
        price=price,
        regular_price=regular_price,
        currency=currency,
        availability=availability,
        status=PRODUCT_STATUSES[status],
        first_seen=first_seen,
        last_seen=last_seen,
        content_hash=content_hash,
    )


def product_state_values(state: ProductState) -> dict[str, Any]:
    """Return the column values that upsert `state`."""
    return {
        "competitor_id": state.competitor_id,
        "key": state.key,
        "key_hash": key_hash(state.key),
        "url": state.url,
        "name": state.name,
        "sku": state.sku,
        "price": state.price,
        "regular_price": state.regular_price,
        "currency": state.currency,
        "availability": state.availability,
        "status": str(state.status),
        "first_seen": state.first_seen,
        "last_seen": state.last_seen,
        "content_hash": state.content_hash,
    }


def content_state_record(row: Sequence[Any]) -> ContentState:
    """Convert a row of CONTENT_STATE_COLUMNS to a record."""
    competitor_id, kind, key, url, title, published, modified, payload, *rest = row
    signals, previous_signals, previous_seen, first_seen, last_seen, content_hash = rest
    return ContentState(
        competitor_id=competitor_id,
        kind=CONTENT_KINDS[kind],
        key=key,
        url=url,
        title=title,
        published=published,
        modified=modified,
        payload=payload,
        signals=signals,
        previous_signals=previous_signals,
        previous_seen=previous_seen,
        first_seen=first_seen,
        last_seen=last_seen,
        content_hash=content_hash,
    )


def content_state_values(state: ContentState) -> dict[str, Any]:
    """Return the column values that upsert `state`."""
    return {
        "competitor_id": state.competitor_id,
        "kind": str(state.kind),
        "key": state.key,
        "key_hash": key_hash(state.key),
        "url": state.url,
        "title": state.title,
        "published": state.published,
        "modified": state.modified,
        "payload": state.payload,
        "signals": state.signals,
        "previous_signals": state.previous_signals,
        "previous_seen": state.previous_seen,
        "first_seen": state.first_seen,
        "last_seen": state.last_seen,
        "content_hash": state.content_hash,
    }


def event_record(row: Sequence[Any]) -> ChangeEventRecord:
    """Convert a row of EVENT_COLUMNS to a record."""
    id_, competitor_id, run_id, kind, detected_at, entity, key, url, sku, *rest = row
    field, old, new = rest
    return ChangeEventRecord(
        id=id_,
        competitor_id=competitor_id,
        run_id=run_id,
        kind=kind,
        detected_at=detected_at,
        entity=entity,
        key=key,
        url=url,
        sku=sku,
        field=field,
        old=old,
        new=new,
    )


def event_values(event: ChangeEventRecord) -> dict[str, Any]:
    """Return the column values that insert `event` (the database assigns its id)."""
    return {
        "competitor_id": event.competitor_id,
        "run_id": event.run_id,
        "kind": str(event.kind),
        "detected_at": event.detected_at,
        "entity": event.entity,
        "key": event.key,
        "url": event.url,
        "sku": event.sku,
        "field": event.field,
        "old": event.old,
        "new": event.new,
    }


def fetch_decision_record(row: Sequence[Any]) -> FetchDecision:
    """Convert a row of FETCH_DECISION_COLUMNS to a record."""
    competitor_id, page_kind, fetcher, endpoint, template, reason, decided_at, confirmed_at = row
    return FetchDecision(
        competitor_id=competitor_id,
        page_kind=page_kind,
        fetcher=FETCHERS[fetcher],
        endpoint=endpoint,
        url_template=template,
        reason=reason,
        decided_at=decided_at,
        confirmed_at=confirmed_at,
    )


def fetch_decision_values(decision: FetchDecision) -> dict[str, Any]:
    """Return the column values that upsert `decision`."""
    return {
        "competitor_id": decision.competitor_id,
        "page_kind": str(decision.page_kind),
        "fetcher": Fetcher(decision.fetcher).value,  # an unknown fetcher fails here, not on read
        "endpoint": decision.endpoint,
        "url_template": decision.url_template,
        "reason": decision.reason,
        "decided_at": decision.decided_at,
        "confirmed_at": decision.confirmed_at,
    }


def screenshot_record(row: Sequence[Any]) -> ScreenshotRecord:
    """Convert a row of SCREENSHOT_COLUMNS to a record."""
    values = dict(zip(SCREENSHOT_COLUMNS, row, strict=True))
    return ScreenshotRecord(**values)


def screenshot_values(record: ScreenshotRecord) -> dict[str, Any]:
    """Return the column values that insert `record`."""
    return {name: getattr(record, name) for name in SCREENSHOT_COLUMNS}


def price_points(rows: Iterable[Sequence[Any]], changes_only: bool) -> list[PricePoint]:
    """Turn (run_id, at, key, price text, currency) rows into points.

    With `changes_only`, equal prices written differently ('19.9' after '19.90') are dropped.
    """
    points: list[PricePoint] = []
    last_price: dict[str, Decimal | None] = {}
    for run_id, at, key, raw_price, currency in rows:
        price = _decimal(raw_price)
        if changes_only and key in last_price and last_price[key] == price:
            continue
        last_price[key] = price
        points.append(PricePoint(run_id=run_id, at=at, key=key, price=price, currency=currency))
    return points


def _decimal(raw: object) -> Decimal | None:
    """Parse a price read from a JSON payload; None when absent or not a number."""
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None
