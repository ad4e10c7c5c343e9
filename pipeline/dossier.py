"""Build one competitor's dossier: the JSON-ready picture every exporter starts from.

The shape is a contract (docs/schemas/dossier.schema.json): later work adds keys, never
renames them. Datetimes are ISO 8601 UTC strings, prices decimal strings, never floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.screenshots import ScreenshotLink
from pipeline.values import as_utc, decimal_str, iso_utc, sort_text
from storage.records import (
    ChangeEventRecord,
    CompetitorRecord,
    ProductState,
    ProductStatus,
    SiteCrawlRecord,
)

_POSITIONING_TEXT = ("title", "meta_description", "h1", "usp")
_POSITIONING_LISTS = ("languages", "social")


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierInput:
    """Everything known about one competitor, as loaded by the caller from storage."""

    competitor: CompetitorRecord
    """The competitor as configured."""
    last_crawl: SiteCrawlRecord | None
    """Its part of the latest run, None when it was never crawled."""
    positioning: Mapping[str, Any] | None
    """Latest positioning payload, None when none was ever captured."""
    products: Sequence[ProductState]
    """Current product states, active and removed."""
    changes: Sequence[ChangeEventRecord]
    """Change events, newest first (the caller may cap how many)."""
    generated_at: datetime
    """When the dossier is built."""
    screenshots: Sequence[ScreenshotLink] = ()
    """Its homepage screenshots, any order (`pipeline.screenshots.screenshot_links`)."""


def build_dossier(data: DossierInput) -> dict[str, Any]:
    """Build the dossier dict: competitor, last crawl, positioning, products, changes, screenshots.

    Products are sorted active first, then by name (case and accents folded, unnamed last), then
    key; changes and screenshots newest first (a stable sort, so equal timestamps keep the
    given order).
    """
    return {
        "competitor": _competitor(data.competitor),
        "generated_at": iso_utc(data.generated_at),
        "last_crawl": _last_crawl(data.last_crawl),
        "positioning": _positioning(data.positioning),
        "products": [_product(p) for p in sorted(data.products, key=_product_order)],
        "changes": [_change(c) for c in _newest_first(data.changes)],
        "screenshots": [_screenshot(s) for s in _newest_screenshots_first(data.screenshots)],
    }


def _competitor(competitor: CompetitorRecord) -> dict[str, Any]:
    return {
        "name": competitor.name,
        "kind": str(competitor.kind),
        "homepage": competitor.homepage,
        "notes": competitor.notes,
    }


def _last_crawl(crawl: SiteCrawlRecord | None) -> dict[str, Any] | None:
    if crawl is None:
        return None
    return {
        "status": str(crawl.status),
        "finished_at": iso_utc(crawl.finished_at),
        "pages": crawl.pages,
        "errors": crawl.errors,
    }


def _positioning(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    payload = payload or {}
    block: dict[str, Any] = {
        name: str(payload.get(name) or "") or None for name in _POSITIONING_TEXT
    }
    for name in _POSITIONING_LISTS:
        block[name] = sorted({str(v) for v in payload.get(name) or () if v})
    return block


def _product_order(state: ProductState) -> tuple[bool, bool, str, str]:
    name = sort_text(state.name)
    return (state.status != ProductStatus.ACTIVE, not name, name, state.key)


def _product(state: ProductState) -> dict[str, Any]:
    return {
        "url": state.url,
        "name": state.name,
        "sku": state.sku,
        "price": decimal_str(state.price),
        "regular_price": decimal_str(state.regular_price),
        "currency": state.currency,
        "availability": state.availability,
        "status": str(state.status),
        "first_seen": iso_utc(state.first_seen),
        "last_seen": iso_utc(state.last_seen),
    }


def _newest_first(changes: Sequence[ChangeEventRecord]) -> list[ChangeEventRecord]:
    return sorted(changes, key=lambda c: as_utc(c.detected_at), reverse=True)


def _change(event: ChangeEventRecord) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "detected_at": iso_utc(event.detected_at),
        "entity": event.entity,
        "url": event.url,
        "sku": event.sku,
        "field": event.field,
        "old": event.old,
        "new": event.new,
    }


def _newest_screenshots_first(shots: Sequence[ScreenshotLink]) -> list[ScreenshotLink]:
    return sorted(shots, key=lambda s: as_utc(s.taken_at), reverse=True)


def _screenshot(shot: ScreenshotLink) -> dict[str, Any]:
    return {"taken_at": iso_utc(shot.taken_at), "path": shot.path}
