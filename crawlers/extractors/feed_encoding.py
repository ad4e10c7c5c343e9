"""Feed bytes with a trustworthy encoding, for feeds whose declared charset lies.

feedparser follows the HTTP charset and the XML declaration, and when the bytes do not decode
it falls back to windows-1252: a windows-1251 feed declared as UTF-8 comes out as 'Íîâîñòè'.
Here the declared encoding is checked first; bytes that do not decode with it, or that read far
more cleanly in another single-byte encoding, are re-encoded as UTF-8 with a UTF-8 declaration.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from crawlers.page import SNIFF_BYTES, sniff_encoding

_XML_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([\w.:-]+)([\"'])")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CLEANER_BY = 0.1
"""How much lower charset-normalizer's mess ratio must be before a declared single-byte
encoding is overruled: real text scores near 0, Cyrillic read as Latin-1 scores 0.1-0.3."""


def trusted_feed(body: bytes, content_type: str) -> tuple[bytes, str]:
    """`(body, content_type)` to hand to feedparser: unchanged, or re-encoded as UTF-8."""
    if body.startswith(_BOMS) or not body.strip():
        return body, content_type
    declared = declared_encoding(body, content_type)
    actual = _actual_encoding(body, declared)
    if actual is None or actual == declared:
        return body, content_type
    text = body.decode(actual, errors="replace")
    utf8 = _XML_DECLARATION.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8"), count=1)
    media_type = content_type.split(";", 1)[0].strip() or "application/xml"
    return utf8, f"{media_type}; charset=utf-8"


def declared_encoding(body: bytes, content_type: str) -> str:
    """The charset of the HTTP header, else of the XML declaration, else UTF-8 (XML's default)."""
    match = _HTTP_CHARSET.search(content_type or "")
    raw = match.group(1) if match else None
    if raw is None:
        declaration = _XML_DECLARATION.match(body[:200])
        raw = declaration.group(2).decode("ascii") if declaration else "utf-8"
    return _normal(raw) or "utf-8"


def _actual_encoding(body: bytes, declared: str) -> str | None:
    """The encoding the bytes are really in, when it can be told from the declared one."""
    sample = body[:SNIFF_BYTES]
    try:
        text = sample.decode(declared)
    except UnicodeDecodeError as error:
        if len(body) > len(sample) and error.start > len(sample) - 4:  # cut by the sample's end
            return declared
        return _normal(sniff_encoding(body) or "") or None
    except LookupError:  # an encoding Python does not know
        return _normal(sniff_encoding(body) or "") or None
    if codecs.lookup(declared).name.startswith("utf") or text.isascii():
        return declared
    return _cleaner_single_byte(sample, text, declared)


def _cleaner_single_byte(sample: bytes, text: str, declared: str) -> str:
    """Every byte decodes in a single-byte charset: keep it unless another reads much cleaner."""
    best = from_bytes(sample).best()
    if best is None or _normal(best.encoding) == declared:
        return declared
    try:
        alternative = sample.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return declared
    if mess_ratio(text) - mess_ratio(alternative) >= _CLEANER_BY:
        return _normal(best.encoding) or declared
    return declared


def _normal(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None
