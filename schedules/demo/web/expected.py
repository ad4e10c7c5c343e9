"""Ground truth of the demo web's content: the posts, videos and mentions a crawl should find.

Each record holds what a careful reader of the site would note down, independent of how
it was read (feed, page or both). Times are UTC-aware datetimes; compare them as instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from schedules.demo.web.blog import BlogPost


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpectedPost:
    """One blog post as published on the served day."""

    url: str
    """Absolute canonical URL of the post page."""
    title: str
    """Headline."""
    published: datetime
    """Publication time (UTC)."""
    modified: datetime | None
    """Last edit (UTC) when the post was edited after publication, else None."""
    authors: tuple[str, ...]
    """Author display names."""
    comments: int | None
    """Comment count the post page shows; 0 when comments are open and none were written
    (the page then shows only the comment form)."""
    views: int | None
    """View count the post page shows, None where the blog shows none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpectedVideo:
    """One video of a competitor's channel feed."""

    url: str
    """Watch-page URL (https://www.youtube.com/watch?v=<id>)."""
    title: str
    """Video title."""
    published: datetime
    """Publication time (UTC)."""
    views: int
    """media:statistics views."""
    rating: Decimal | None
    """media:starRating average; None when nobody rated (count 0)."""
    rating_count: int
    """media:starRating count."""
    channel: str
    """Channel name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpectedMention:
    """One news story naming a competitor, however many feed entries carry it."""

    url: str
    """The original article: the earliest-published entry of the story."""
    urls: tuple[str, ...]
    """Every article URL the story was seen under (syndicated copies), `url` first."""
    title: str
    """Headline without the ' - Source' suffix the news feed adds."""
    published: datetime
    """Publication time (UTC) of the original."""
    source: str
    """The original's publisher."""


def expected_post(post: BlogPost, url: str) -> ExpectedPost:
    """The ground truth of one post served at `url`."""
    return ExpectedPost(
        url=url,
        title=post.title,
        published=post.published.astimezone(UTC),
        modified=post.modified.astimezone(UTC) if post.modified else None,
        authors=(post.author,),
        comments=len(post.comments),
        views=post.views,
    )
