"""One feedparser entry to a Post, Video or Mention: the field rules shared by every feed format.

feedparser already maps RSS 2.0, RSS 1.0 (RDF) and Atom onto one vocabulary, including the
extensions read here: slash:comments, thr:total, wfw:commentRss, dc:creator, media:statistics
and media:starRating. What is left is choosing among alternatives (a FeedBurner original link
over the tracking link, published over updated) and normalising values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawlers.extractors.content_dates import from_struct, parse_date
from crawlers.extractors.content_text import clip, language_tag, plain_text, word_count
from crawlers.extractors.urls import canonicalise
from crawlers.items import FeedKind, Mention, Post, PostSource, Video

SUMMARY_CHARS = 300
"""Mention summaries are capped: they are for a reader's glance, not an archive."""
_FEED_TYPES = ("application/atom+xml", "application/rss+xml", "application/xml", "text/xml")
_REDIRECT_PARAMS = ("url", "q", "u")
_FEED_MARKERS = ("rss", "feed", "atom")

Entry = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What the feed as a whole says, which its entries inherit."""

    url: str
    """Where the feed was fetched."""
    title: str | None
    """The feed's title (a channel or publication name)."""
    language: str | None
    """The feed's declared language."""


def to_item(entry: Entry, feed: FeedInfo, kind: FeedKind) -> Post | Video | Mention | None:
    """The item `entry` stands for in a feed of `kind`; None without a usable URL."""
    url = entry_url(entry, feed.url)
    if url is None:
        return None
    if kind is FeedKind.VIDEOS:
        return to_video(entry, feed, url)
    if kind is FeedKind.MENTIONS:
        return to_mention(entry, feed, url)
    return to_post(entry, feed, url)


def to_post(entry: Entry, feed: FeedInfo, url: str) -> Post:
    """A post as its feed entry describes it."""
    language = language_tag(_entry_language(entry) or feed.language)
    published, modified = _dates(entry, language)
    content = _full_content(entry)
    return Post(
        url=url,
        title=_title(entry),
        published=published,
        modified=modified,
        authors=_authors(entry),
        language=language,
        word_count=word_count(plain_text(content)) if content else None,
        comments=_first_integer(entry.get("slash_comments"), entry.get("thr_total")),
        source=PostSource.FEED,
        feed_url=feed.url,
        comments_feed=_comments_feed(entry, feed.url),
    )


def to_video(entry: Entry, feed: FeedInfo, url: str) -> Video:
    """A video with the statistics of its media:community block."""
    rating = entry.get("media_starrating") or {}
    count = _integer(rating.get("count"))
    average = _decimal(rating.get("average"))
    authors = _authors(entry)
    return Video(
        url=url,
        title=_title(entry),
        published=_dates(entry, feed.language)[0],
        views=_integer((entry.get("media_statistics") or {}).get("views")),
        rating=average if count and average else None,
        rating_count=count,
        channel=feed.title or (authors[0] if authors else None),
    )


def to_mention(entry: Entry, feed: FeedInfo, url: str) -> Mention:
    """A news or search hit: headline, publisher, date and a short summary."""
    source = _source_name(entry) or _foreign_host(url, feed.url) or feed.title
    title = _without_source(_title(entry), source)
    summary = _own_summary(plain_text(entry.get("summary")), title, source)
    return Mention(
        url=url,
        title=title,
        published=_dates(entry, feed.language)[0],
        source=source,
        summary=clip(summary, SUMMARY_CHARS) if summary else None,
    )


def entry_url(entry: Entry, base: str) -> str | None:
    """The entry's canonical page URL: FeedBurner's original link, else its link or guid."""
    raw = entry.get("feedburner_origlink") or entry.get("link")
    if not raw and entry.get("guidislink"):
        raw = entry.get("id")
    if not raw or not isinstance(raw, str):
        return None
    try:
        absolute = urljoin(base, raw.strip())
    except ValueError:
        return None
    return canonicalise(_without_feed_tracking(unwrap_redirect(absolute)))


