"""The RSS feeds of the WordPress blog: posts, category, site-wide and per-post comments.

As WordPress 6 serves them: /feed/ and /category/<slug>/feed/ paged with ?paged=N
(10 entries, a 404 past the last page), /comments/feed/ and /<permalink>/feed/ with the
latest 10 comments a page, an RFC 822 Last-Modified header. With faults on, /feed/
declares UTF-8 but is sent as windows-1252 bytes, like a site behind a misconfigured plugin.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from schedules.demo.web.blog import BlogPost, Comment
from schedules.demo.web.feeds import (
    FeedEntry,
    FeedHead,
    rfc822,
    wordpress_comments_rss,
    wordpress_rss,
)
from schedules.demo.web.site import Handler, Request, Response
from schedules.demo.web.text import esc

if TYPE_CHECKING:
    from schedules.demo.web.wordpress_blog import WordPressBlog

FEED_MIME = "application/rss+xml"
FEED_TYPE = f"{FEED_MIME}; charset=UTF-8"
MISLABELLED_FEED = "feed_mislabelled_encoding"
"""Fault name: the posts feed declares UTF-8 but its bytes are windows-1252."""


class WordPressFeeds:
    """Serves the feeds of one WordPress blog."""

    def __init__(self, blog: WordPressBlog) -> None:
        self.wp = blog

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (r"/feed/", self.feed),
            (r"/category/(?P<key>[\w-]+)/feed/", self.category_feed),
            (r"/comments/feed/", self.comments_feed),
            (self.wp.permalink_pattern + "feed/", self.post_comments_feed),
        ]

    def fault_urls(self) -> dict[str, str]:
        site = self.wp.site
        return {MISLABELLED_FEED: site.url("/feed/")} if site.state.faults else {}

    def feed(self, request: Request, match: re.Match[str]) -> Response:
        return self._posts_feed(request, list(self.wp.blog.posts), "/feed/", self.wp.blog.title)

    def category_feed(self, request: Request, match: re.Match[str]) -> Response:
        blog, key = self.wp.blog, match["key"]
        if key not in blog.categories:
            return self.wp.site.not_found()
        posts = [p for p in blog.posts if p.category_slug == key]
        title = f"{blog.title} - {blog.categories[key]}"  # WP names category feeds so
        return self._posts_feed(request, posts, f"/category/{key}/feed/", title, mislabel=False)

    def comments_feed(self, request: Request, match: re.Match[str]) -> Response:
        blog = self.wp.blog
        pairs = [(p, c) for p in blog.posts for c in p.comments]
        pairs.sort(key=lambda pc: pc[1].published, reverse=True)
        items = [self._comment_entry(p, c, sitewide=True) for p, c in pairs]
        head = self._head(f"Commentaires pour {blog.title}", "/comments/feed/", "/")
        return self._feed_response(wordpress_comments_rss, head, items, request)

    def post_comments_feed(self, request: Request, match: re.Match[str]) -> Response:
        post = self.wp.find(match)
        if post is None:
            return self.wp.site.not_found()
        path = self.wp.post_path(post)
        comments = sorted(post.comments, key=lambda c: c.published, reverse=True)
        items = [self._comment_entry(post, c, sitewide=False) for c in comments]
        head = self._head(f"Commentaires sur : {post.title}", path + "feed/", path)
        return self._feed_response(wordpress_comments_rss, head, items, request, empty_ok=True)

    # --- helpers ---------------------------------------------------------------------------

    def _head(self, title: str, path: str, home: str) -> FeedHead:
        """Feed head; WordPress links the site feeds to the home URL without its slash."""
        blog = self.wp.blog
        return FeedHead(
            title=title,
            home=self.wp.site.base_url.rstrip("/") if home == "/" else self.wp.site.url(home),
            self_url=self.wp.site.url(path),
            description=blog.description,
            language=blog.language,
            updated=blog.updated,
        )

    def _posts_feed(
        self,
        request: Request,
        posts: list[BlogPost],
        path: str,
        title: str,
        *,
        mislabel: bool = True,
    ) -> Response:
        items = [self._post_entry(p) for p in posts]
        head = self._head(title, path, "/")
        response = self._feed_response(wordpress_rss, head, items, request)
        if mislabel and self.wp.site.state.faults and response.status == 200:
            text = response.body.decode("utf-8")
            cp1252 = text.encode("cp1252")
            return Response(body=cp1252, content_type=FEED_TYPE, headers=response.headers)
        return response

    def _feed_response(
        self,
        render_feed: Callable[[FeedHead, list[FeedEntry]], str],
        head: FeedHead,
        items: list[FeedEntry],
        request: Request,
        *,
        empty_ok: bool = False,
    ) -> Response:
        """One feed page (?paged=N, 10 entries); WordPress answers 404 past the last page."""
        size, page = self.wp.blog.feed_page_size, request.number("paged") or 1
        shown = items[(page - 1) * size : page * size]
        if not shown and not (empty_ok and page == 1):
            return self.wp.site.not_found()
        modified = (("Last-Modified", rfc822(head.updated, gmt=True)),)
        return Response(
            body=render_feed(head, shown).encode(), content_type=FEED_TYPE, headers=modified
        )

    def _post_entry(self, post: BlogPost) -> FeedEntry:
        url = self.wp.permalink(post)
        body = "\n".join(line.strip() for line in self.wp.body(post).splitlines())
        return FeedEntry(
            title=post.title,
            url=url,
            guid=self.wp.site.url(f"/?p={post.id}"),
            published=post.published,
            author=post.author,
            categories=(post.category,) if post.category else (),
            summary=post.excerpt,
            content=body,
            comments=len(post.comments),
            comments_feed=url + "feed/",
        )

    def _comment_entry(self, post: BlogPost, comment: Comment, *, sitewide: bool) -> FeedEntry:
        title = f"Par : {comment.author}"
        if sitewide:
            title = f"Commentaire sur {post.title} par {comment.author}"
        return FeedEntry(
            title=title,
            url=f"{self.wp.permalink(post)}#comment-{comment.id}",
            guid=self.wp.site.url(f"/?p={post.id}#comment-{comment.id}"),
            published=comment.published,
            author=comment.author,
            summary=comment.text,
            content=f"<p>{esc(comment.text)}</p>",
        )
