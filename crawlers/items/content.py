"""What a competitor publishes and how it is received: posts, videos, mentions and their feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class FeedKind(StrEnum):
    """What the entries of a feed are."""

    POSTS = "posts"
    COMMENTS = "comments"
    VIDEOS = "videos"
    MENTIONS = "mentions"


class PostSource(StrEnum):
    """Where a post's fields were read."""

    FEED = "feed"
    PAGE = "page"
    MERGED = "merged"


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """One blog or news post of a competitor."""

    url: str
    """Canonical URL of the post page (the identity across runs)."""
    title: str | None = None
    """Headline as published."""
    published: datetime | None = None
    """Publication time, UTC-aware; a date-only source gives midnight UTC."""
    modified: datetime | None = None
    """Last modification time, UTC-aware, when stated and later than `published`."""
    authors: tuple[str, ...] = field(default_factory=tuple)
    """Author names, in the order given."""
    language: str | None = None
    """BCP 47 language tag of the post ('de', 'en-US')."""
    word_count: int | None = None
    """Words of the full text; None when only a summary was seen."""
    comments: int | None = None
    """Comment count shown or declared; None when the site shows none."""
    views: int | None = None
    """View count shown on the page."""
    shares: int | None = None
    """Share count shown on the page."""
    likes: int | None = None
    """Like/reaction count shown on the page."""
    source: PostSource = PostSource.PAGE
    """Whether the fields come from a feed entry, the post page, or both merged."""
    feed_url: str | None = None
    """The feed the post was listed in."""
    comments_feed: str | None = None
    """The post's own comments feed (wfw:commentRss, Atom rel=replies), when listed."""

    @property
    def key(self) -> str:
        """Identity across runs: the canonical URL."""
        return self.url


@dataclass(frozen=True, slots=True, kw_only=True)
class Video:
    """One video of a competitor's channel, with the audience figures its feed states."""

    url: str
    """Watch-page URL."""
    title: str | None = None
    """Video title."""
    published: datetime | None = None
    """Publication time, UTC-aware."""
    views: int | None = None
    """View count (media:statistics views)."""
    rating: Decimal | None = None
    """Average rating (media:starRating average); None when nobody rated."""
    rating_count: int | None = None
    """Number of ratings (media:starRating count; likes on YouTube)."""
    channel: str | None = None
    """Channel name."""

    @property
    def key(self) -> str:
        """Identity across runs: the watch URL."""
        return self.url


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A competitor named in a news or search feed."""

    url: str
    """Article URL (redirect wrappers of alert feeds unwrapped)."""
    title: str | None = None
    """Headline, without a trailing ' - Source' the feed appends."""
    published: datetime | None = None
    """Publication time, UTC-aware."""
    source: str | None = None
    """Who published it: the entry's source name; for feeds linking to other sites (alerts,
    aggregators) the article's host; else the feed's title."""
    summary: str | None = None
    """Plain-text summary, capped (see feeds.SUMMARY_CHARS)."""

    @property
    def key(self) -> str:
        """Identity across runs: the article URL."""
        return self.url


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedRef:
    """A feed a site declares or links, found on one of its pages."""

    url: str
    """Absolute feed URL."""
    kind: FeedKind = FeedKind.POSTS
    """What its entries are (posts, comments...)."""
    title: str | None = None
    """The title the site gives it."""
    main: bool = True
    """Whether it is the site-wide feed rather than a per-category, tag or author feed."""

    @property
    def key(self) -> str:
        """Identity across runs: the feed URL."""
        return self.url
