"""What a crawl learns about a site besides its items: how to fetch it, how it looked.

Spiders emit these next to observations; the storage pipeline keeps them, so the next
run starts from what this one found out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchLearned:
    """How one kind of a competitor's pages is best fetched (or that it must be re-checked)."""

    competitor_id: int
    page_kind: str
    """'homepage', 'listing' or 'product'."""
    fetcher: str
    """'http', 'browser' or 'api' (a JSON data API at `endpoint`)."""
    reason: str
    """Why, in words, for the analyst and the log."""
    endpoint: str | None = None
    url_template: str | None = None
    """For a data API whose records carry only a slug or id: how product URLs are built."""
    forget: bool = False
    """The stored decision no longer holds: decide again next run."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenshotTaken:
    """A full-page PNG of a competitor's homepage in this run."""

    competitor_id: int
    competitor_name: str
    url: str
    taken_at: datetime
    png: bytes
    width: int
    height: int