def _without_feed_tracking(url: str) -> str:
    """Drop parameters that only say the click came from the feed (Medium's ?source=rss-...)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not v.lower().startswith(_FEED_MARKERS)]
    return url if kept == query else urlunsplit(parts._replace(query=urlencode(kept)))


def unwrap_redirect(url: str) -> str:
    """The target of a search engine's click redirect (google.com/url?url=...), else `url`."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.path not in ("/url", "/link") or not host.startswith(("google.", "bing.")):
        return url
    params = dict(parse_qsl(parts.query))
    target = next((params[p] for p in _REDIRECT_PARAMS if p in params), "")
    return target if target.startswith(("http://", "https://")) else url


def _dates(entry: Entry, language: str | None) -> tuple[datetime | None, datetime | None]:
    """(published, modified); an entry stating only an update date is taken as published then.

    Atom requires <updated> and makes <published> optional; most blogs never revise a post,
    so the update date is the best estimate of publication there is.
    """
    published = _date(entry, "published", language) or _date(entry, "created", language)
    updated = _date(entry, "updated", language)
    if published is None:
        return updated, None
    return published, updated if updated is not None and updated > published else None


def _date(entry: Entry, name: str, language: str | None) -> datetime | None:
    # dict.get: feedparser's own get() maps a missing 'updated' to 'published' with a warning.
    parsed = dict.get(entry, f"{name}_parsed")
    return from_struct(parsed) or parse_date(dict.get(entry, name), language)


def _title(entry: Entry) -> str | None:
    return plain_text(entry.get("title")) or None


def _authors(entry: Entry) -> tuple[str, ...]:
    names = [a.get("name") for a in entry.get("authors") or () if isinstance(a, dict)]
    names = names or [entry.get("author")]
    cleaned = (plain_text(n) for n in names if isinstance(n, str))
    return tuple(dict.fromkeys(n for n in cleaned if n and "@" not in n))


def _entry_language(entry: Entry) -> str | None:
    for detail in (entry.get("title_detail"), *(entry.get("content") or ())):
        if isinstance(detail, dict) and detail.get("language"):
            return str(detail["language"])
    return None


def _full_content(entry: Entry) -> str | None:
    """The entry's full text (content:encoded, Atom content), not its summary."""
    values = [c.get("value") or "" for c in entry.get("content") or () if isinstance(c, dict)]
    return max(values, key=len) if any(values) else None


def _comments_feed(entry: Entry, base: str) -> str | None:
    raw = entry.get("wfw_commentrss")
    if not raw:
        raw = next(
            (
                link.get("href")
                for link in entry.get("links") or ()
                if link.get("rel") == "replies" and link.get("type") in _FEED_TYPES
            ),
            None,
        )
    return canonicalise(urljoin(base, raw.strip())) if isinstance(raw, str) and raw else None


def _source_name(entry: Entry) -> str | None:
    source = entry.get("source")
    title = source.get("title") if isinstance(source, dict) else None
    return (plain_text(title) or None) if isinstance(title, str) else None


def _foreign_host(url: str, feed_url: str) -> str | None:
    """The article's site when an aggregator's or alert service's feed links elsewhere."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    own = (urlsplit(feed_url).hostname or "").removeprefix("www.")
    return host if host and own and host != own and not host.endswith("." + own) else None


def _without_source(title: str | None, source: str | None) -> str | None:
    """News aggregators append the publisher: 'Acme raises prices - Daily News'."""
    if not title or not source:
        return title
    for separator in (" - ", " – ", " — ", " | "):
        suffix = f"{separator}{source}"
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


def _own_summary(summary: str, title: str | None, source: str | None) -> str | None:
    """The summary without a repeat of the title and source (news aggregators' descriptions)."""
    if title and summary.startswith(title):
        summary = summary[len(title) :].strip()
    if source and summary.endswith(source):
        summary = summary[: -len(source)].strip()
    return summary if len(summary) > 2 else None


def _first_integer(*values: object) -> int | None:
    return next((n for v in values if (n := _integer(v)) is not None), None)


def _integer(value: object) -> int | None:
    text = str(value).strip().replace(",", "").replace(" ", "") if value is not None else ""
    return int(text) if text.isdigit() else None


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value).strip()) if value is not None else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None
