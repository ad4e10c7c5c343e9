"""Small text helpers every demo shop shares: slugs, local money formats, escaping."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

NBSP = "\u00a0"
"""No-break space: French/Russian shops put it between digit groups and before the symbol."""
NNBSP = "\u202f"
"""Narrow no-break space: CLDR's French digit-group separator."""

_RU_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            *("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o"),
            *("p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "_", "y", "_", "e"),
            *("yu", "ya"),
        ],
        strict=True,
    )
)
"""Bitrix-style transliteration; '_' marks the hard and soft signs, which vanish."""
_DE_LATIN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def slugify(text: str) -> str:
    """Make a URL slug the way shop platforms do.

    German umlauts are spelled out, Cyrillic transliterated (Bitrix style), accents
    dropped, and every other run of characters becomes a hyphen.
    """
    lowered = text.lower()
    spelled = "".join(_DE_LATIN.get(c) or _RU_LATIN.get(c, c) for c in lowered).replace("_", "")
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.replace("'", "")).strip("-")


def group_digits(amount: Decimal, *, group: str, decimal: str, decimals: int = 2) -> str:
    """`amount` with digit groups of three, e.g. ('1 299,00' for group=' ', decimal=',')."""
    fixed = f"{amount:.{decimals}f}"
    whole, _, fraction = fixed.partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return f"{grouped}{decimal}{fraction}" if decimals else grouped


def esc(text: object) -> str:
    """HTML-escape text and attribute values (quotes included)."""
    return html.escape(str(text), quote=True)


def json_ld(data: Any) -> str:
    """Wrap data in a JSON-LD script element; `</` is escaped so it cannot end the script."""
    body = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{body}\n</script>'


def ean13(number: int) -> str:
    """Make a valid EAN-13 in the 200-299 in-store range, so no real product has it."""
    digits = f"200012{number:06d}"
    weighted = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - weighted % 10) % 10)
