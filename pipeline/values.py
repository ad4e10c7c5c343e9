"""Value conversions every pipeline stage shares: UTC timestamps and decimal strings.

One place decides how a datetime or a price looks in an export, so dossier, pivot and
exporters can never disagree.
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from crawlers.items.codec import decimal_text


def as_utc(value: datetime) -> datetime:
    """Return `value` in UTC; naive datetimes (as SQLite returns them) are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@functools.lru_cache(maxsize=4096)  # one run stamps thousands of rows with one timestamp
def iso_utc(value: datetime | None) -> str | None:
    """Format as ISO 8601 in UTC with a `Z` suffix (`2024-05-01T12:00:00Z`); None stays None."""
    if value is None:
        return None
    return as_utc(value).isoformat().replace("+00:00", "Z")


def parse_iso(value: str | None) -> datetime | None:
    """Parse an `iso_utc` string back into an aware datetime (None stays None)."""
    if not value:
        return None
    return as_utc(datetime.fromisoformat(value))


def parse_decimal(value: Any) -> Decimal | None:
    """Parse a payload value (string, int, Decimal, stray float) into a finite Decimal or None.

    Garbage, NaN and infinities become None: they cannot be compared or summed, and a NaN
    would report a price change on every run because NaN != NaN.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        # str() first: a stray float becomes its shortest repr (19.9), not 19.899999...
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def decimal_str(value: Decimal | None) -> str | None:
    """Render a Decimal as money text (see `crawlers.items.codec.decimal_text`)."""
    if value is None:
        return None
    return decimal_text(value)


def sort_text(value: str | None) -> str:
    """Return a locale-independent sort key: case and accents folded (`Äxte` sorts as `axte`)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
