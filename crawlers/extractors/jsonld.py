"""JSON-LD script bodies to Python objects, forgiving the ways real shops break JSON.

extruct gives up on a whole page when one script is invalid; here each script is parsed on its
own and repaired when needed: HTML/CDATA wrappers, JS comments, trailing commas, raw newlines
in strings, invalid escapes, HTML-escaped bodies and several objects written back to back.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|"
    r"(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/|\]\]>)\s*$"
)
_BAD_ESCAPE = re.compile(r"\\(?![\"\\/bfnrtu])")
_SEPARATORS = " \t\r\n,;"
_MAX_SCRIPT = 2_000_000
_DECODER = json.JSONDecoder(strict=False)


def parse_jsonld(script: str) -> list[Any]:
    """Return the top-level values of one ld+json script body; [] when unreadable."""
    text = script.strip() if script else ""
    if text[:1] in ("<", "/") or text[-1:] in (">", "/"):  # a wrapper may be there: drop it
        text = _WRAPPERS.sub("", text)
    if not text or len(text) > _MAX_SCRIPT:
        return []
    best: list[Any] = []
    for candidate in _attempts(text):
        values, complete = _decode_all(candidate)
        if complete and values:
            return values
        best = values if len(values) > len(best) else best
    return best


def _attempts(text: str) -> Iterator[str]:
    yield text
    repaired = _repair(text)
    yield repaired
    yield _BAD_ESCAPE.sub("", repaired)
    if "&quot;" in text or "&#" in text:
        yield _repair(html.unescape(text))


def _decode_all(text: str) -> tuple[list[Any], bool]:
    """Decode the (possibly concatenated) JSON values in `text`; say if all of it was read."""
    values: list[Any] = []
    index = 0
    while True:
        while index < len(text) and text[index] in _SEPARATORS:
            index += 1
        if index >= len(text):
            return values, True
        try:
            value, index = _DECODER.raw_decode(text, index)
        except (ValueError, RecursionError):
            return values, False
        values.append(value)


def _repair(text: str) -> str:
    """Drop JS comments and trailing commas outside strings; escape raw newlines inside them."""
    out: list[str] = []
    i, n, in_string = 0, len(text), False
    while i < n:
        ch = text[i]
        if in_string:
            i = _string_char(text, i, out)
            in_string = not (ch == '"' and not _escaped(text, i - 1))
            continue
        if ch == '"':
            in_string = True
        elif text.startswith("//", i) or text.startswith("/*", i):
            i = _skip_comment(text, i)
            continue
        elif ch == "," and _closes_next(text, i + 1):
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _string_char(text: str, i: int, out: list[str]) -> int:
    ch = text[i]
    out.append("\\n" if ch == "\n" else "" if ch == "\r" else ch)
    return i + 1


def _escaped(text: str, i: int) -> bool:
    """Tell whether the character at `i` follows an odd number of backslashes."""
    count = 0
    i -= 1
    while i >= 0 and text[i] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1


def _skip_comment(text: str, i: int) -> int:
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    end = text.find("*/", i + 2)
    return len(text) if end < 0 else end + 2


def _closes_next(text: str, i: int) -> bool:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i < len(text) and text[i] in "}]"
