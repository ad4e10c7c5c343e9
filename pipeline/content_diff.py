"""Turn one run's post, video and mention observations into events and content states.

Pure: records in, records out. The rules:

- Feeds list only the newest entries, so content that is no longer listed is kept, never
  reported removed.
- The first observation of a kind for a competitor is the baseline: no events.
- Newly seen content is reported once (`post_published`, `video_published`,
  `mention_found`) unless it is old news: published well before the newest content of this
  kind already known for the competitor (a deeper archive page found later is not new).
  The site's own dates are compared with each other, never with the crawl's clock: a site
  whose clock or dates are off still gets its new posts reported.
- A post whose modification time moves later, or whose title changes, is `post_updated`.
- A mention syndicated under another URL with the same headline is one story: its first
  (earliest) copy is kept and reported, the others are dropped.
- Audience figures (comments, views, ...) update the state; the figures they replace are
  kept with their time, so popularity can show growth between runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from crawlers.extractors.post_merge import merge_posts
from crawlers.items import Post
from crawlers.items.codec import content_hash, from_payload, to_payload
from pipeline.events import ChangeKind
from pipeline.values import as_utc, parse_iso
from storage.records import (
    ChangeEventRecord,
    ContentKind,
    ContentState,
    SnapshotKind,
    SnapshotRecord,
)

SIGNALS = ("comments", "views", "shares", "likes", "rating_count")
"""Payload fields that measure an audience; they change without making content 'updated'."""
_NEVER = datetime.max.replace(tzinfo=UTC)
OLD_NEWS = timedelta(days=7)
"""Content published this long before the newest known content of its kind is not new."""
PUBLISHED = {
    ContentKind.POST: ChangeKind.POST_PUBLISHED,
    ContentKind.VIDEO: ChangeKind.VIDEO_PUBLISHED,
    ContentKind.MENTION: ChangeKind.MENTION_FOUND,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentDiff:
    """What one run changed for one competitor's content of one kind."""

    events: list[ChangeEventRecord]
    states: list[ContentState]
    """States to upsert: every observed item, with fresh `last_seen` and figures."""


def diff_content(
    *,
    competitor_id: int,
    run_id: int | None,
    detected_at: datetime,
    kind: ContentKind,
    stored: Mapping[str, ContentState],
    observed: Sequence[SnapshotRecord],
) -> ContentDiff:
    """Events and states for `observed` snapshots of `kind` against the `stored` states."""
    baseline = not stored
    since = max((s.published for s in stored.values() if s.published), default=None)
    stories = {_headline(s.title) for s in stored.values()} - {""}
    events, states = [], []
    for snapshot in _in_order(kind, _latest_per_key(observed)):
        previous = stored.get(snapshot.key)
        state = _state(competitor_id, kind, snapshot, previous)
        if previous is None and kind == ContentKind.MENTION:
            if _headline(state.title) in stories:
                continue  # the same story syndicated under another URL: kept once
            stories.add(_headline(state.title))
        states.append(state)
        if previous is not None:
            events.extend(_updates(state, previous, run_id, detected_at))
        elif not baseline and _is_news(state, since):
            events.append(_event(PUBLISHED[kind], state, run_id, detected_at, new=state.title))
    return ContentDiff(events=events, states=states)


def _in_order(kind: ContentKind, snapshots: list[SnapshotRecord]) -> list[SnapshotRecord]:
    """Mentions earliest first, so the original of a syndicated story is the one kept."""
    if kind != ContentKind.MENTION:
        return snapshots
    return sorted(snapshots, key=lambda s: _when(s.payload.get("published")) or _NEVER)


