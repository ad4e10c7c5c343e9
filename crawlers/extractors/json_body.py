"""JSON response bodies as served: any Unicode encoding, a declared charset, anti-XSSI prefixes.

Prices must never pass through a float, so numbers with a fraction parse as Decimal and
NaN/Infinity as None.
"""

from __future__ import annotations

import codecs
import json
import re
from decimal import Decimal

from crawlers.extractors.api import UnexpectedBody
from crawlers.page import sniff_encoding

_XSSI = re.compile(r"^\s*(?:\)\]\}'?,?|while\s*\(\s*1\s*\)\s*;|for\s*\(\s*;\s*;\s*\)\s*;)")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def parse_json(body: bytes, content_type: str | None = None) -> object:
    """Parse a JSON body (any Unicode encoding, anti-XSSI prefix allowed); floats as Decimal.

    Raise `UnexpectedBody` when the body is not JSON.
    """
    try:
        text = _XSSI.sub("", _json_text(body, content_type), count=1)
        return json.loads(text, parse_float=Decimal, parse_constant=lambda _name: None)
    except (UnicodeDecodeError, LookupError, ValueError, RecursionError) as exc:
        raise UnexpectedBody(f"body is not JSON ({exc.__class__.__name__})") from None


def starts_like_json(body_start: bytes) -> bool:
    """Tell whether the first bytes of a body open a JSON object or array."""
    try:
        text = body_start.decode(json.detect_encoding(body_start), errors="ignore")
    except LookupError:
        return False
    text = _XSSI.sub("", text.lstrip("\ufeff"), count=1).lstrip()
    if text.startswith("{"):
        return text[1:].lstrip()[:1] in ('"', "}", "")
    return text.startswith("[") and text[1:].lstrip()[:1] in (*'{["-]tfn', *"0123456789", "")


def _json_text(body: bytes, content_type: str | None) -> str:
    declared = _CHARSET.search(content_type or "")
    if declared and not body.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return body.decode(declared.group(1))
    try:
        return body.decode(json.detect_encoding(body)).lstrip("\ufeff")
    except UnicodeDecodeError:
        return body.decode(sniff_encoding(body) or "utf-8", errors="replace")
