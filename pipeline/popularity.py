"""Score how well a competitor's posts and videos are received, and rank them.

Pure: content states in, scores out. The formula (docs/content.md has a worked example):

- engagement = comments + shares + likes + rating_count + views / 100 (a view is cheap:
  100 views weigh like one comment; a video's rating count is its likes);
- rate = engagement / age in days, age = from publication (else from first sighting) to
  the reading of the figures (`last_seen`), at least one day;
- growth = (engagement now - engagement at the previous reading) / days between the two
  readings (at least one day), counting only figures both readings show; 0 without a
  previous reading. It is negative when counts shrank (deleted comments);
- score = rate + growth; score and growth are rounded to 3 decimals.

Ages end at `last_seen`, not at export time: the figures were read then, so re-exporting
a week later does not change any score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.values import as_utc
from storage.records import ContentState

COUNTS = ("comments", "shares", "likes", "rating_count")
"""Audience figures that add one to engagement each."""
VIEWS_PER_UNIT = 100
"""Views that weigh like one comment."""
MIN_DAYS = 1.0
"""Ages and reading intervals shorter than this count as this many days."""
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Popularity:
    """How one post or video is received."""

    score: float
    """Engagement per day of age plus growth per day; the ranking key."""
    growth: float
    """Engagement gained per day since the previous reading (0 without one)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranked:
    """One post or video with its popularity and its place in the ranking."""

    state: ContentState
    """The content as stored."""
    popularity: Popularity
    """Its score and growth."""
    rank: int
    """1 for the highest score."""


def engagement(signals: Mapping[str, int], only: Iterable[str] | None = None) -> float:
    """The weighted sum of audience figures (of the names in `only`, when given)."""
    names = None if only is None else set(only)

    def figure(name: str) -> int:
        return int(signals.get(name) or 0) if names is None or name in names else 0

    return sum(figure(name) for name in COUNTS) + figure("views") / VIEWS_PER_UNIT


def popularity(state: ContentState) -> Popularity:
    """Score one post or video (see the module docstring)."""
    read = as_utc(state.last_seen)
    born = as_utc(state.published or state.first_seen)
    rate = engagement(state.signals) / _days(born, read)
    growth = _growth(state)
    return Popularity(score=round(rate + growth, 3), growth=round(growth, 3))


def _growth(state: ContentState) -> float:
    if not state.previous_signals or state.previous_seen is None:
        return 0.0
    shown = state.previous_signals.keys() & state.signals.keys()
    gained = engagement(state.signals, shown) - engagement(state.previous_signals, shown)
    return gained / _days(as_utc(state.previous_seen), as_utc(state.last_seen))


def _days(start: datetime, end: datetime) -> float:
    return max(MIN_DAYS, (end - start) / _DAY)


def ranking(states: Iterable[ContentState]) -> list[Ranked]:
    """Rank one competitor's posts (or videos): highest score first, every item ranked.

    Ties go to the newer publication (unknown dates count as oldest), then the URL.
    """
    scored = sorted(((s, popularity(s)) for s in states), key=lambda p: _order(*p))
    return [
        Ranked(state=state, popularity=score, rank=rank)
        for rank, (state, score) in enumerate(scored, start=1)
    ]


def _order(state: ContentState, score: Popularity) -> tuple[float, bool, float, str]:
    published = as_utc(state.published).timestamp() if state.published else 0.0
    return (-score.score, state.published is None, -published, state.url)
