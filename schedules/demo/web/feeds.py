"""Blog feeds written the way the platforms write them: WordPress RSS 2.0 and Shopify Atom.

The markup (namespaces, whitespace, CDATA, date formats) follows WordPress 6 feed-rss2.php
and feed-rss2-comments.php, and the Rails atom_feed builder behind Shopify's /blogs/<handle>.atom,
so a crawler meets the same quirks as on real shops: RFC 822 dates in +0000, comment counts
only in WordPress (slash:comments), dates with local offsets only in Shopify.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from schedules.demo.web.text import esc

WORDPRESS_VERSION = "6.5.3"
_WP_NAMESPACES = """\
<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>
"""
_WP_COMMENT_NAMESPACES = """\
<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\t\t>
"""
_WP_SYNDICATION = (
    "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
    "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
    f"\t<generator>https://wordpress.org/?v={WORDPRESS_VERSION}</generator>\n"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedHead:
    """What a feed says about itself."""

    title: str
    """Channel / feed title."""
    home: str
    """The page the feed belongs to (RSS <link>, Atom rel=alternate)."""
    self_url: str
    """The feed's own URL (atom:link rel=self)."""
    description: str
    """Channel description (RSS only)."""
    language: str
    """BCP 47 tag (RSS <language>, Atom xml:lang)."""
    updated: datetime
    """Last build / update time."""
    author: str = ""
    """Feed-level author (Atom): the shop's name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One item or entry."""

    title: str
    """Plain-text title."""
    url: str
    """Link to the page."""
    guid: str
    """RSS guid / Atom id."""
    published: datetime | None
    """Publication time; None leaves the date out (a broken feed)."""
    updated: datetime | None = None
    """Last update (Atom only)."""
    author: str
    """Author's display name."""
    categories: tuple[str, ...] = ()
    """Category names (RSS only)."""
    summary: str = ""
    """Plain-text excerpt."""
    content: str = ""
    """Full HTML content."""
    comments: int | None = None
    """Comment count (WordPress slash:comments); None leaves comment elements out."""
    comments_feed: str | None = None
    """The entry's own comments feed (wfw:commentRss)."""


def rfc822(moment: datetime, *, gmt: bool = False) -> str:
    """RSS date in UTC: 'Fri, 28 Feb 2025 15:45:00 +0000' (or '... GMT')."""
    return format_datetime(moment.astimezone(UTC), usegmt=gmt)


