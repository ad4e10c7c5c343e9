"""Currency symbols and words to ISO 4217 codes, using the page's language, TLD and site hint.

Symbols are ambiguous ('$', 'kr', '¥'), so the symbol is matched against the currencies of the
territories the page points at (region in `<html lang>`, the country-code TLD, the language's
likely country), in that order, after the site-level hint. The symbol tables are babel's CLDR
data and price-parser's currency table; only a few informal abbreviations neither knows are
listed here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies, list_currencies
from price_parser._currencies import CURRENCIES, REPLACED_BY_EURO

# Shop abbreviations missing from both CLDR and price-parser's table.
_ALIASES: dict[str, str] = {
    "р": "RUB",
    "руб": "RUB",
    "рублей": "RUB",
    "грн": "UAH",
    "zl": "PLN",
    "kc": "CZK",
    "sfr": "CHF",
    "fr": "CHF",
    "tl": "TRY",
    "euro": "EUR",
    "euros": "EUR",
    "lei": "RON",
    "ft": "HUF",
}
# Country-code TLDs commonly bought as generic names: they say nothing about the shop's country.
_GENERIC_CCTLDS = frozenset(
    "ai app cc co fm gg gl im io is la ly me ms nu sh so st tk to tv vc ws xyz".split()  # noqa: SIM905
)
_TLD_TERRITORY = {"uk": "GB", "su": "RU"}
_SUBTAG = re.compile(r"[-_]")


def is_currency_code(text: str | None) -> bool:
    """Tell whether `text` is an ISO 4217 code ('EUR'), as structured data should use."""
    return bool(text) and str(text).strip().upper() in _codes()


@lru_cache(maxsize=4096)
def resolve_currency(
    symbol: str | None,
    *,
    lang: str | None = None,
    host: str | None = None,
    hint: str | None = None,
) -> str | None:
    """Return the ISO code `symbol` stands for on a page in `lang` served from `host`."""
    if not symbol or not symbol.strip():
        return None
    if is_currency_code(symbol):
        return symbol.strip().upper()
    key = _norm(symbol)
    if hint and is_currency_code(hint) and key in _symbols(hint.upper(), None, None):
        return hint.upper()
    language = _language(lang)
    for territory in _territories(lang, host):
        for code in _territory_currencies(territory):
            if key in _symbols(code, territory, language):
                return code
    return _english_default().get(key) or _unique_library_match(key) or _unique_world_match(key)


@lru_cache(maxsize=1024)
def local_currencies(
    lang: str | None = None, host: str | None = None, hint: str | None = None
) -> frozenset[str]:
    """ISO codes a page in `lang` served from `host` is expected to price in (with the hint)."""
    codes = {hint.upper()} if hint and is_currency_code(hint) else set()
    for territory in _territories(lang, host):
        codes.update(_territory_currencies(territory))
    return frozenset(codes)


def territory_of_host(host: str | None) -> str | None:
    """Return the country a country-code TLD names ('x.ca' → 'CA'), None for generic ones."""
    if not host:
        return None
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_CCTLDS:
        return None
    return _TLD_TERRITORY.get(tld, tld.upper())


def _territories(lang: str | None, host: str | None) -> Iterator[str]:
    seen: set[str] = set()
    for territory in (_region(lang), territory_of_host(host), _likely_territory(lang)):
        if territory and territory not in seen:
            seen.add(territory)
            yield territory


def _region(lang: str | None) -> str | None:
    parts = _SUBTAG.split(lang.strip()) if lang else []
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return None


def _language(lang: str | None) -> str | None:
    first = _SUBTAG.split(lang.strip())[0].lower() if lang and lang.strip() else ""
    return first if first.isalpha() and 2 <= len(first) <= 3 else None


def _likely_territory(lang: str | None) -> str | None:
    language = _language(lang)
    likely = get_global("likely_subtags").get(language or "")
    return _region(likely) if likely else None


@lru_cache(maxsize=512)
def _territory_currencies(territory: str) -> tuple[str, ...]:
    try:
        return tuple(get_territory_currencies(territory))
    except Exception:  # babel raises plain errors for unknown territories
        return ()


@lru_cache(maxsize=2048)
def _symbols(code: str, territory: str | None, language: str | None) -> frozenset[str]:
    """Every normalised way `code` is written, in general and in `language`_`territory`."""
    found = {code.lower(), *_library_symbols().get(code, ())}
    found.update(k for k, v in _ALIASES.items() if v == code)
    for locale in _locales(territory, language):
        symbol = locale.currency_symbols.get(code)
        if symbol:
            found.add(_norm(symbol))
    return frozenset(found)


def _locales(territory: str | None, language: str | None) -> Iterator[Locale]:
    names = ["en"]
    if territory:
        names.append(get_global("likely_subtags").get(f"und_{territory}", ""))
        if language:
            names.append(f"{language}_{territory}")
    for name in names:
        locale = _locale(name)
        if locale is not None:
            yield locale


@lru_cache(maxsize=512)
def _locale(name: str) -> Locale | None:
    try:
        return Locale.parse(name) if name else None
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=1)
def _english_default() -> dict[str, str]:
    """How English writes symbols: the usual reading of '$', '£', '¥' without other context."""
    english = Locale.parse("en")
    return {_norm(symbol): code for code, symbol in english.currency_symbols.items()}


@lru_cache(maxsize=1)
def _library_symbols() -> dict[str, frozenset[str]]:
    """price-parser's symbols per current currency (euro-replaced ones left out)."""
    table: dict[str, frozenset[str]] = {}
    for code, info in CURRENCIES.items():
        if code not in REPLACED_BY_EURO:
            names = [info.get("s", ""), info.get("sn", ""), *info.get("sn2", [])]
            table[code] = frozenset(_norm(n) for n in names if n)
    return table


@lru_cache(maxsize=1024)
def _unique_library_match(key: str) -> str | None:
    matches = {code for code, symbols in _library_symbols().items() if key in symbols}
    matches.update(code for alias, code in _ALIASES.items() if alias == key)
    return matches.pop() if len(matches) == 1 else None


@lru_cache(maxsize=1024)
def _unique_world_match(key: str) -> str | None:
    """Last resort without page context: a symbol only one country's own locale uses."""
    matches = {code for code, symbols in _world_symbols().items() if key in symbols}
    return matches.pop() if len(matches) == 1 else None


@lru_cache(maxsize=1)
def _world_symbols() -> dict[str, frozenset[str]]:
    """Each current currency's symbols in the locales of the countries using it (built once)."""
    table: dict[str, set[str]] = {}
    for territory in get_global("territory_currencies"):
        for code in _territory_currencies(territory):
            table.setdefault(code, set()).update(_symbols(code, territory, None))
    return {code: frozenset(symbols) for code, symbols in table.items()}


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(list_currencies()) | frozenset(CURRENCIES)


def _norm(symbol: str) -> str:
    text = unicodedata.normalize("NFKC", symbol).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".\u200f\u200e")
