"""Diff a competitor's homepage positioning field by field, without echoing rotating banners.

Pure: positioning payloads (`crawlers.items.codec.to_payload(Positioning)`) in, change
events out. `pipeline.diff` re-exports `diff_positioning`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pipeline.events import ChangeKind
from pipeline.values import as_utc
from storage.records import ChangeEventRecord

POSITIONING_FIELDS = ("title", "meta_description", "h1", "usp", "language", "languages", "social")
"""The diffed fields, in the order their events are reported."""

_SET_FIELDS = frozenset({"languages", "social"})
_LOWERCASE_FIELDS = frozenset({"language", "languages"})  # BCP 47 tags are case-insensitive

DEFAULT_WINDOW = 5
"""How many previous payloads the flapping check looks at."""

Value = str | frozenset[str] | None


def diff_positioning(
    *,
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    history: Sequence[Mapping[str, Any]],
    current: Mapping[str, Any] | None,
    window: int = DEFAULT_WINDOW,
) -> list[ChangeEventRecord]:
    """One `positioning_changed` event per field that changed since the latest payload.

    `history` holds previous payloads, newest first; only the first `window` are used.
    Values are compared after collapsing whitespace (empty counts as absent); `languages`
    and `social` compare as sets and render as sorted, comma-joined strings; language
    tags compare case-insensitively.

    Flapping rule: a change `old -> new` of a field is suppressed when the very same
    transition (`old` directly followed by `new`) already happened between two consecutive
    payloads of the window. A banner rotating A, B, A, B... thus reports A->B and B->A once
    each, then stays quiet while the rotation continues inside the window; a value never
    seen before is always reported.

    Nothing is reported when the site is down (`current` is None) or on the first
    observation (empty `history`).
    """
    recent = [_values(payload) for payload in history[:window] if payload]
    if current is None or not recent:
        return []
    now = _values(current)
    url = str(current.get("url") or "") or None
    return [
        _event(competitor_id, run_id, detected_at, url, name, recent[0][name], now[name])
        for name in POSITIONING_FIELDS
        if recent[0][name] != now[name] and not _seen_transition(recent, name, now[name])
    ]


def _seen_transition(recent: list[dict[str, Value]], name: str, new: Value) -> bool:
    old = recent[0][name]
    pairs = zip(recent[1:], recent, strict=False)  # (older, newer) neighbours
    return any(older[name] == old and newer[name] == new for older, newer in pairs)


def _values(payload: Mapping[str, Any]) -> dict[str, Value]:
    return {name: _normalise(name, payload.get(name)) for name in POSITIONING_FIELDS}


def _normalise(name: str, raw: Any) -> Value:
    if name in _SET_FIELDS:
        items = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
        values = frozenset(filter(None, (_text(name, item) for item in items)))
        return values or None
    return _text(name, raw)


def _text(name: str, raw: Any) -> str | None:
    if raw is None:
        return None
    text = " ".join(str(raw).split())
    if name in _LOWERCASE_FIELDS:
        text = text.lower()
    return text or None


def _render(value: Value) -> str | None:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    return value


def _event(
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    url: str | None,
    name: str,
    old: Value,
    new: Value,
) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=competitor_id,
        kind=ChangeKind.POSITIONING_CHANGED.value,
        detected_at=as_utc(detected_at),
        entity="positioning",
        key="positioning",
        url=url,
        field=name,
        old=_render(old),
        new=_render(new),
        run_id=run_id,
    )
