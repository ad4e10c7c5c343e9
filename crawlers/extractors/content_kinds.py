"""The page kinds of content (feeds, blog indexes, posts) and the priorities of their links.

Kept in one place so the content extractors and the spider name and order them the same way.
"""

from __future__ import annotations

from crawlers.extractors.base import PageKind
from crawlers.items import FeedKind

FEED_PAGES: dict[FeedKind, PageKind] = {
    FeedKind.POSTS: PageKind.FEED,
    FeedKind.COMMENTS: PageKind.COMMENTS_FEED,
    FeedKind.VIDEOS: PageKind.VIDEO_FEED,
    FeedKind.MENTIONS: PageKind.MENTION_FEED,
}
"""The page kind of a feed of each kind (and of a further page of it)."""
FEED_KINDS: dict[PageKind, FeedKind] = {
    **{page: feed for feed, page in FEED_PAGES.items()},
    PageKind.FEED_CANDIDATE: FeedKind.POSTS,
}
"""What the entries of a feed page of each kind are."""
CONTENT_KINDS = frozenset({*FEED_KINDS, PageKind.BLOG_INDEX, PageKind.POST})
"""Page kinds that are about content, not the catalog: their failures never make a catalog
crawl partial, and they are followed whichever way the catalog is crawled."""
OFF_SITE_KINDS = frozenset({PageKind.VIDEO_FEED, PageKind.MENTION_FEED})
"""Configured feeds hosted elsewhere (a video platform, a news search)."""

FEED_PRIORITY = 25
"""Declared feeds and their next pages: cheap, and they list every post."""
POST_PRIORITY = 20
BLOG_INDEX_PRIORITY = 15
CANDIDATE_PRIORITY = 5
