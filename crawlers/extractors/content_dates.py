"""Dates of posts, videos and mentions as UTC-aware datetimes, whatever form the source used.

Machine formats (ISO 8601, RFC 822) are read exactly and cheaply. Localised dates ('Вт, 05 мар
2024', '5. März 2024') go to dateparser, limited to the language the source declares, else to
the languages of the date's script: given every locale it knows, dateparser takes seconds per
unreadable string.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_DATEPARSER_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TO_TIMEZONE": "UTC",
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    # Relative dates ('2 days ago') depend on the fetch time; not worth the ambiguity.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_LANGUAGE = re.compile(r"^[a-z]{2,3}")
_MAX_TEXT = 80
_NUMERIC = re.compile(
    r"^(\d{4}|\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{1,2})\.?"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CYRILLIC_LANGUAGES = ["ru", "uk", "bg", "sr", "be", "kk"]
LATIN_LANGUAGES = [
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "sv",
    "da",
    "nb",
    "fi",
    "cs",
    "tr",
    "en",
]
"""Tried in order for an undeclared language; English last, so '05.03.2024' is 5 March."""


def from_struct(value: time.struct_time | tuple[int, ...] | None) -> datetime | None:
    """A feedparser `*_parsed` tuple (always UTC) as an aware datetime."""
    if not value:
        return None
    try:
        return _plausible(datetime(*value[:6], tzinfo=UTC))
    except (TypeError, ValueError, OverflowError):
        return None


def parse_date(text: str | None, language: str | None = None) -> datetime | None:
    """`text` as a UTC datetime: ISO 8601 and RFC 822 first, then `language`'s own words.

    A date without a time is midnight UTC; a time without a zone is taken as UTC.
    """
    text = (text or "").strip()
    if not text or len(text) > _MAX_TEXT:
        return None
    found = _iso(text) or _rfc822(text) or _numeric(text, language)
    if found is None and any(c.isalpha() for c in text):  # month names: dateparser's job
        found = _localised(text, _languages(text, language), language)
    return _plausible(found) if found is not None else None


def as_utc(value: datetime | date) -> datetime:
    """Aware UTC datetime of `value` to the second (naive values are taken as UTC, dates as
    midnight); feeds state seconds, so pages' milliseconds would only make merges disagree.
    """
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    value = value.replace(microsecond=0)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _iso(text: str) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    try:
        return as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def _numeric(text: str, language: str | None) -> datetime | None:
    """'05.03.2024', '3/5/2024 14:30', '2024/03/05': day or month first by `language`."""
    match = _NUMERIC.match(text)
    if match is None:
        return None
    first, second, third, hour, minute, second_ = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    elif date_order(language) == "MDY":
        year, month, day = int(third), int(first), int(second)
    else:
        year, month, day = int(third), int(second), int(first)
    try:
        return datetime(
            year, month, day, int(hour or 0), int(minute or 0), int(second_ or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def _languages(text: str, language: str | None) -> list[str]:
    """The declared language (and English, for machine-written dates), else the script's."""
    match = _LANGUAGE.match((language or "").strip().lower())
    if match is not None:
        return list(dict.fromkeys([match.group(0), "en"]))
    if _CYRILLIC.search(text):
        return CYRILLIC_LANGUAGES
    return LATIN_LANGUAGES


def date_order(language: str | None) -> str:
    """How numeric dates are written: month first in US English (and English with no region
    stated), day first nearly everywhere else ('05.03.2024' is 5 March).
    """
    parts = (language or "").strip().lower().replace("_", "-").split("-")
    if parts[0] == "en" and (len(parts) == 1 or parts[1] in _MONTH_FIRST_REGIONS):
        return "MDY"
    return "DMY"


def _localised(text: str, languages: list[str], language: str | None) -> datetime | None:
    import dateparser

    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": date_order(language)}
    try:
        found = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, TypeError, OverflowError):  # unknown language, absurd numbers
        return None
    return as_utc(found) if found is not None else None


def _plausible(value: datetime) -> datetime | None:
    """Drop placeholder dates (0001-01-01, 1970 epochs, far futures)."""
    return value if _EARLIEST <= value < _LATEST else None
