"""Competitors' video channels and the news stories that name them, on a given demo day.

Built from content.json on the demo clock. Videos gain views and likes every day; a story
is one headline carried by one or more feed entries: the original, syndicated copies on
other sites (same headline, other URL), and entries listed in both of a competitor's
news searches (identical entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from schedules.demo.web.content import (
    content_data,
    demo_morning,
    first_day,
    growing,
    local_time,
)
from schedules.demo.web.text import slugify

WATCH_URL = "https://www.youtube.com/watch?v={id}"
CHANNEL_URL = "https://www.youtube.com/channel/{id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Video:
    """One video with today's audience figures."""

    id: str
    """The 11-character video id."""
    title: str
    """Video title."""
    published: datetime
    """Upload time (UTC)."""
    updated: datetime
    """When the feed last refreshed the entry (UTC)."""
    views: int
    """View count."""
    likes: int
    """Rating count (likes)."""
    average: Decimal
    """Average star rating as the feed states it ('0.00' when nobody rated)."""

    @property
    def url(self) -> str:
        """Watch-page URL."""
        return WATCH_URL.format(id=self.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """A competitor's video channel on one day."""

    id: str
    """Channel id (UC...)."""
    title: str
    """Channel name."""
    created: datetime
    """When the channel was created (the feed's <published>)."""
    videos: tuple[Video, ...]
    """Videos published so far, newest first."""

    @property
    def url(self) -> str:
        return CHANNEL_URL.format(id=self.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsEntry:
    """One feed entry carrying a story: one article on one site."""

    headline: str
    """The story's headline (feeds append ' - Source')."""
    source: str
    """Publisher name."""
    source_url: str
    """Publisher home page (<source url=...>)."""
    url: str
    """Article URL."""
    published: datetime
    """Publication time (UTC)."""
    feeds: tuple[int, ...]
    """Which of the competitor's news searches list it (0, 1 or both)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsSearch:
    """A competitor's two news-search feeds on one day."""

    hl: str
    """Interface language parameter."""
    gl: str
    """Country parameter."""
    ceid: str
    """Edition parameter (country:language)."""
    service: str
    """The service's name in the feed language ('Google News', 'Google Actualités')."""
    queries: tuple[str, ...]
    """The search queries, one feed each."""
    stories: tuple[tuple[NewsEntry, ...], ...]
    """Visible stories, each as its visible entries (original first)."""

    def entries(self, feed: int) -> list[NewsEntry]:
        """Entries of one feed, in the service's (relevance) order."""
        return [e for story in self.stories for e in story if feed in e.feeds]


def channel_for(site_key: str, day: int) -> Channel | None:
    """The competitor's channel on `day`, or None when it has none."""
    return _channel(site_key, day) if site_key in content_data()["channels"] else None


def news_for(site_key: str, day: int) -> NewsSearch | None:
    """The competitor's news searches on `day`, or None when none is configured."""
    return _news(site_key, day) if site_key in content_data()["mentions"] else None


@cache
def _channel(site_key: str, day: int) -> Channel:
    raw = content_data()["channels"][site_key]
    videos = [_video(row, day) for row in raw["videos"]]
    shown = sorted((v for v in videos if first_day(v.published) <= day), key=_newest)
    return Channel(
        id=raw["id"],
        title=raw["title"],
        created=local_time(raw["created"]),
        videos=tuple(shown),
    )


def _newest(item: Video) -> float:
    return -item.published.timestamp()


def _video(row: dict[str, Any], day: int) -> Video:
    published = local_time(row["published"])
    since = first_day(published)
    return Video(
        id=row["id"],
        title=row["title"],
        published=published,
        updated=max(published, demo_morning(day, UTC)),
        views=growing(row["views"], since, day),
        likes=growing(row["likes"], since, day),
        average=Decimal(row["average"]),
    )


@cache
def _news(site_key: str, day: int) -> NewsSearch:
    raw = content_data()["mentions"][site_key]
    hl, gl, ceid = raw["locale"]
    stories = []
    for story in raw["stories"]:
        entries = [_entry(story["title"], row) for row in story["entries"]]
        visible = sorted((e for e in entries if first_day(e.published) <= day), key=_earliest)
        if visible:
            stories.append(tuple(visible))
    return NewsSearch(
        hl=hl,
        gl=gl,
        ceid=ceid,
        service=raw["service"],
        queries=tuple(raw["queries"]),
        stories=tuple(stories),
    )


def _earliest(entry: NewsEntry) -> float:
    return entry.published.timestamp()


def _entry(headline: str, row: dict[str, Any]) -> NewsEntry:
    source = content_data()["sources"][row["source"]]
    published = local_time(row["published"]).astimezone(UTC)
    path = source["path"].format(
        y=f"{published:%Y}", m=f"{published:%m}", d=f"{published:%d}", slug=slugify(headline)
    )
    return NewsEntry(
        headline=headline,
        source=row["source"],
        source_url=source["url"],
        url=source["url"] + path,
        published=published,
        feeds=tuple(row["feeds"]),
    )
