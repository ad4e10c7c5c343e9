"""Price text and structured price values to Decimal, whatever the locale's digit grouping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from price_parser import Price

_DIGIT = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Apostrophe-like digit groupers (Swiss 1'299.50, 1’299.50) price-parser does not know.
_APOSTROPHE_GROUP = re.compile(r"(?<=\d)['’‘ʼ`´](?=\d{3}(?!\d))")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u200a\u202f\u205f\u3000]+")
_TWO_PLACES = Decimal("0.01")
_MAX_PRICE = Decimal("1e12")  # beyond any shop price; also keeps quantize() in range
_CACHED_TEXT = 400  # longer texts are rarely prices and would bloat the cache


@dataclass(frozen=True, slots=True)
class ParsedPrice:
    """A price found in text: the amount and the currency symbol as written."""

    amount: Decimal
    """The amount, canonicalised (at least two decimal places)."""
    symbol: str | None
    """Currency symbol or code as it appeared ('€', 'руб.', 'USD'), None when absent."""
    raw: str
    """The whitespace-collapsed text the price was read from."""


def clean_text(text: str) -> str:
    """Collapse every kind of whitespace (NBSP, thin and narrow spaces included) to one space."""
    return _SPACES.sub(" ", text).strip()


def canonical_amount(amount: Decimal) -> Decimal:
    """One representation per value so hashes do not flip between sources: 19.9 → 19.90."""
    if not amount.is_finite():
        return amount
    reduced = amount.normalize()
    if int(reduced.as_tuple().exponent) > -2:
        return amount.quantize(_TWO_PLACES)
    return reduced


def parse_price_text(text: str | None) -> ParsedPrice | None:
    """Parse the first price in visible text ('12 990 руб.', '1.299,00 €', "1'299.50 CHF")."""
    if not text or not _DIGIT.search(text):
        return None
    if len(text) <= _CACHED_TEXT:
        return _parse_cached(text)
    return _parse(text)


@lru_cache(maxsize=8192)  # the same price texts recur in nested elements and across pages
def _parse_cached(text: str) -> ParsedPrice | None:
    return _parse(text)


def _parse(text: str) -> ParsedPrice | None:
    raw = clean_text(text)
    if len(raw) > 200:  # a whole paragraph, not a price
        return None
    prepared = _APOSTROPHE_GROUP.sub("", raw)
    parsed = Price.fromstring(prepared)
    amount = _positive(parsed.amount)
    if amount is None:
        return None
    symbol = parsed.currency if _standalone(parsed.currency, prepared) else None
    return ParsedPrice(amount=amount, symbol=symbol, raw=raw)


def _standalone(symbol: str | None, text: str) -> bool:
    """Tell whether a letter symbol stands alone ('р' inside 'Артикул' is no rouble)."""
    if not symbol:
        return False
    pattern = rf"(?<![^\W\d_]){re.escape(symbol)}(?![^\W\d_])"
    return re.search(pattern, text) is not None


def parse_price_value(value: object) -> ParsedPrice | None:
    """Parse a structured-data price: JSON number, '19.99' (dot decimal per schema.org), or text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _from_plain(str(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        return _from_plain(text)
    return parse_price_text(text)


def minor_units(value: object, minor_unit: object) -> Decimal | None:
    """Convert an integer amount in minor units ('1105', minor unit 2) to Decimal 11.05."""
    try:
        amount = Decimal(str(value).strip())
        places = int(str(minor_unit)) if minor_unit not in (None, "") else 2
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or not 0 <= places <= 8:
        return None
    return _positive(amount.scaleb(-places))


def _from_plain(text: str) -> ParsedPrice | None:
    try:
        amount = _positive(Decimal(text))
    except InvalidOperation:
        return None
    return ParsedPrice(amount=amount, symbol=None, raw=text) if amount is not None else None


def _positive(amount: Decimal | None) -> Decimal | None:
    """Zero and negative 'prices' are placeholders (price on request), not offers."""
    if amount is None or not amount.is_finite() or not 0 < amount < _MAX_PRICE:
        return None
    return canonical_amount(amount)
