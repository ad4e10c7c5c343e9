"""A page that could not be turned into items, kept so failures are never silent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class PageFailure:
    """A fetch or parse failure for one URL."""

    url: str
    """The URL that failed."""
    kind: str
    """PageKind value the page was expected to be."""
    status: str
    """Fetch status: http_error, unreachable or parse_error."""
    reason: str
    """Human-readable reason (HTTP code, exception, 'no product data found')."""
    http_status: int | None = None
    """HTTP status code when there was a response."""
