"""The demo calendar and the raw data of what competitors publish besides products.

content.json holds blog posts, video channels and news stories, dated as if demo day 0 were
2025-03-01 (DATA_ZERO). They are served shifted to the real calendar: day 0 is a week before
the web started, so a demo crawl sees recent content (posts of the last 30 days in the pivot)
and every day the tests serve (0-3) is in the past. What a crawl sees on a day and its ground
truth come from the same shifted dates, so they never disagree whenever the tests run.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

DATA_FILE = Path(__file__).with_name("content.json")
DATA_ZERO = date(2025, 3, 1)
"""The date content.json's dates are written against: its day 0."""
DAY_ZERO = datetime.now(UTC).date() - timedelta(days=7)
"""The calendar date of demo day 0 as served; day n is n days later."""
SHIFT = DAY_ZERO - DATA_ZERO
"""Added to every date read from content.json."""

V = TypeVar("V")


@cache
def content_data() -> dict[str, Any]:
    """The parsed content.json (shared, do not modify)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def demo_date(day: int) -> date:
    """The calendar date of a demo day."""
    return DAY_ZERO + timedelta(days=day)


def demo_morning(day: int, tz: timezone) -> datetime:
    """06:00 local time on a demo day: when that day's counters were last updated."""
    return datetime.combine(demo_date(day), time(6), tz)


def first_day(moment: datetime) -> int:
    """The demo day on which something dated `moment` (in its own zone) first appears."""
    return max(0, (moment.date() - DAY_ZERO).days)


def offset(text: str) -> timezone:
    """A fixed UTC offset from '+01:00' or '-05:00'."""
    sign = -1 if text.startswith("-") else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def local_time(text: str, tz: timezone = UTC) -> datetime:
    """A time of content.json as served: without offset read in `tz`, with an offset (or Z)
    taken as it is; shifted to the served calendar.
    """
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)) + SHIFT


def as_of(by_day: dict[str, V], day: int, default: V) -> V:
    """The value of the latest day key not after `day` ({"0": 4, "2": 5} → 5 on day 3)."""
    keys = [int(k) for k in by_day if int(k) <= day]
    return by_day[str(max(keys))] if keys else default


def growing(start_and_rate: list[int], since: int, day: int) -> int:
    """A counter that starts at `start` on day `since` and adds `rate` every later day."""
    start, rate = start_and_rate
    return start + rate * max(0, day - since)


def first_day_above(by_day: dict[str, int], count: int) -> int:
    """The first day on which a day-keyed count exceeds `count` (comment i appears then)."""
    return min(int(k) for k, v in by_day.items() if v > count)
