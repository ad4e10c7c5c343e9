"""The one input of extraction: a fetched page, independent of Scrapy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode

SNIFF_BYTES = 64 * 1024
"""Enough text to tell encodings apart; sniffing a whole large page costs time for nothing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """A response as extractors see it, so they can be tested from saved files."""

    url: str
    """Final URL after redirects."""
    body: bytes
    """Raw body bytes, undecoded."""
    status: int = 200
    """HTTP status code."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers, names lower-cased, one value each."""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    """When the page was fetched (UTC)."""

    @property
    def text(self) -> str:
        """Body decoded the way browsers do: BOM, then header charset, then meta, then sniffing."""
        return _decode(self.body, self.headers.get("content-type"))

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ('' when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _decode(body: bytes, content_type: str | None) -> str:
    _encoding, text = html_to_unicode(content_type, body, auto_detect_fun=sniff_encoding)
    return text


def sniff_encoding(body: bytes) -> str | None:
    """Guess the encoding of a page that declares none (no BOM, header or meta charset).

    Valid UTF-8 is taken as UTF-8 (by far the most common undeclared encoding); anything
    else goes to charset-normalizer, which tells windows-1251 from latin-1 and friends.
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body[:SNIFF_BYTES]).best()
        return best.encoding if best is not None else None
    return "utf-8"
