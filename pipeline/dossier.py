"""Build one competitor's dossier: the JSON-ready picture every exporter starts from.

The shape is a contract (docs/schemas/dossier.schema.json): later work adds keys, never
renames them. Datetimes are ISO 8601 UTC strings, prices decimal strings, never floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.popularity import Ranked, ranking
from pipeline.screenshots import ScreenshotLink
from pipeline.social import network
from pipeline.values import as_utc, decimal_str, iso_utc, parse_decimal, sort_text
from storage.records import (
    ChangeEventRecord,
    CompetitorRecord,
    ContentKind,
    ContentState,
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
    content: Sequence[ContentState] = ()
    """Its stored posts, videos and mentions, any order."""


def build_dossier(data: DossierInput) -> dict[str, Any]:
    """Build the dossier dict: competitor, last crawl, positioning, products, changes,
    screenshots, posts, videos, social profiles and mentions.

    Products are sorted active first, then by name (case and accents folded, unnamed last), then
    key; changes and screenshots newest first (a stable sort, so equal timestamps keep the
    given order); posts and videos by popularity rank (`pipeline.popularity`), social
    profiles by network then URL, mentions newest first.
    """
    content = _by_kind(data.content)
    return {
        "competitor": _competitor(data.competitor),
        "generated_at": iso_utc(data.generated_at),
        "last_crawl": _last_crawl(data.last_crawl),
        "positioning": _positioning(data.positioning),
        "products": [_product(p) for p in sorted(data.products, key=_product_order)],
        "changes": [_change(c) for c in _newest_first(data.changes)],
        "screenshots": [_screenshot(s) for s in _newest_screenshots_first(data.screenshots)],
        "posts": [_post(r) for r in ranking(content[ContentKind.POST])],
        "videos": [_video(r) for r in ranking(content[ContentKind.VIDEO])],
        "social": _social(data.positioning),
        "mentions": [_mention(m) for m in _newest_content_first(content[ContentKind.MENTION])],
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


def _by_kind(content: Sequence[ContentState]) -> dict[ContentKind, list[ContentState]]:
    kinds: dict[ContentKind, list[ContentState]] = {kind: [] for kind in ContentKind}
    for state in content:
        kinds[state.kind].append(state)
    return kinds


def _post(ranked: Ranked) -> dict[str, Any]:
    state, payload, signals = ranked.state, ranked.state.payload, ranked.state.signals
    return {
        "url": state.url,
        "title": state.title,
        "published": iso_utc(state.published),
        "modified": iso_utc(state.modified),
        "authors": [str(a) for a in payload.get("authors") or () if a],
        **{name: signals.get(name) for name in ("comments", "views", "shares", "likes")},
        "word_count": _count(payload.get("word_count")),
        "language": payload.get("language") or None,
        **_standing(ranked),
        "first_seen": iso_utc(state.first_seen),
    }


def _video(ranked: Ranked) -> dict[str, Any]:
    state, payload = ranked.state, ranked.state.payload
    return {
        "url": state.url,
        "title": state.title,
        "published": iso_utc(state.published),
        "views": state.signals.get("views"),
        "rating": decimal_str(parse_decimal(payload.get("rating"))),
        "rating_count": state.signals.get("rating_count"),
        "channel": payload.get("channel") or None,
        **_standing(ranked),
    }


def _standing(ranked: Ranked) -> dict[str, Any]:
    score = ranked.popularity
    return {"popularity": score.score, "growth": score.growth, "rank": ranked.rank}


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _social(payload: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    urls = {str(url) for url in (payload or {}).get("social") or () if url}
    profiles = [{"url": url, "network": network(url)} for url in urls]
    return sorted(profiles, key=lambda p: (p["network"] or "", p["url"]))


def _newest_content_first(states: Sequence[ContentState]) -> list[ContentState]:
    """Newest publication first (unknown dates by first sighting), then URL."""
    by_url = sorted(states, key=lambda s: s.url)
    return sorted(by_url, key=lambda s: as_utc(s.published or s.first_seen), reverse=True)


def _mention(state: ContentState) -> dict[str, Any]:
    return {
        "url": state.url,
        "title": state.title,
        "published": iso_utc(state.published),
        "source": state.payload.get("source") or None,
        "summary": state.payload.get("summary") or None,
        "first_seen": iso_utc(state.first_seen),
    }
