"""One Post from what a feed entry and the post's page say about the same post.

Field by field, the source that knows better wins, the other fills gaps:
- url: the page's (its rel=canonical), since feeds often link through trackers;
- title: the feed's (the CMS's own title, without the ' | Site' suffix pages add);
- published: the feed's (the CMS writes the exact publication time into every feed; pages
  often show only a day) when both agree within SAME_DAY (time zones of date-only values
  included); when they disagree, the earlier one (a feed entry without a publication date
  states its update date instead, and nothing is modified before it is published);
- modified: the page's (feeds rarely carry a modification time, pages' dateModified is kept
  current), else the feed's; dropped when not after `published`;
- authors, language, word count: the page's (the page shows the full text and byline; a feed
  may carry only a summary), else the feed's;
- comments, views, shares, likes: the larger count. Both are read at nearly the same time and
  counts only grow, so the smaller one is the staler or partial one (a feed's comments feed
  lists only the latest comments; a page may paginate its comments).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from crawlers.items import Post, PostSource

SAME_DAY = timedelta(hours=36)
"""A page's date-only midnight UTC and a feed's exact local time of the same day differ by
up to a day and a half (UTC-12 to UTC+14)."""


def merge_posts(feed: Post, page: Post) -> Post:
    """`feed` (from a feed entry) and `page` (from the post page) as one Post (see above)."""
    published = _published(feed.published, page.published)
    modified = page.modified or feed.modified
    return Post(
        url=page.url or feed.url,
        title=feed.title or page.title,
        published=published,
        modified=modified if _later(modified, published) else None,
        authors=page.authors or feed.authors,
        language=page.language or feed.language,
        word_count=page.word_count if page.word_count is not None else feed.word_count,
        comments=_larger(feed.comments, page.comments),
        views=_larger(feed.views, page.views),
        shares=_larger(feed.shares, page.shares),
        likes=_larger(feed.likes, page.likes),
        source=PostSource.MERGED,
        feed_url=feed.feed_url or page.feed_url,
        comments_feed=feed.comments_feed or page.comments_feed,
    )


def _published(feed: datetime | None, page: datetime | None) -> datetime | None:
    if feed is None or page is None:
        return feed or page
    return feed if abs(feed - page) <= SAME_DAY else min(feed, page)


def _larger(first: int | None, second: int | None) -> int | None:
    if first is None:
        return second
    return first if second is None else max(first, second)


def _later(modified: datetime | None, published: datetime | None) -> bool:
    return modified is not None and (published is None or modified > published)
