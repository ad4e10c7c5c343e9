"""The demo shops' blogs on a given day: posts, their comments and view counts.

Built from content.json on the demo clock (see content.py). The platform modules render
these objects as pages and feeds, and the ground truth is derived from the same objects,
so what is served and what tests expect cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

from schedules.demo.web.content import (
    as_of,
    content_data,
    demo_morning,
    first_day,
    first_day_above,
    growing,
    local_time,
    offset,
)

if TYPE_CHECKING:
    from schedules.demo.web.site import Site

REPLY_EVERY = 3
"""On threaded blogs every third comment is the post author's reply to the one before."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """One published comment."""

    id: int
    """The platform's comment id (anchors #comment-<id>)."""
    author: str
    """Display name of the commenter."""
    published: datetime
    """When it was posted, in the blog's zone."""
    text: str
    """Plain text."""
    parent: int | None
    """The id of the comment it answers (threaded blogs), else None."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BlogPost:
    """One post as it stands on one demo day."""

    id: int
    """The platform's post id (WordPress ?p=<id>, Shopify article id)."""
    index: int
    """Position in the blog's chronological list (0 = oldest); varies the generated text."""
    slug: str
    """URL slug."""
    title: str
    """Headline."""
    author: str
    """Author's display name."""
    author_slug: str
    """Author key (WordPress /author/<slug>/)."""
    category: str | None
    """Category display name (WordPress), None where the platform has none."""
    category_slug: str | None
    """Category slug."""
    published: datetime
    """Publication time in the blog's zone."""
    modified: datetime | None
    """Last edit, when the post was edited after publication."""
    comments: tuple[Comment, ...]
    """Published comments, oldest first, replies included."""
    views: int | None
    """View count the page shows, None where the blog shows none."""
    product: str | None
    """Master key of the product the post recommends, if any."""
    paragraphs: tuple[str, ...]
    """Body text, one string per paragraph."""
    day: int
    """The demo day the post first appears."""

    @property
    def excerpt(self) -> str:
        """The first paragraph: what indexes and feed descriptions show."""
        return self.paragraphs[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Blog:
    """A shop's blog on one demo day."""

    key: str
    """The shop's key in catalog.json."""
    title: str
    """Blog title."""
    description: str
    """Tagline."""
    language: str
    """BCP 47 tag of the posts."""
    tz: timezone
    """The blog's UTC offset; every local time shown uses it."""
    day: int
    """The demo day."""
    posts: tuple[BlogPost, ...]
    """Published posts, newest first."""
    authors: dict[str, str]
    """Author slug → display name."""
    categories: dict[str, str]
    """Category slug → display name."""
    index_page_size: int
    """Posts per blog index page."""
    feed_page_size: int
    """Entries per feed page."""

    @property
    def updated(self) -> datetime:
        """The latest publication or edit: the feed's lastBuildDate / updated."""
        return max(max(p.published, p.modified or p.published) for p in self.posts)

    def find(self, slug: str) -> BlogPost | None:
        """The post with this slug, if published on this day."""
        return next((p for p in self.posts if p.slug == slug), None)


def blog_for(site_key: str, day: int) -> Blog | None:
    """The shop's blog on `day`, or None for shops without one."""
    raw = content_data()["blogs"].get(site_key)
    return None if raw is None else _blog(site_key, day)


def served_blog(site: Site) -> Blog:
    """The blog a blog-owning shop serves today; LookupError for a shop without one."""
    blog = blog_for(site.spec.key, site.state.day)
    if blog is None:
        raise LookupError(f"{site.name} has no blog in content.json")
    return blog


@cache
def _blog(site_key: str, day: int) -> Blog:
    raw = content_data()["blogs"][site_key]
    tz = offset(raw["utc_offset"])
    posts = [_post(raw, i, row, tz, day) for i, row in enumerate(raw["posts"])]
    shown = sorted((p for p in posts if p.day <= day), key=lambda p: p.published, reverse=True)
    return Blog(
        key=site_key,
        title=raw["title"],
        description=raw["description"],
        language=raw["language"],
        tz=tz,
        day=day,
        posts=tuple(shown),
        authors=raw["authors"],
        categories=raw["categories"],
        index_page_size=raw["index_page_size"],
        feed_page_size=raw["feed_page_size"],
    )


def _post(raw: dict[str, Any], index: int, row: dict[str, Any], tz: timezone, day: int) -> BlogPost:
    published = local_time(row["published"], tz)
    modified = as_of(row.get("modified", {}), day, None)
    category = row.get("category")
    post = BlogPost(
        id=raw["first_id"] + 3 * index,
        index=index,
        slug=row["slug"],
        title=row["title"],
        author=raw["authors"][row["author"]],
        author_slug=row["author"],
        category=raw["categories"][category] if category else None,
        category_slug=category,
        published=published,
        modified=local_time(modified, tz) if modified else None,
        comments=(),
        views=growing(row["views"], first_day(published), day) if "views" in row else None,
        product=row.get("product"),
        paragraphs=_paragraphs(raw["paragraphs"], index),
        day=first_day(published),
    )
    return _with_comments(post, raw, row["comments"], day, tz)


def _paragraphs(pool: list[str], index: int) -> tuple[str, ...]:
    count = 2 + index % 3
    return tuple(pool[(index * 2 + k) % len(pool)] for k in range(count))


def _with_comments(
    post: BlogPost, raw: dict[str, Any], counts: dict[str, int], day: int, tz: timezone
) -> BlogPost:
    """Generate the post's comments: the count of the day, the first ones spread over the
    hours after publication, later ones dated the morning of the day they appeared.
    """
    total, start = as_of(counts, day, 0), as_of(counts, post.day, 0)
    bound = demo_morning(0, tz) if post.day == 0 else post.published + timedelta(hours=8)
    span = min(bound - post.published, timedelta(days=6))
    threaded = bool(raw["reply_texts"])
    comments = []
    for i in range(total):
        appeared = max(post.day, first_day_above(counts, i))
        if appeared > post.day:
            when = demo_morning(appeared, tz) + timedelta(minutes=7 * i)
        else:
            when = post.published + span * (i + 1) / (start + 1)
        comments.append(_comment(post, raw, i, when.replace(microsecond=0), threaded=threaded))
    return replace(post, comments=tuple(comments))


def _comment(
    post: BlogPost, raw: dict[str, Any], i: int, when: datetime, *, threaded: bool
) -> Comment:
    cid = post.id * 100 + i + 1
    if threaded and i % REPLY_EVERY == REPLY_EVERY - 1:
        texts = raw["reply_texts"]
        return Comment(
            id=cid, author=post.author, published=when, text=texts[i % len(texts)], parent=cid - 1
        )
    names, texts = raw["commenters"], raw["comment_texts"]
    return Comment(
        id=cid,
        author=names[(post.index * 5 + i * 3) % len(names)],
        published=when,
        text=texts[(post.index + i) % len(texts)],
        parent=None,
    )
