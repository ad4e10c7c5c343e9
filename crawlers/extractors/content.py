"""The content extractors: feeds, blog index pages and post pages, registered by page kind.

Thin adapters: the reading itself lives in feeds, blog_index and post_page.
"""

from __future__ import annotations

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.blog_index import index_links
from crawlers.extractors.content_kinds import FEED_KINDS
from crawlers.extractors.feeds import parse_feed
from crawlers.extractors.post_merge import merge_posts
from crawlers.extractors.post_page import extract_post
from crawlers.extractors.registry import register
from crawlers.items import PageFailure, Post
from crawlers.page import FetchedPage


class _FeedExtractor:
    """Shared by the feed kinds: the entries as the kind's items, and the feed's next page."""

    kind: PageKind

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        return parse_feed(page, FEED_KINDS[self.kind])


@register(PageKind.FEED)
class PostFeedExtractor(_FeedExtractor):
    """RSS, Atom or RDF feed of posts: one Post per entry (title, dates, authors, comment
    count where the feed states it), deduplicated, and the link to the feed's next page.
    """


@register(PageKind.COMMENTS_FEED)
class CommentsFeedExtractor(_FeedExtractor):
    """A comments feed: the number of comments it lists per post (a lower bound)."""


@register(PageKind.VIDEO_FEED)
class VideoFeedExtractor(_FeedExtractor):
    """A channel's video feed (YouTube, Media RSS): one Video per entry with views and rating."""


@register(PageKind.MENTION_FEED)
class MentionFeedExtractor(_FeedExtractor):
    """A news or search feed: one Mention per story (source, date), alert redirects unwrapped."""


@register(PageKind.FEED_CANDIDATE)
class FeedCandidateExtractor:
    """A usual feed path tried on a site that declares no feed: its posts when it is a feed;
    nothing (not a failure) when it is not, except the feeds an HTML page there declares.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        extraction = parse_feed(page, FEED_KINDS[PageKind.FEED_CANDIDATE])
        extraction.items = [i for i in extraction.items if not isinstance(i, PageFailure)]
        return extraction


@register(PageKind.BLOG_INDEX)
class BlogIndexExtractor:
    """Blog index page: links to the posts it lists and to its further pages."""

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        return index_links(page, context)


@register(PageKind.POST)
class PostExtractor:
    """Post page: title, publication and modification dates, authors, language, word count,
    comment/view/share counts; merged with the feed entry that listed it, when one did.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        extraction = extract_post(page, context)
        listed = context.listed_post
        if listed is None:
            return extraction
        posts = [i for i in extraction.items if isinstance(i, Post)]
        merged = merge_posts(listed, posts[0]) if posts else listed
        extraction.items = [merged]
        return extraction
