"""Observations to storage snapshots: the one translation from crawl items to stored rows."""

from __future__ import annotations

from crawlers.items import Mention, PageFailure, Positioning, Post, Product, Video
from crawlers.items.codec import content_hash, to_payload
from crawlers.observation import Observation
from storage.records import FetchStatus, SnapshotIn, SnapshotKind

POSITIONING_KEY = "homepage"
CONTENT_KINDS = {Post: SnapshotKind.POST, Video: SnapshotKind.VIDEO, Mention: SnapshotKind.MENTION}


def to_snapshot(observation: Observation) -> SnapshotIn:
    """The snapshot row for `observation`; its hash makes 'unchanged' a string comparison."""
    item = observation.item
    payload = to_payload(item)
    common = {
        "competitor_id": observation.competitor_id,
        "url": item.url,
        "fetched_at": observation.fetched_at,
        "payload": payload,
        "content_hash": content_hash(payload),
        "http_status": observation.http_status,
    }
    if isinstance(item, Product):
        return SnapshotIn(
            kind=SnapshotKind.PRODUCT, key=item.key, fetch_status=FetchStatus.OK, **common
        )
    if isinstance(item, Positioning):
        return SnapshotIn(
            kind=SnapshotKind.POSITIONING,
            key=POSITIONING_KEY,
            fetch_status=FetchStatus.OK,
            **common,
        )
    if type(item) in CONTENT_KINDS:
        return SnapshotIn(
            kind=CONTENT_KINDS[type(item)], key=item.key, fetch_status=FetchStatus.OK, **common
        )
    if isinstance(item, PageFailure):
        return SnapshotIn(
            kind=SnapshotKind.FAILURE,
            key=item.url,
            fetch_status=FetchStatus(item.status),
            error=item.reason,
            **common,
        )
    raise TypeError(f"cannot store {type(item).__name__}")
