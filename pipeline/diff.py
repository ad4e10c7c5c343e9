"""Turn one run's product observations into change events and the product states to upsert.

Pure: records in, records out; the caller loads them from and stores them to the repository.
The rules that keep a flaky crawl from inventing removals live here and nowhere else:

- a product is REMOVED only when the competitor's crawl was complete (site status `ok`) and
  the product was neither observed nor among the pages that failed (`unresolved`), or when
  its page answered 404/410 (`gone`) on a site that was not down;
- a site that is DOWN or PARTIAL removes nothing else, and products not seen keep their
  `last_seen`;
- duplicate observations of one key merge deterministically (the most complete one wins).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.events import ChangeKind
from pipeline.positioning_diff import diff_positioning
from pipeline.values import as_utc, decimal_str, parse_decimal
from storage.records import (
    ChangeEventRecord,
    FetchStatus,
    ProductState,
    ProductStatus,
    SiteStatus,
    SnapshotRecord,
)

__all__ = ["ProductDiff", "diff_positioning", "diff_products"]

_COMPLETENESS_FIELDS = ("name", "sku", "price", "regular_price", "currency", "availability")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductDiff:
    """What one run changed for one competitor's products."""

    events: list[ChangeEventRecord]
    """Change events, ordered by product key, then added/returned, field changes, removed."""
    states: list[ProductState]
    """States to upsert: every observed product (fresh `last_seen`) and every removed one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """The run-wide values every event of one diff shares."""

    competitor_id: int
    run_id: int | None
    detected_at: datetime


def diff_products(
    *,
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    before: Mapping[str, ProductState],
    observed: Sequence[SnapshotRecord],
    site_status: SiteStatus,
    unresolved: set[str],
    gone: set[str],
) -> ProductDiff:
    """Diff this run's product snapshots against the stored states of one competitor.

    `before` maps product key to its stored state. `observed` are this run's product
    snapshots with fetch status `ok` (a `not_modified` one counts as seen unchanged when
    the key is known; any other status is treated like an `unresolved` page).
    `unresolved` and `gone` hold keys or URLs of product pages that failed this run
    (unknown state) or answered 404/410 (removed). Observation wins over both; `gone`
    wins over `unresolved`. New and returning products take the snapshot's `fetched_at`
    as `first_seen`/`last_seen`.
    """
    ctx = _Context(competitor_id=competitor_id, run_id=run_id, detected_at=as_utc(detected_at))
    seen = _merge_observations(observed, before)
    unresolved = unresolved | {s.key for s in observed if s.key not in seen}
    events: list[ChangeEventRecord] = []
    states: list[ProductState] = []
    for key in sorted(seen.keys() | before.keys()):
        previous, state = before.get(key), seen.get(key)
        if state is not None:
            states.append(state)
            events.extend(_observed_events(ctx, previous, state))
        elif previous is not None and _is_removed(previous, site_status, unresolved, gone):
            states.append(_restate(previous, ProductStatus.REMOVED, previous.last_seen))
            events.append(_event(ctx, ChangeKind.PRODUCT_REMOVED, previous, old=previous.name))
    return ProductDiff(events=events, states=states)


def _is_removed(
    state: ProductState, site_status: SiteStatus, unresolved: set[str], gone: set[str]
) -> bool:
    if state.status == ProductStatus.REMOVED or site_status == SiteStatus.DOWN:
        return False
    if state.key in gone or state.url in gone:
        return True
    failed = state.key in unresolved or state.url in unresolved
    return site_status == SiteStatus.OK and not failed


def _merge_observations(
    observed: Sequence[SnapshotRecord], before: Mapping[str, ProductState]
) -> dict[str, ProductState]:
    """One candidate state per key; of several, the most complete (ties broken stably)."""
    chosen: dict[str, tuple[SnapshotRecord, ProductState]] = {}
    for snapshot in observed:
        state = _observed_state(snapshot, before.get(snapshot.key))
        if state is None:
            continue
        rival = chosen.get(snapshot.key)
        if rival is None or _rank(snapshot, state) > _rank(*rival):
            chosen[snapshot.key] = (snapshot, state)
    return {key: state for key, (_snapshot, state) in chosen.items()}


def _rank(snapshot: SnapshotRecord, state: ProductState) -> tuple[Any, ...]:
    """Order observations by completeness, then prefer the page at the canonical URL."""
    filled = sum(getattr(state, name) not in (None, "") for name in _COMPLETENESS_FIELDS)
    return (filled, snapshot.url == snapshot.key, state.last_seen, snapshot.content_hash, state.url)


def _observed_state(snapshot: SnapshotRecord, previous: ProductState | None) -> ProductState | None:
    """Return the state this snapshot shows; None when it tells nothing (unknown 304, failure)."""
    seen_at = as_utc(snapshot.fetched_at)
    if snapshot.fetch_status == FetchStatus.NOT_MODIFIED:
        return None if previous is None else _restate(previous, ProductStatus.ACTIVE, seen_at)
    if snapshot.fetch_status != FetchStatus.OK:
        return None
    if previous is not None and previous.content_hash == snapshot.content_hash:
        # Same payload as the stored state: nothing but the sighting can have changed.
        return _restate(previous, ProductStatus.ACTIVE, seen_at)
    return _state_from_payload(snapshot, previous, seen_at)


def _restate(state: ProductState, status: ProductStatus, last_seen: datetime) -> ProductState:
    """Copy `state` with a new status and sighting (spelled out: 5x faster than replace())."""
    return ProductState(
        competitor_id=state.competitor_id,
        key=state.key,
        url=state.url,
        name=state.name,
        sku=state.sku,
        price=state.price,
        regular_price=state.regular_price,
        currency=state.currency,
        availability=state.availability,
        status=status,
        first_seen=state.first_seen,
        last_seen=last_seen,
        content_hash=state.content_hash,
    )


def _state_from_payload(
    snapshot: SnapshotRecord, previous: ProductState | None, seen_at: datetime
) -> ProductState:
    payload = snapshot.payload
    return ProductState(
        competitor_id=snapshot.competitor_id,
        key=snapshot.key,
        url=snapshot.url,
        name=_text(payload.get("name")),
        sku=_text(payload.get("sku")),
        price=parse_decimal(payload.get("price")),
        regular_price=parse_decimal(payload.get("regular_price")),
        currency=(_text(payload.get("currency")) or "").upper() or None,
        availability=_text(payload.get("availability")),
        status=ProductStatus.ACTIVE,
        first_seen=previous.first_seen if previous is not None else seen_at,
        last_seen=seen_at,
        content_hash=snapshot.content_hash,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _observed_events(
    ctx: _Context, previous: ProductState | None, state: ProductState
) -> Iterator[ChangeEventRecord]:
    if previous is None:
        yield _event(ctx, ChangeKind.PRODUCT_ADDED, state, new=state.name)
        return
    if previous.status == ProductStatus.REMOVED:
        yield _event(ctx, ChangeKind.PRODUCT_RETURNED, state, new=state.name)
    if previous.content_hash != state.content_hash:  # equal hashes: equal fields
        yield from _field_events(ctx, previous, state)


def _same(value: Any) -> Any:
    return value


# (event kind, field, how old/new are rendered); Decimals compare numerically by `==`.
_FIELD_CHECKS: tuple[tuple[ChangeKind, str, Callable[[Any], str | None]], ...] = (
    (ChangeKind.PRICE_CHANGED, "price", decimal_str),
    (ChangeKind.PRICE_CHANGED, "regular_price", decimal_str),
    (ChangeKind.PRICE_CHANGED, "currency", _same),
    (ChangeKind.AVAILABILITY_CHANGED, "availability", _same),
)


def _field_events(
    ctx: _Context, previous: ProductState, state: ProductState
) -> Iterator[ChangeEventRecord]:
    """One event per changed field; Decimals compare numerically (19.9 == 19.90)."""
    for kind, name, render in _FIELD_CHECKS:
        old, new = getattr(previous, name), getattr(state, name)
        if old != new:
            yield _event(ctx, kind, state, field=name, old=render(old), new=render(new))


def _event(
    ctx: _Context,
    kind: ChangeKind,
    state: ProductState,
    *,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=ctx.competitor_id,
        kind=kind.value,
        detected_at=ctx.detected_at,
        entity="product",
        key=state.key,
        url=state.url,
        sku=state.sku,
        field=field,
        old=old,
        new=new,
        run_id=ctx.run_id,
    )
