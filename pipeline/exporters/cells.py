"""Table columns shared by the CSV and XLSX exporters, and formula-injection defusing.

Crawled text is hostile until proven otherwise: a product called `=HYPERLINK("http://evil")`
or `+cmd|' /C calc'!A0` would run as a formula when a spreadsheet opens the file. Every
text cell therefore goes through `neutralise`, which prefixes such values with `'` (the
OWASP "CSV injection" advice); numeric and date columns are written as typed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Formula starters, including the full-width forms some spreadsheet locales honour."""


def neutralise(text: str) -> str:
    """`text` made inert in a spreadsheet: prefixed with `'` when it could start a formula.

    Leading spaces do not hide a trigger (` =1+1` is defused too). The price of safety is
    that a product named `-20% sale` shows as `'-20% sale`.
    """
    if text.lstrip(" ").startswith(_TRIGGERS):
        return "'" + text
    return text


class CellKind(StrEnum):
    """How a column's values are typed in a spreadsheet."""

    TEXT = "text"
    DECIMAL = "decimal"
    INTEGER = "integer"
    SHARE = "share"
    SCORE = "score"
    """A number with decimals that is not money (popularity, growth)."""
    DATETIME = "datetime"
    DATE = "date"
    FILE = "file"
    """A local file path: a hyperlink to the file in XLSX when relative, text otherwise."""


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column."""

    key: str
    """Row key; also the CSV header (machine-friendly snake_case)."""
    header: str
    """Human header for spreadsheets."""
    kind: CellKind = CellKind.TEXT
    """Value type, which decides neutralising and the XLSX cell type."""
    width: int = 14
    """XLSX column width in characters."""


COMPETITOR = Column("competitor", "Competitor", width=24)

PRODUCT_COLUMNS = (
    Column("url", "URL", width=50),
    Column("name", "Name", width=40),
    Column("sku", "SKU", width=16),
    Column("price", "Price", CellKind.DECIMAL, 12),
    Column("regular_price", "Regular price", CellKind.DECIMAL, 14),
    Column("currency", "Currency", width=10),
    Column("availability", "Availability", width=16),
    Column("status", "Status", width=10),
    Column("first_seen", "First seen (UTC)", CellKind.DATETIME, 19),
    Column("last_seen", "Last seen (UTC)", CellKind.DATETIME, 19),
)

CHANGE_COLUMNS = (  # ordered so it shares column widths with PRODUCT_COLUMNS on one sheet
    Column("url", "URL", width=50),
    Column("kind", "Change", width=22),
    Column("field", "Field", width=16),
    Column("old", "Old", width=30),
    Column("new", "New", width=30),
    Column("detected_at", "Detected (UTC)", CellKind.DATETIME, 19),
    Column("sku", "SKU", width=16),
    Column("entity", "Entity", width=12),
)

SCREENSHOT_COLUMNS = (
    Column("taken_at", "Taken (UTC)", CellKind.DATETIME, 19),
    Column("path", "Screenshot", CellKind.FILE, 50),
)

_RANKED = (  # the head of the post and video tables
    Column("rank", "Rank", CellKind.INTEGER, 6),
    Column("title", "Title", width=50),
    Column("url", "URL", width=50),
    Column("published", "Published (UTC)", CellKind.DATETIME, 19),
)
_SCORES = (
    Column("popularity", "Popularity", CellKind.SCORE, 11),
    Column("growth", "Growth/day", CellKind.SCORE, 11),
)
VIEWS = Column("views", "Views", CellKind.INTEGER, 10)

POST_COLUMNS = (
    *_RANKED,
    Column("modified", "Modified (UTC)", CellKind.DATETIME, 19),
    Column("authors", "Authors", width=24),
    Column("comments", "Comments", CellKind.INTEGER, 10),
    VIEWS,
    Column("shares", "Shares", CellKind.INTEGER, 10),
    Column("likes", "Likes", CellKind.INTEGER, 10),
    Column("word_count", "Words", CellKind.INTEGER, 8),
    Column("language", "Language", width=9),
    *_SCORES,
    Column("first_seen", "First seen (UTC)", CellKind.DATETIME, 19),
)

VIDEO_COLUMNS = (
    *_RANKED,
    VIEWS,
    Column("rating", "Rating", CellKind.DECIMAL, 8),
    Column("rating_count", "Ratings", CellKind.INTEGER, 9),
    Column("channel", "Channel", width=24),
    *_SCORES,
)

MENTION_COLUMNS = (
    Column("published", "Published (UTC)", CellKind.DATETIME, 19),
    Column("source", "Source", width=24),
    Column("title", "Title", width=50),
    Column("url", "URL", width=50),
    Column("summary", "Summary", width=60),
    Column("first_seen", "First seen (UTC)", CellKind.DATETIME, 19),
)

SOCIAL_COLUMNS = (
    Column("network", "Network", width=14),
    Column("url", "Profile", width=50),
)

PIVOT_COLUMNS = (
    Column("competitor", "Competitor", width=24),
    Column("kind", "Kind", width=10),
    Column("products_active", "Active products", CellKind.INTEGER, 15),
    Column("products_added_7d", "Added (7d)", CellKind.INTEGER, 11),
    Column("products_removed_7d", "Removed (7d)", CellKind.INTEGER, 13),
    Column("price_changes_7d", "Price changes (7d)", CellKind.INTEGER, 18),
    Column("price_min", "Min price", CellKind.DECIMAL, 12),
    Column("price_median", "Median price", CellKind.DECIMAL, 13),
    Column("price_max", "Max price", CellKind.DECIMAL, 12),
    Column("currency", "Currency", width=10),
    Column("in_stock_share", "In stock", CellKind.SHARE, 10),
    Column("last_crawl_status", "Last crawl", width=11),
    Column("last_crawled_at", "Last crawled (UTC)", CellKind.DATETIME, 19),
    Column("posts_30d", "Posts (30d)", CellKind.INTEGER, 11),
    Column("top_post", "Top post", width=40),
    Column("comments_30d", "Comments (30d)", CellKind.INTEGER, 14),
    Column("videos_30d", "Videos (30d)", CellKind.INTEGER, 12),
    Column("mentions_30d", "Mentions (30d)", CellKind.INTEGER, 14),
)


def csv_value(column: Column, value: Any) -> str:
    """Render a CSV field: empty for None, text neutralised, anything else as its string."""
    if value is None:
        return ""
    if column.kind in (CellKind.TEXT, CellKind.FILE):
        return neutralise(str(value))
    return str(value)