def cdata(text: str) -> str:
    """Wrap text in CDATA, splitting any ']]>' it contains."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wordpress_rss(head: FeedHead, entries: Iterable[FeedEntry]) -> str:
    """A WordPress posts feed (/feed/, /category/<slug>/feed/)."""
    items = "".join(_wordpress_item(entry) for entry in entries)
    return (
        f"{_WP_NAMESPACES}\n<channel>\n"
        f"\t<title>{esc(head.title)}</title>\n"
        f'\t<atom:link href="{esc(head.self_url)}" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{esc(head.home)}</link>\n"
        f"\t<description>{esc(head.description)}</description>\n"
        f"\t<lastBuildDate>{rfc822(head.updated)}</lastBuildDate>\n"
        f"\t<language>{head.language}</language>\n"
        f"{_WP_SYNDICATION}{items}\t</channel>\n</rss>\n"
    )


def _wordpress_item(entry: FeedEntry) -> str:
    date = f"\t\t<pubDate>{rfc822(entry.published)}</pubDate>\n" if entry.published else ""
    categories = "".join(f"\t\t\t\t<category>{cdata(c)}</category>\n" for c in entry.categories)
    comments = ""
    if entry.comments is not None:
        comments = (
            f"\t\t\t\t\t<wfw:commentRss>{esc(entry.comments_feed or '')}</wfw:commentRss>\n"
            f"\t\t\t<slash:comments>{entry.comments}</slash:comments>\n"
        )
    return (
        "\t<item>\n"
        f"\t\t<title>{esc(entry.title)}</title>\n"
        f"\t\t<link>{esc(entry.url)}</link>\n"
        f"\t\t\t\t\t<comments>{esc(entry.url)}#comments</comments>\n\t\t\n"
        f"\t\t<dc:creator>{cdata(entry.author)}</dc:creator>\n"
        f"{date}{categories}"
        f'\t\t<guid isPermaLink="false">{esc(entry.guid)}</guid>\n\n'
        f"\t\t\t\t\t<description>{cdata(entry.summary + ' [&#8230;]')}</description>\n"
        f"\t\t\t\t\t\t\t\t\t\t<content:encoded>{cdata(entry.content)}</content:encoded>\n"
        f"\t\t\t\t\t\n{comments}\t\t</item>\n"
    )


def wordpress_comments_rss(head: FeedHead, entries: Iterable[FeedEntry]) -> str:
    """A WordPress comments feed (/comments/feed/, /<post>/feed/)."""
    items = "".join(_comment_item(entry) for entry in entries)
    return (
        f"{_WP_COMMENT_NAMESPACES}\n<channel>\n"
        f"\t<title>\n\t{esc(head.title)}\t</title>\n"
        f'\t<atom:link href="{esc(head.self_url)}" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{esc(head.home)}</link>\n"
        f"\t<description>{esc(head.description)}</description>\n"
        f"\t<lastBuildDate>{rfc822(head.updated)}</lastBuildDate>\n"
        f"{_WP_SYNDICATION}{items}</channel>\n</rss>\n"
    )


def _comment_item(entry: FeedEntry) -> str:
    date = f"\t\t<pubDate>{rfc822(entry.published)}</pubDate>\n" if entry.published else ""
    return (
        "\t<item>\n"
        f"\t\t<title>\n\t\t{esc(entry.title)}\t\t</title>\n"
        f"\t\t<link>{esc(entry.url)}</link>\n\n"
        f"\t\t<dc:creator>{cdata(entry.author)}</dc:creator>\n"
        f"{date}"
        f'\t\t<guid isPermaLink="false">{esc(entry.guid)}</guid>\n\n'
        f"\t\t\t\t\t<description>{cdata(entry.summary)}</description>\n"
        f"\t\t<content:encoded>{cdata(entry.content)}\n</content:encoded>\n"
        "\t\t</item>\n"
    )


def shopify_atom(head: FeedHead, entries: Iterable[FeedEntry]) -> str:
    """A Shopify blog feed (/blogs/<handle>.atom): no comment counts, local offsets."""
    rows = "".join(_atom_entry(entry) for entry in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xml:lang="{head.language}" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{esc(head.home)}</id>\n"
        f'  <link rel="alternate" type="text/html" href="{esc(head.home)}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="{esc(head.self_url)}"/>\n'
        f"  <title>{esc(head.title)}</title>\n"
        f"  <updated>{head.updated.isoformat()}</updated>\n"
        f"  <author>\n    <name>{esc(head.author)}</name>\n  </author>\n"
        f"{rows}</feed>\n"
    )


def _atom_entry(entry: FeedEntry) -> str:
    dates = ""
    if entry.published:
        dates += f"    <published>{entry.published.isoformat()}</published>\n"
    if entry.updated:
        dates += f"    <updated>{entry.updated.isoformat()}</updated>\n"
    return (
        "  <entry>\n"
        f"    <id>{esc(entry.guid)}</id>\n"
        f"{dates}"
        f'    <link rel="alternate" type="text/html" href="{esc(entry.url)}"/>\n'
        f"    <title>{esc(entry.title)}</title>\n"
        f"    <author>\n      <name>{esc(entry.author)}</name>\n    </author>\n"
        f'    <content type="html">{esc(entry.content)}</content>\n'
        f'    <summary type="html">{esc(entry.summary)}</summary>\n'
        "  </entry>\n"
    )
