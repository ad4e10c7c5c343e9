"""Build the pivot table: one comparable row per competitor (size, churn, price level, stock).

The shape is a contract (docs/schemas/pivot.schema.json): later work adds keys, never
renames them.

Price statistics use only the competitor's active, priced products in its dominant
currency (the currency most of those products carry; ties go to a known currency, then
alphabetically). Products in other currencies are left out rather than mixed, and the
`currency` column names the one used.

The 7-day counts cover events with `now - 7 days <= detected_at <= now`. They come from
`event_counts` when the caller passes a row for the competitor (for big catalogs the caller
counts in SQL, see `EventCounts`), else from the `DossierInput.changes` it already loaded.

The 30-day content columns count posts, videos and mentions *published* in
`[now - 30 days, now]` (content without a publication date is not counted). Like
`products_active`, they are 0 whenever nothing was found, whether the competitor's content
was crawled or not (`last_crawl_status` null says it never was); `top_post` is null when no
post is known.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pipeline.dossier import DossierInput
from pipeline.events import ChangeKind
from pipeline.popularity import ranking
from pipeline.values import as_utc, decimal_str, iso_utc, sort_text
from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    ContentKind,
    ContentState,
    ProductState,
    ProductStatus,
)

WINDOW = timedelta(days=7)
"""The span of the `*_7d` columns."""
CONTENT_WINDOW = timedelta(days=30)
"""The span of the `*_30d` columns."""

IN_STOCK = frozenset({"InStock", "LimitedAvailability", "OnlineOnly", "InStoreOnly"})
"""schema.org availabilities that count as buyable now for `in_stock_share`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventCounts:
    """One competitor's events inside the window, as the caller may count them in SQL.

    SQL equivalent: `count(*)` of change events with `detected_at` in
    `[window_start(now), now]`, grouped by kind; `price_changes` counts only
    `kind = 'price_changed' AND field = 'price'` (sale price moves, not regular/currency).
    """

    added: int = 0
    """`product_added` events."""
    removed: int = 0
    """`product_removed` events."""
    price_changes: int = 0
    """`price_changed` events on the field `price`."""


def window_start(now: datetime) -> datetime:
    """Return the earliest `detected_at` the 7-day columns count."""
    return as_utc(now) - WINDOW


def count_events(changes: Iterable[ChangeEventRecord], *, now: datetime) -> EventCounts:
    """Count `changes` the way `EventCounts` documents, for callers without SQL counts."""
    since, until = window_start(now), as_utc(now)
    kinds: Counter[str] = Counter()
    for event in changes:
        if since <= as_utc(event.detected_at) <= until:
            price = event.kind == ChangeKind.PRICE_CHANGED and event.field == "price"
            kinds["price" if price else event.kind] += 1
    return EventCounts(
        added=kinds[ChangeKind.PRODUCT_ADDED],
        removed=kinds[ChangeKind.PRODUCT_REMOVED],
        price_changes=kinds["price"],
    )


def build_pivot(
    dossier_inputs: Sequence[DossierInput],
    *,
    now: datetime,
    event_counts: Mapping[int, EventCounts] | None = None,
) -> dict[str, Any]:
    """Build the pivot dict; rows put our own shop (`self`) first, then competitors by name."""
    counts = event_counts or {}
    ordered = sorted(dossier_inputs, key=_row_order)
    return {
        "generated_at": iso_utc(now),
        "rows": [_row(d, counts.get(d.competitor.id), now) for d in ordered],
    }


def _row_order(data: DossierInput) -> tuple[bool, str]:
    return (data.competitor.kind != CompetitorKind.SELF, sort_text(data.competitor.name))


def _row(data: DossierInput, counts: EventCounts | None, now: datetime) -> dict[str, Any]:
    counts = counts or count_events(data.changes, now=now)
    active = [p for p in data.products if p.status == ProductStatus.ACTIVE]
    crawl = data.last_crawl
    return {
        "competitor": data.competitor.name,
        "kind": str(data.competitor.kind),
        "products_active": len(active),
        "products_added_7d": counts.added,
        "products_removed_7d": counts.removed,
        "price_changes_7d": counts.price_changes,
        **_price_stats(active),
        "in_stock_share": _in_stock_share(active),
        "last_crawl_status": str(crawl.status) if crawl else None,
        "last_crawled_at": iso_utc(crawl.finished_at or crawl.started_at) if crawl else None,
        **_content_stats(data.content, now),
    }


def _content_stats(content: Sequence[ContentState], now: datetime) -> dict[str, Any]:
    """The 30-day content columns and the most popular post (see the module docstring)."""
    since, until = as_utc(now) - CONTENT_WINDOW, as_utc(now)
    recent: Counter[ContentKind] = Counter()
    comments = 0
    for state in content:
        if state.published is not None and since <= as_utc(state.published) <= until:
            recent[state.kind] += 1
            if state.kind == ContentKind.POST:
                comments += int(state.signals.get("comments") or 0)
    top = ranking(s for s in content if s.kind == ContentKind.POST)[:1]
    return {
        "posts_30d": recent[ContentKind.POST],
        "top_post": (top[0].state.title or top[0].state.url) if top else None,
        "comments_30d": comments,
        "videos_30d": recent[ContentKind.VIDEO],
        "mentions_30d": recent[ContentKind.MENTION],
    }


def _price_stats(active: Sequence[ProductState]) -> dict[str, str | None]:
    priced = [p for p in active if p.price is not None]
    currency = dominant_currency(p.currency for p in priced)
    prices = sorted(p.price for p in priced if p.currency == currency and p.price is not None)
    if not prices:
        return {"price_min": None, "price_median": None, "price_max": None, "currency": None}
    median: Decimal = statistics.median(prices)
    return {
        "price_min": decimal_str(prices[0]),
        "price_median": decimal_str(median),
        "price_max": decimal_str(prices[-1]),
        "currency": currency,
    }


def dominant_currency(currencies: Iterable[str | None]) -> str | None:
    """Return the most frequent currency; ties prefer a known one, then alphabetical order."""
    counts = Counter(currencies)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c is None, c or ""))


def _in_stock_share(active: Sequence[ProductState]) -> float | None:
    """Share of active products with a known availability that are buyable now."""
    known = [p.availability for p in active if p.availability]
    if not known:
        return None
    return round(sum(a in IN_STOCK for a in known) / len(known), 3)
