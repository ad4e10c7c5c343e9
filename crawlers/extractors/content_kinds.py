"""The page kinds content links point at: the `Link.kind` values the content extractors emit.

They are meant to become PageKind members when the spider learns to crawl content; until
then they are kept here so every content module names them the same way.
"""

from __future__ import annotations

from enum import StrEnum

from crawlers.items import FeedKind


class ContentPage(StrEnum):
    """What a content link is expected to lead to."""

    FEED = "feed"
    """A feed of posts (RSS, Atom, RDF or JSON Feed)."""
    COMMENTS_FEED = "comments_feed"
    """A post's own comments feed."""
    VIDEO_FEED = "video_feed"
    """A channel's video feed."""
    MENTION_FEED = "mention_feed"
    """A news or search feed naming the competitor."""
    FEED_CANDIDATE = "feed_candidate"
    """A URL where feeds commonly live on sites that declare none (may well be a 404)."""
    POST = "post"
    """A single post page."""
    BLOG_INDEX = "blog_index"
    """A page listing posts (blog, news, magazine section), or a further page of it."""


FEED_PAGES: dict[FeedKind, ContentPage] = {
    FeedKind.POSTS: ContentPage.FEED,
    FeedKind.COMMENTS: ContentPage.COMMENTS_FEED,
    FeedKind.VIDEOS: ContentPage.VIDEO_FEED,
    FeedKind.MENTIONS: ContentPage.MENTION_FEED,
}
"""The link kind of a further page of a feed of each kind."""

FEED_PRIORITY = 25
"""Declared feeds and their next pages: cheap, and they list every post."""
POST_PRIORITY = 20
BLOG_INDEX_PRIORITY = 15
CANDIDATE_PRIORITY = 5