def _latest_per_key(observed: Iterable[SnapshotRecord]) -> list[SnapshotRecord]:
    """One observation per key: a page read wins over a feed entry, then the latest; a post
    seen both in a feed and on its page (read apart in one run) gets both merged.
    """
    best: dict[str, SnapshotRecord] = {}
    feeds: dict[str, SnapshotRecord] = {}
    for snapshot in observed:
        if snapshot.kind == SnapshotKind.POST and snapshot.payload.get("source") == "feed":
            feeds[snapshot.key] = snapshot
        current = best.get(snapshot.key)
        if current is None or _rank(snapshot) >= _rank(current):
            best[snapshot.key] = snapshot
    for key, feed in feeds.items():
        if best[key] is not feed and best[key].payload.get("source") == "page":
            best[key] = _merged(feed, best[key])
    return sorted(best.values(), key=lambda s: s.key)


def _merged(feed: SnapshotRecord, page: SnapshotRecord) -> SnapshotRecord:
    merged = to_payload(
        merge_posts(from_payload(Post, feed.payload), from_payload(Post, page.payload))
    )
    return replace(page, payload=merged, content_hash=content_hash(merged))


def _rank(snapshot: SnapshotRecord) -> tuple[int, datetime]:
    source = snapshot.payload.get("source")
    return (0 if source == "feed" else 1, snapshot.fetched_at)


def _state(
    competitor_id: int, kind: ContentKind, snapshot: SnapshotRecord, previous: ContentState | None
) -> ContentState:
    payload = dict(snapshot.payload)
    signals = {name: int(payload[name]) for name in SIGNALS if payload.get(name) is not None}
    if previous is not None:  # a figure the page no longer shows keeps its last value
        signals = previous.signals | signals
    moved = previous is not None and signals != previous.signals
    return ContentState(
        competitor_id=competitor_id,
        kind=kind,
        key=snapshot.key,
        url=snapshot.url or snapshot.key,
        title=_text(payload.get("title")),
        published=_when(payload.get("published")),
        modified=_when(payload.get("modified")),
        payload=payload,
        signals=signals,
        previous_signals=previous.signals if moved and previous else _kept(previous, "signals"),
        previous_seen=previous.last_seen if moved and previous else _kept(previous, "seen"),
        first_seen=previous.first_seen if previous else snapshot.fetched_at,
        last_seen=snapshot.fetched_at,
        content_hash=snapshot.content_hash,
    )


def _kept(previous: ContentState | None, what: str) -> Any:
    if previous is None:
        return {} if what == "signals" else None
    return previous.previous_signals if what == "signals" else previous.previous_seen


def _updates(
    state: ContentState, previous: ContentState, run_id: int | None, at: datetime
) -> list[ChangeEventRecord]:
    if state.kind != ContentKind.POST:
        return []
    events = []
    if _modified_later(state, previous):
        events.append(
            _event(
                ChangeKind.POST_UPDATED,
                state,
                run_id,
                at,
                field="modified",
                old=_iso(previous.modified),
                new=_iso(state.modified),
            )
        )
    if previous.title and state.title and _headline(previous.title) != _headline(state.title):
        events.append(
            _event(
                ChangeKind.POST_UPDATED,
                state,
                run_id,
                at,
                field="title",
                old=previous.title,
                new=state.title,
            )
        )
    return events


def _modified_later(state: ContentState, previous: ContentState) -> bool:
    """A later modification time than before; a first one only when after publication."""
    if state.modified is None:
        return False
    if previous.modified is not None:
        return state.modified > previous.modified
    return state.published is not None and state.modified > state.published


def _is_news(state: ContentState, since: datetime | None) -> bool:
    if state.published is None or since is None:
        return True
    return state.published >= since - OLD_NEWS


def _event(
    kind: ChangeKind,
    state: ContentState,
    run_id: int | None,
    at: datetime,
    *,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=state.competitor_id,
        kind=str(kind),
        detected_at=at,
        entity=str(state.kind),
        key=state.key,
        url=state.url,
        field=field,
        old=old,
        new=new,
        run_id=run_id,
    )


def _headline(title: str | None) -> str:
    """A title folded for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", (title or "").casefold()).split())


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return as_utc(value)
    return parse_iso(value) if isinstance(value, str) else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
