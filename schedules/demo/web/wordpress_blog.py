"""The WordPress blog of the WooCommerce shop: index, archives, posts and comments.

Markup and URLs are stock WordPress 6 on Storefront in French: /blog/ with /blog/page/N/
(a 404 past the last page), /category/<slug>/ and /author/<slug>/ archives, "day and
name" permalinks /YYYY/MM/DD/<slug>/ (local date), /?p=<id> shortlinks, threaded comments
with ?replytocom= links, Yoast's article meta and graph, and the Post Views Counter
plugin. The feeds are in wordpress_feeds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any, ClassVar

from schedules.demo.web.blog import Blog, BlogPost, served_blog
from schedules.demo.web.expected import ExpectedPost, expected_post
from schedules.demo.web.site import Handler, Request, Response, Site
from schedules.demo.web.social import share_rows
from schedules.demo.web.templates import page_links, render, render_each
from schedules.demo.web.text import NBSP, esc, group_digits
from schedules.demo.web.wordpress_feeds import FEED_MIME, WordPressFeeds

T = partial(render, "wordpress")
MONTHS = (
    *("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"),
    *("septembre", "octobre", "novembre", "décembre"),
)
PageRenderer = Callable[..., Response]
"""The shop's page layout: (title, main, canonical, *, body_class, description, rel_links,
article) → Response."""


def french_date(moment: datetime) -> str:
    """'3 mars 2025', as WordPress shows dates in French."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


