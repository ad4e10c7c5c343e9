"""Compact builders for pipeline records, so test cases read as data."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from crawlers.items.codec import content_hash
from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    CompetitorRecord,
    ContentKind,
    ContentState,
    FetchStatus,
    ProductState,
    ProductStatus,
    SiteCrawlRecord,
    SiteStatus,
    SnapshotKind,
    SnapshotRecord,
)

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
"""When the previous run saw the products."""
T1 = T0 + timedelta(days=1)
"""When the current run happens."""

_IDS = itertools.count(1)
_PAYLOAD_FIELDS = ("name", "sku", "price", "regular_price", "currency", "availability")


def url_of(key: str) -> str:
    return f"https://shop.example/p/{key}"


def payload(key: str, **fields: Any) -> dict[str, Any]:
    """A product payload shaped like codec.to_payload(Product) (Decimals as strings)."""
    body: dict[str, Any] = {
        "url": fields.pop("url", url_of(key)),
        "canonical_url": url_of(key),
        "price_raw": None,
        "availability_raw": None,
        "gtin": None,
        "brand": None,
        "category": None,
        "source": "json-ld",
    }
    body.update({name: fields.get(name) for name in _PAYLOAD_FIELDS})
    return body


def state(key: str, *, status: str = "active", seen: datetime = T0, **fields: Any) -> ProductState:
    """A stored product state whose content hash matches `payload(key, **fields)`."""
    body = payload(key, **fields)
    price, regular = body["price"], body["regular_price"]
    return ProductState(
        competitor_id=1,
        key=url_of(key),
        url=body["url"],
        name=body["name"],
        sku=body["sku"],
        price=Decimal(price) if price is not None else None,
        regular_price=Decimal(regular) if regular is not None else None,
        currency=body["currency"],
        availability=body["availability"],
        status=ProductStatus(status),
        first_seen=T0 - timedelta(days=30),
        last_seen=seen,
        content_hash=content_hash(body),
    )


def snapshot(
    key: str, *, fetch_status: str = "ok", fetched_at: datetime = T1, **fields: Any
) -> SnapshotRecord:
    """This run's product snapshot of `key`."""
    body = payload(key, **fields)
    return SnapshotRecord(
        id=next(_IDS),
        run_id=2,
        competitor_id=1,
        kind=SnapshotKind.PRODUCT,
        key=url_of(key),
        url=body["url"],
        fetch_status=FetchStatus(fetch_status),
        content_hash=content_hash(body),
        fetched_at=fetched_at,
        payload=body if fetch_status == "ok" else {},
    )


def competitor(
    cid: int = 1, name: str = "Alpha Shop", kind: str = "direct", slug: str | None = None
) -> CompetitorRecord:
    return CompetitorRecord(
        id=cid,
        name=name,
        slug=slug or f"competitor-{cid}",
        kind=CompetitorKind(kind),
        homepage=f"https://c{cid}.example/",
        notes=None,
    )


def crawl(cid: int = 1, status: str = "ok", finished: datetime | None = T1) -> SiteCrawlRecord:
    return SiteCrawlRecord(
        run_id=2,
        competitor_id=cid,
        status=SiteStatus(status),
        started_at=T1 - timedelta(minutes=5),
        finished_at=finished,
        pages=42,
        errors=1,
    )


def event(
    kind: str,
    key: str = "a",
    *,
    at: datetime = T1,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    cid: int = 1,
) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=cid,
        kind=kind,
        detected_at=at,
        entity="product",
        key=url_of(key),
        url=url_of(key),
        field=field,
        old=old,
        new=new,
        run_id=2,
    )


def content(
    kind: str,
    url: str,
    *,
    published: datetime | None = None,
    modified: datetime | None = None,
    signals: dict[str, int] | None = None,
    previous: dict[str, int] | None = None,
    previous_seen: datetime | None = None,
    first_seen: datetime = T0,
    last_seen: datetime = T1,
    cid: int = 1,
    **fields: Any,
) -> ContentState:
    """A stored post, video or mention; `fields` go to the payload (title also to the state)."""
    when = {"published": published, "modified": modified}
    body = {"url": url, **{k: v.isoformat() if v else None for k, v in when.items()}, **fields}
    body.update(signals or {})
    return ContentState(
        competitor_id=cid,
        kind=ContentKind(kind),
        key=url,
        url=url,
        title=fields.get("title"),
        published=published,
        modified=modified,
        payload=body,
        signals=dict(signals or {}),
        previous_signals=dict(previous or {}),
        previous_seen=previous_seen,
        first_seen=first_seen,
        last_seen=last_seen,
        content_hash=content_hash(body),
    )
