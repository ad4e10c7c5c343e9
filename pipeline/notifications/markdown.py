"""Make crawled text safe inside a Markdown message: escaped, one line, and short.

Names, URLs and headlines come from competitors' sites, so a product called
`**FREE** [click](https://evil.example)` must arrive as those characters, not as
formatting or a link, and a 50 kB name must not drown the message.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

NAME_LIMIT = 120
"""Characters kept of a product name or a competitor's name."""
VALUE_LIMIT = 160
"""Characters kept of a changed value (a headline, a USP, a status message)."""
URL_LIMIT = 300
"""URLs longer than this are not linked: a cut URL would lead nowhere."""

_ESCAPE = re.compile(r"([\\`*_\[\]<>|~])")
"""Characters that start inline Markdown (emphasis, code, links, HTML, tables, strikes);
the rest stay bare so plain-text targets read naturally (crawled text never starts a line,
so list and heading markers cannot take effect)."""
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
"""Bidirectional overrides, which can make a line read backwards."""
_URL_SAFE = "/:?#@!$&*+,;=%~-._"
"""What stays unencoded in a linked URL: RFC 3986 minus what could end a Markdown
link target or its label (brackets, parentheses, spaces, angle brackets, quotes, backslash)."""


def one_line(value: object, limit: int = VALUE_LIMIT) -> str:
    """Return `value` as plain text: one line, no control characters, at most `limit` chars."""
    text = "".join(
        " " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
        for c in str(value).translate(_BIDI)
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md_text(value: object, limit: int = VALUE_LIMIT) -> str:
    """Return `value` as literal Markdown text (see `one_line`), every syntax char escaped."""
    return _ESCAPE.sub(r"\\\1", one_line(value, limit))


def md_link(text: object, url: str | None, limit: int = NAME_LIMIT) -> str:
    """Return `[text](url)`, or the escaped text alone when the URL is not a usable web URL."""
    label = md_text(text, limit) if str(text or "").strip() else ""
    target = safe_url(url)
    if target is None:
        return label or "(unnamed)"
    return f"[{label or md_text(target, limit)}]({target})"


def safe_url(url: str | None) -> str | None:
    """Return an http(s) URL fit for a Markdown link target, or None.

    Other schemes (javascript:, data:) are never linked, and characters that would end the
    link target are percent-encoded.
    """
    if not url:
        return None
    text = url.strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    if scheme not in {"http", "https"} or len(text) > URL_LIMIT:
        return None
    return quote(text, safe=_URL_SAFE)
