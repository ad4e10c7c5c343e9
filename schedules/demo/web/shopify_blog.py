"""The Shopify blog of the Dawn-themed shop: /blogs/news, its articles and its Atom feed.

As Shopify serves it: the index pages by 6 with ?page=N (a page past the end is an empty
200, not a 404), articles at /blogs/news/<handle> with flat comments and "N comments",
the Atom feed at /blogs/news.atom (no comment counts; local offsets) linked from the blog
pages only, and dates shown in the shop's zone but tagged in UTC. The blog keeps Shopify's
default handle `news` under another title ("Journal"). With faults on, one feed entry has
neither <published> nor <updated>.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from schedules.demo.web.blog import Blog, BlogPost, served_blog
from schedules.demo.web.expected import ExpectedPost, expected_post
from schedules.demo.web.feeds import FeedEntry, FeedHead, shopify_atom
from schedules.demo.web.site import Handler, Request, Response, Site
from schedules.demo.web.social import share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import esc, json_ld

HANDLE = "news"
UNDATED_ENTRY = "feed_undated_entry"
"""Fault name: one entry of the Atom feed has no date at all."""
UNDATED_POST = "winter-layering-101"
T = partial(render, "shopify")
PageRenderer = Callable[..., Response]
"""The shop's page layout: (title, main, canonical, *, template, description, structured,
feeds) → Response."""


def long_date(moment: datetime) -> str:
    """'February 27, 2025', as Dawn's time_tag shows dates."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def utc_tag(moment: datetime) -> str:
    """The datetime attribute of Dawn's time_tag: UTC with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ShopifyBlog:
    """Serves one shop's Shopify blog inside the shop's own layout."""

    def __init__(self, site: Site, page: PageRenderer, title: Callable[[str], str]) -> None:
        self.site = site
        self.page = page
        self.title = title
        """Formats a page title the theme's way ('Journal – Alpha Outfitters')."""

    @property
    def blog(self) -> Blog:
        return served_blog(self.site)

    def routes(self) -> list[tuple[str, Handler]]:
        return [
            (rf"/blogs/{HANDLE}", self.index),
            (rf"/blogs/{HANDLE}\.atom", self.feed),
            (rf"/blogs/{HANDLE}/(?P<slug>[\w-]+)", self.article),
        ]

    def post_path(self, post: BlogPost) -> str:
        return f"/blogs/{HANDLE}/{post.slug}"

    def expected(self) -> list[ExpectedPost]:
        """Ground truth of today's articles, newest first."""
        return [expected_post(p, self.site.url(self.post_path(p))) for p in self.blog.posts]

    def fault_urls(self) -> dict[str, str]:
        return {UNDATED_ENTRY: self.feed_url} if self.site.state.faults else {}

    @property
    def feed_url(self) -> str:
        return self.site.url(f"/blogs/{HANDLE}.atom")

    def sitemap_paths(self) -> list[str]:
        return [f"/blogs/{HANDLE}", *(self.post_path(p) for p in self.blog.posts)]

    # --- pages ---------------------------------------------------------------------------

    def index(self, request: Request, match: re.Match[str]) -> Response:
        blog = self.blog
        size, page = blog.index_page_size, request.number("page") or 1
        pages = max(1, -(-len(blog.posts) // size))
        shown = blog.posts[(page - 1) * size : page * size]
        links = page_links("shopify", page, pages, lambda n: f"/blogs/{HANDLE}?page={n}")
        main = T(
            "blog",
            title=esc(blog.title),
            items="".join(self._card(p) for p in shown),
            pagination=T("blog_pagination", items=links) if links else "",
        )
        canonical = f"/blogs/{HANDLE}" + (f"?page={page}" if page > 1 else "")
        return self.page(
            self.title(blog.title), main, canonical, template="blog", feeds=self._feed_link()
        )

    def article(self, request: Request, match: re.Match[str]) -> Response:
        post = self.blog.find(match["slug"])
        if post is None:
            return self.site.not_found()
        main = T(
            "article",
            title=esc(post.title),
            utc=utc_tag(post.published),
            date=long_date(post.published),
            author=esc(post.author),
            body=self._body(post),
            share=self._share(post),
            blog=HANDLE,
            slug=post.slug,
            comments=self._comments(post),
        )
        return self.page(
            self.title(post.title),
            main,
            self.post_path(post),
            template="article",
            description=post.excerpt,
            structured=json_ld(self._structured(post)),
            feeds=self._feed_link(),
        )

    def feed(self, request: Request, match: re.Match[str]) -> Response:
        blog = self.blog
        head = FeedHead(
            title=f"{self.site.name} - {blog.title}",
            home=self.site.url(f"/blogs/{HANDLE}"),
            self_url=self.feed_url,
            description=blog.description,
            language=blog.language,
            updated=blog.updated,
            author=self.site.name,
        )
        entries = [self._entry(p) for p in blog.posts[: blog.feed_page_size]]
        body = shopify_atom(head, entries).encode()
        return Response(body=body, content_type="application/atom+xml; charset=utf-8")

    # --- helpers ---------------------------------------------------------------------------

    def _feed_link(self) -> str:
        """What Shopify's content_for_header adds on blog pages (a relative href)."""
        return (
            '<link rel="alternate" type="application/atom+xml" title="Feed" '
            f'href="/blogs/{HANDLE}.atom" />'
        )

    def _card(self, post: BlogPost) -> str:
        count = len(post.comments)
        footer = T("blog_item_comments", comments=_comments_text(count)) if count else ""
        return T(
            "blog_item",
            blog=HANDLE,
            slug=post.slug,
            title=esc(post.title),
            utc=utc_tag(post.published),
            date=long_date(post.published),
            author=esc(post.author),
            excerpt=esc(post.excerpt),
            footer=footer,
        )

    def _body(self, post: BlogPost) -> str:
        rows = [f"          <p>{esc(text)}</p>" for text in post.paragraphs]
        if post.product:
            product = self.site.product_by_key(post.product)
            link = f"/products/{product.handle}?_pos=1&_sid=8c7d1e2f3&_ss=r"  # search tracking
            rows.append(T("article_product", link=esc(link), product=esc(product.name)))
        return "\n".join(rows)

    def _share(self, post: BlogPost) -> str:
        rows = share_rows(self.site.url(self.post_path(post)), post.title, _SHARE)
        return T("share", links=render_each("shopify", "share_link", rows))

    def _comments(self, post: BlogPost) -> str:
        if not post.comments:
            return ""
        items = [
            T(
                "article_comment",
                cid=comment.id,
                text=esc(comment.text),
                author=esc(comment.author),
                utc=utc_tag(comment.published),
                date=long_date(comment.published),
            )
            for comment in post.comments
        ]
        count_text = _comments_text(len(post.comments))
        return T("article_comments", id=post.id, count_text=count_text, items="\n".join(items))

    def _structured(self, post: BlogPost) -> dict[str, Any]:
        """Dawn's article JSON-LD (`article | structured_data`), times with the shop's offset."""
        url = self.site.url(self.post_path(post))
        return {
            "@context": "http://schema.org/",
            "@type": "BlogPosting",
            "@id": f"{url}#BlogPosting",
            "mainEntityOfPage": url,
            "articleSection": self.blog.title,
            "headline": post.title,
            "description": post.excerpt,
            "datePublished": post.published.isoformat(),
            "dateModified": (post.modified or post.published).isoformat(),
            "author": {"@type": "Person", "name": post.author},
            "url": url,
            "wordCount": sum(len(p.split()) for p in post.paragraphs),
            "publisher": {"@type": "Organization", "name": self.site.name},
        }

    def _entry(self, post: BlogPost) -> FeedEntry:
        undated = self.site.state.faults and post.slug == UNDATED_POST
        body = "\n".join(f"<p>{esc(p)}</p>" for p in post.paragraphs)
        return FeedEntry(
            title=post.title,
            url=self.site.url(self.post_path(post)),
            guid=self.site.url(f"/blogs/{HANDLE}/{post.id}"),
            published=None if undated else post.published,
            updated=None if undated else (post.modified or post.published),
            author=post.author,
            summary=f"<p>{esc(post.excerpt)}</p>",
            content=body,
        )


_SHARE = ("facebook", "twitter", "pinterest")


def _comments_text(count: int) -> str:
    return "1 comment" if count == 1 else f"{count} comments"
