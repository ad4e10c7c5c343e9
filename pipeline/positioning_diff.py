"""Diff a competitor's homepage positioning field by field, without echoing rotating banners.

Pure: positioning payloads (`crawlers.items.codec.to_payload(Positioning)`) in, change
events out. `pipeline.diff` re-exports `diff_positioning`. The social profiles the homepage
links are reported per profile (`social_profile_added` / `social_profile_removed`), not as
one `positioning_changed` of the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pipeline.events import ChangeKind
from pipeline.values import as_utc
from storage.records import ChangeEventRecord

POSITIONING_FIELDS = ("title", "meta_description", "h1", "usp", "language", "languages")
"""The fields `positioning_changed` reports, in the order their events are reported."""
SOCIAL_FIELD = "social"
"""The field of profile URLs, reported one profile per event."""
_FIELDS = (*POSITIONING_FIELDS, SOCIAL_FIELD)

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
    """One `positioning_changed` event per field that changed since the latest payload,
    then one `social_profile_added` / `social_profile_removed` per profile URL.

    `history` holds previous payloads, newest first; only the first `window` are used.
    Values are compared after collapsing whitespace (empty counts as absent); `languages`
    and `social` compare as sets and render as sorted, comma-joined strings; language
    tags compare case-insensitively.

    Flapping rule: a change `old -> new` of a field is suppressed when the very same
    transition (`old` directly followed by `new`) already happened between two consecutive
    payloads of the window. A banner rotating A, B, A, B... thus reports A->B and B->A once
    each, then stays quiet while the rotation continues inside the window; a value never
    seen before is always reported.

    A profile's presence follows the same rule: one that comes and goes is reported once
    added and once removed, then stays quiet while it keeps flapping inside the window.

    Nothing is reported when the site is down (`current` is None) or on the first
    observation (empty `history`); no profile is reported when the latest payload predates
    the `social` field (it lacks the key), as that would list every profile as new.
    """
    payloads = [payload for payload in history[:window] if payload]
    if current is None or not payloads:
        return []
    recent, now = [_values(payload) for payload in payloads], _values(current)
    url = str(current.get("url") or "") or None
    events = [
        _event(competitor_id, run_id, detected_at, url, name, recent[0][name], now[name])
        for name in POSITIONING_FIELDS
        if recent[0][name] != now[name] and not _seen_transition(recent, name, now[name])
    ]
    if SOCIAL_FIELD in payloads[0]:
        events += _social_events(competitor_id, run_id, detected_at, recent, now)
    return events


def _social_events(
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    recent: list[dict[str, Value]],
    now: dict[str, Value],
) -> list[ChangeEventRecord]:
    """One event per profile URL that appeared or disappeared, flapping ones suppressed."""
    history = [_profiles(values) for values in recent]
    current = _profiles(now)
    events = []
    for profile in sorted(history[0] ^ current):
        added = profile in current
        pairs = zip(history[1:], history, strict=False)  # (older, newer) neighbours
        if any((profile in newer) == added != (profile in older) for older, newer in pairs):
            continue
        kind = ChangeKind.SOCIAL_PROFILE_ADDED if added else ChangeKind.SOCIAL_PROFILE_REMOVED
        events.append(_social_event(competitor_id, run_id, detected_at, kind, profile))
    return events


def _profiles(values: dict[str, Value]) -> frozenset[str]:
    value = values[SOCIAL_FIELD]
    return value if isinstance(value, frozenset) else frozenset()


def _seen_transition(recent: list[dict[str, Value]], name: str, new: Value) -> bool:
    old = recent[0][name]
    pairs = zip(recent[1:], recent, strict=False)  # (older, newer) neighbours
    return any(older[name] == old and newer[name] == new for older, newer in pairs)


def _values(payload: Mapping[str, Any]) -> dict[str, Value]:
    return {name: _normalise(name, payload.get(name)) for name in _FIELDS}


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


def _social_event(
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    kind: ChangeKind,
    profile: str,
) -> ChangeEventRecord:
    added = kind == ChangeKind.SOCIAL_PROFILE_ADDED
    return ChangeEventRecord(
        competitor_id=competitor_id,
        kind=kind.value,
        detected_at=as_utc(detected_at),
        entity=SOCIAL_FIELD,
        key=profile,
        url=profile,
        field=SOCIAL_FIELD,
        old=None if added else profile,
        new=profile if added else None,
        run_id=run_id,
    )
