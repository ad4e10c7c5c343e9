"""Plain text, word counts and comparable titles for posts, whether from feeds or pages."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawlers.extractors.document import text_of
from crawlers.extractors.prices import clean_text

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_NOT_WORD = re.compile(r"[\W_]+")
_MARKUP = re.compile(r"<[a-zA-Z/!]")


def plain_text(markup: str | None) -> str:
    """Visible text of an HTML fragment (feed content, summaries), whitespace collapsed."""
    if not markup or not markup.strip():
        return ""
    if not _MARKUP.search(markup):
        return clean_text(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(markup)
    return text_of(root)


def word_count(text: str) -> int:
    """Words in `text`: letter/digit runs, with inner apostrophes and hyphens ('don't' is one).

    Scripts written without spaces (Chinese, Japanese, Thai) count one word per run.
    """
    return len(_WORD.findall(text))


def comparable_title(title: str | None) -> str:
    """A title reduced for duplicate detection: case-folded words, punctuation dropped."""
    return _NOT_WORD.sub(" ", (title or "").casefold()).strip()


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return f"{cut.rstrip(' ,.;:')}…"


def language_tag(value: str | None) -> str | None:
    """BCP 47 casing ('en_us' → 'en-US', 'DE' → 'de'); None for empty values and x-default."""
    value = (value or "").strip().split(",")[0].strip()
    if not value or value.lower() == "x-default":
        return None
    parts = [p for p in value.replace("_", "-").split("-") if p]
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out) if out[0].isalpha() else None