class WordPressBlog:
    """Serves one shop's WordPress blog inside the shop's own layout."""

    permalink_pattern: ClassVar[str] = r"/(?P<y>\d{4})/(?P<m>\d\d)/(?P<d>\d\d)/(?P<slug>[\w-]+)/"
    """A 'day and name' permalink."""

    def __init__(self, site: Site, page: PageRenderer) -> None:
        self.site = site
        self.page = page
        self.feeds = WordPressFeeds(self)
        """The blog's RSS feeds."""

    @property
    def blog(self) -> Blog:
        return served_blog(self.site)

    def routes(self) -> list[tuple[str, Handler]]:
        """The blog's routes; they must come before the shop's catch-all page route."""
        paged = r"(page/(?P<n>\d+)/)?"
        return [
            (r"/blog/" + paged, self.index),
            (r"/(?P<kind>category|author)/(?P<key>[\w-]+)/" + paged, self.archive),
            (self.permalink_pattern, self.post),
            *self.feeds.routes(),
        ]

    def post_path(self, post: BlogPost) -> str:
        """The permalink path: /YYYY/MM/DD/slug/ with the local publication date."""
        return f"/{post.published:%Y/%m/%d}/{post.slug}/"

    def expected(self) -> list[ExpectedPost]:
        """Ground truth of today's posts, newest first."""
        return [expected_post(p, self.permalink(p)) for p in self.blog.posts]

    def fault_urls(self) -> dict[str, str]:
        return self.feeds.fault_urls()

    def sitemap_entries(self) -> list[tuple[str, str]]:
        """(URL, lastmod) of every post, for the post sitemap."""
        return [
            (self.permalink(p), (p.modified or p.published).isoformat()) for p in self.blog.posts
        ]

    def shortlink(self, post_id: str) -> Response:
        """Answer /?p=<id> (the feeds' guid) with a 301 to the permalink, as WordPress does."""
        post = next((p for p in self.blog.posts if str(p.id) == post_id), None)
        if post is None:
            return self.site.not_found()
        return Response(status=301, headers=(("Location", self.permalink(post)),))

    # --- pages ---------------------------------------------------------------------------

    def index(self, request: Request, match: re.Match[str]) -> Response:
        return self._archive(list(self.blog.posts), "/blog/", match, "Blog", "blog", "")

    def archive(self, request: Request, match: re.Match[str]) -> Response:
        blog, kind, key = self.blog, match["kind"], match["key"]
        names = blog.categories if kind == "category" else blog.authors
        if key not in names:
            return self.site.not_found()
        field = "category_slug" if kind == "category" else "author_slug"
        posts = [p for p in blog.posts if getattr(p, field) == key]
        heading = f"Catégorie : {names[key]}" if kind == "category" else f"Auteur : {names[key]}"
        body_class = f"archive {kind} {kind}-{key}"
        feed = ""
        if kind == "category":
            href = self.site.url(f"/category/{key}/feed/")
            title = f"{blog.title} &raquo; Flux de la catégorie {esc(names[key])}"
            feed = f'<link rel="alternate" type="{FEED_MIME}" title="{title}" href="{href}" />'
        return self._archive(posts, f"/{kind}/{key}/", match, heading, body_class, feed)

    def post(self, request: Request, match: re.Match[str]) -> Response:
        post = self.find(match)
        if post is None:
            return self.site.not_found()
        url = self.permalink(post)
        main = T(
            "post",
            pid=post.id,
            category_class=f"category-{post.category_slug}",
            meta=self._meta(post, url),
            title=esc(post.title),
            body=self.body(post),
            views=group_digits(Decimal(post.views or 0), group=NBSP, decimal="", decimals=0),
            category_url=self.site.url(f"/category/{post.category_slug}/"),
            category=esc(post.category),
            share=render_each("woocommerce", "share_link", share_rows(url, post.title, _SHARE)),
            post_nav=self._post_nav(post),
            comments=self._comments(post, url),
        )
        return self.page(
            f"{post.title} - {self.site.name}",
            main,
            self.post_path(post),
            body_class=f"post-template-default single single-post postid-{post.id} "
            "single-format-standard",
            description=post.excerpt,
            rel_links=self._post_head(post, url),
            article=self._article_node(post, url),
        )

    # --- helpers ---------------------------------------------------------------------------

    def find(self, match: re.Match[str]) -> BlogPost | None:
        """The post a permalink match names, if published today under that date."""
        post = self.blog.find(match["slug"])
        date_path = f"{match['y']}/{match['m']}/{match['d']}"
        return post if post and f"{post.published:%Y/%m/%d}" == date_path else None

    def _archive(
        self,
        posts: list[BlogPost],
        base: str,
        match: re.Match[str],
        heading: str,
        body_class: str,
        feed_link: str,
    ) -> Response:
        """One page of a post list; 404 past the last page, as WordPress answers."""
        size, page = self.blog.index_page_size, int(match["n"] or 1)
        pages = max(1, -(-len(posts) // size))
        shown = posts[(page - 1) * size : page * size]
        if not shown:
            return self.site.not_found()

        def href(n: int) -> str:
            return self.site.url(base + (f"page/{n}/" if n > 1 else ""))

        links = page_links("wordpress", page, pages, href)
        main = T(
            "archive",
            heading=esc(heading),
            summaries="\n".join(self._summary(p) for p in shown),
            pagination=T("pagination", items=links) if links else "",
        )
        rel = [f'<link rel="prev" href="{href(page - 1)}" />'] if page > 1 else []
        rel += [f'<link rel="next" href="{href(page + 1)}" />'] if page < pages else []
        title = f"{heading} - Page {page} sur {pages}" if page > 1 else heading
        return self.page(
            f"{title} - {self.site.name}",
            main,
            base + (f"page/{page}/" if page > 1 else ""),
            body_class=body_class + (f" paged paged-{page}" if page > 1 else ""),
            rel_links="\n\t".join([*rel, feed_link]),
        )

    def _summary(self, post: BlogPost) -> str:
        url = self.permalink(post)
        return T(
            "summary",
            pid=post.id,
            category_class=f"category-{post.category_slug}",
            meta=self._meta(post, url),
            url=url,
            title=esc(post.title),
            excerpt=esc(post.excerpt.rstrip(".")),
        )

    def _meta(self, post: BlogPost, url: str) -> str:
        count = len(post.comments)
        text = {0: "Laisser un commentaire", 1: "1 commentaire"}.get(count, f"{count} commentaires")
        return T(
            "meta",
            url=url,
            times=_times(post),
            author_url=self.site.url(f"/author/{post.author_slug}/"),
            author=esc(post.author),
            comments_href=url + ("#respond" if count == 0 else "#comments"),
            comments_text=text,
        )

    def body(self, post: BlogPost) -> str:
        """The post's content HTML (paragraphs and the recommended product's link)."""
        rows = [f"\t\t<p>{esc(text)}</p>" for text in post.paragraphs]
        if post.product:
            product = self.site.product_by_key(post.product)
            link = self.site.product_url(product) + "?utm_source=blog&utm_medium=article"
            rows.append(
                T("product_paragraph", product_url=esc(link), product_name=esc(product.name))
            )
        return "\n".join(rows)

    def _post_nav(self, post: BlogPost) -> str:
        posts = list(self.blog.posts)  # newest first: the previous post is the next one here
        at = posts.index(post)
        parts = []
        if at + 1 < len(posts):
            older = posts[at + 1]
            parts.append(T("nav_previous", url=self.permalink(older), title=esc(older.title)))
        if at > 0:
            newer = posts[at - 1]
            parts.append(T("nav_next", url=self.permalink(newer), title=esc(newer.title)))
        return "".join(parts)

    def _comments(self, post: BlogPost, url: str) -> str:
        respond = T("respond", url=url, base=self.site.base_url, pid=post.id)
        if not post.comments:
            return T("comments", heading="", respond=respond)
        count = len(post.comments)
        count_text = "Une réflexion" if count == 1 else f"{count} réflexions"
        items = self._comment_tree(post, url, None, 1)
        heading = T("comments_heading", count_text=count_text, title=esc(post.title), items=items)
        return T("comments", heading=heading, respond=respond)

    def _comment_tree(self, post: BlogPost, url: str, parent: int | None, depth: int) -> str:
        rows = []
        for i, comment in enumerate(c for c in post.comments if c.parent == parent):
            children = self._comment_tree(post, url, comment.id, depth + 1)
            by_author = " bypostauthor" if comment.author == post.author else ""
            parity = "even" if i % 2 == 0 else "odd alt"
            rows.append(
                T(
                    "comment",
                    classes=f"{parity} depth-{depth}{' parent' if children else ''}{by_author}",
                    cid=comment.id,
                    pid=post.id,
                    avatar=hashlib.md5(comment.author.encode(), usedforsecurity=False).hexdigest(),
                    author=esc(comment.author),
                    url=url,
                    iso=comment.published.isoformat(),
                    label=f"{french_date(comment.published)} à {comment.published:%H:%M}",
                    text=esc(comment.text),
                    children=T("children", items=children) if children else "",
                )
            )
        return "\n".join(rows)

    def _post_head(self, post: BlogPost, url: str) -> str:
        modified = ""
        if post.modified:
            stamp = _utc(post.modified)
            modified = f'<meta property="article:modified_time" content="{stamp}" />'
        words = sum(len(p.split()) for p in post.paragraphs)
        return T(
            "post_head",
            published=_utc(post.published),
            modified=modified,
            author=esc(post.author),
            minutes=max(1, round(words / 200)),
            site=esc(self.site.name),
            title=esc(post.title),
            feed=url + "feed/",
        )

    def _article_node(self, post: BlogPost, url: str) -> dict[str, Any]:
        """Yoast's Article piece of the JSON-LD graph (times in UTC, as Yoast writes them)."""
        base = self.site.base_url
        person = hashlib.md5(post.author_slug.encode(), usedforsecurity=False).hexdigest()
        return {
            "@type": "Article",
            "@id": f"{url}#article",
            "isPartOf": {"@id": url},
            "author": {"name": post.author, "@id": f"{base}#/schema/person/{person}"},
            "headline": post.title,
            "datePublished": _utc(post.published),
            "dateModified": _utc(post.modified or post.published),
            "mainEntityOfPage": {"@id": url},
            "wordCount": sum(len(p.split()) for p in post.paragraphs),
            "commentCount": len(post.comments),
            "publisher": {"@id": f"{base}#organization"},
            "articleSection": [post.category],
            "inLanguage": self.blog.language,
        }

    def permalink(self, post: BlogPost) -> str:
        """The post's absolute URL."""
        return self.site.url(self.post_path(post))


_SHARE = ("facebook", "pinterest", "x", "whatsapp")


def _times(post: BlogPost) -> str:
    label = french_date(post.published)
    if post.modified is None:
        return T("time_published", iso=post.published.isoformat(), label=label)
    return T(
        "time_modified",
        iso=post.published.isoformat(),
        label=label,
        modified_iso=post.modified.isoformat(),
        modified_label=french_date(post.modified),
    )


def _utc(moment: datetime) -> str:
    """Yoast's time format: UTC with +00:00."""
    return moment.astimezone(UTC).isoformat()
