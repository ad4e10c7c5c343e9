"""Prices in JSON records: which fields hold prices, in which role, amount and currency.

A record's price fields are found by key vocabulary in several languages (`price`,
`salePrice`, `compare_at_price`, `verkaufspreis`, `precio.anterior`...), each in a role:
the current (sale) price, a plain price, or a reference price (list, regular, was). Amounts
come as numbers, strings with symbols, money objects (`{amount, currencyCode}`, Google's
`{units, nanos}`, commercetools' `centAmount`), integers in minor units, or per-currency
maps and lists; a record without a price of its own takes its cheapest variant's.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from crawlers.extractors.currency import is_currency_code, local_currencies, resolve_currency
from crawlers.extractors.json_keys import (
    IGNORED,
    SLUG_KEYS,
    URL_KEYS,
    VARIANTS,
    as_int,
    elements,
    get,
    norm,
    view,
)
from crawlers.extractors.prices import minor_units, parse_price_value

MAX_NESTING = 5
"""Depth of price containers and variants read inside a record."""
SALE, PLAIN, REFERENCE = "sale", "plain", "reference"

_CURRENCY_KEYS = ("currencycode", "currency", "pricecurrency", "currencyiso", "currencyisocode")
_CURRENCY_KEYS += ("isocurrencycode", "storecurrency", "defaultcurrency", "devise", "waehrung")
_CURRENCY_KEYS += ("wahrung", "moneda", "valuta", "moeda", "waluta", "mena", "valuuta")

# Price key vocabulary, matched inside normalised keys ('compareAtPrice' → 'compareatprice').
_PRICE_WORDS = ("price", "pricing", "msrp", "rrp", "uvp")
# Other languages' words for price, trusted only at a key's start or end ('verkaufspreis').
_FOREIGN_PRICE = ("preis", "prix", "precio", "prezzo", "preco", "prijs", "cena", "pris", "hinta")
_FOREIGN_PRICE += ("fiyat", "tsena", "cijena", "kaina")
_AMOUNT_WORDS = ("amount", "value", "default", "gross", "formatted", "formated", "display")
_AMOUNT_WORDS += ("text", "units", "cents", "min", "low", "from", "start", "sale", "special")
_AMOUNT_WORDS += ("final", "current", "now", "was", "old", "list", "regular", "original")
_AMOUNT_WORDS += ("discounted", "aktuell", "actuel", "actual")
_REFERENCE_PARTS = ("regular", "compare", "original", "msrp", "rrp", "uvp", "strike", "crossed")
_REFERENCE_PARTS += ("recommended", "suggested", "undiscounted", "withoutdiscount", "wasprice")
_REFERENCE_PARTS += ("beforediscount", "nondiscounted", "pricewas", "oldprice", "priceold")
_REFERENCE_PARTS += ("listprice", "fullprice", "normalprice", "retailprice", "beforeprice")
_REFERENCE_PARTS += ("pricebefore", "initialprice", "previousprice", "standardprice", "ordinary")
_REFERENCE_PARTS += ("barre", "ancien", "streich", "vorher", "anterior", "vecchio", "statt")
_REFERENCE_WORDS = frozenset({"was", "old", "list", "before", "full", "regular", "original"})
_REFERENCE_WORDS |= {"alt", "antes", "oud", "avant"}
_SALE_PARTS = ("sale", "special", "final", "discounted", "discountprice", "promo", "offerprice")
_SALE_PARTS += ("reduced", "clearance", "current", "nowprice", "pricenow", "aktion", "angebot")
_SALE_PARTS += ("oferta", "rebaj", "scontat", "solde")
_CONTAINER_WORDS = _PRICE_WORDS + _AMOUNT_WORDS + _REFERENCE_PARTS + _SALE_PARTS
_SKIP_PARTS = ("currency", "unit", "shipping", "delivery", "freight", "installment", "instalment")
_SKIP_PARTS += ("monthly", "permonth", "deposit", "excl", "withouttax", "withoutvat", "netprice")
_SKIP_PARTS += ("pricenet", "max", "high", "history", "omnibus", "lowest30", "prior", "tier")
_SKIP_PARTS += ("percent", "saving", "yousave", "amountoff", "type", "mode", "valid", "visible")
_SKIP_PARTS += ("show", "hide", "enabled", "rule", "symbol", "drop", "alert", "digits")
_SKIP_PARTS += ("decimals", "precision", "minorunit", "locale", "country", "region", "group")
_SKIP_PARTS += ("channel", "customer", "date", "wholesale", "quantity", "qty", "html")
_SKIP_ENDINGS = ("id", "ids", "count", "key")
_MINOR_SUFFIXES = ("incents", "cents", "centamount", "inminorunits", "minorunits", "minor")


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What the enclosing objects say about amounts: currency, minor units, wanted currency."""

    code: str | None = None
    """ISO currency stated around the amounts."""
    symbol: str | None = None
    """Currency symbol stated around the amounts ('kr'), when no ISO code is."""
    minor: bool = False
    """Amounts are integers in minor units (`currency_minor_unit` stated)."""
    digits: int | None = None
    """Decimals of the minor unit (`fractionDigits`, `currency_minor_unit`)."""
    hint: str | None = None
    """The currency wanted when a price comes in several."""

    def inside(self, obj: dict[str, Any]) -> _Ctx:
        ctx = self
        for key, value in obj.items():
            name = norm(key)
            if name in _CURRENCY_KEYS or name == "currencysymbol":
                ctx = ctx._with_currency(value)
            elif (
                name in ("currencyminorunit", "minorunit", "minorunits")
                and as_int(value) is not None
            ):
                ctx = replace(ctx, minor=True, digits=as_int(value))
            elif name == "fractiondigits" and as_int(value) is not None:
                ctx = replace(ctx, digits=as_int(value))
        return ctx

    def _with_currency(self, value: object) -> _Ctx:
        if isinstance(value, dict):
            value = next(
                (v for k, v in value.items() if norm(k) in ("code", "isocode", "iso")), None
            )
        if not isinstance(value, str) or not value.strip():
            return self
        if is_currency_code(value):
            return replace(self, code=value.strip().upper())
        return replace(self, symbol=self.symbol or value.strip())


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount found in a record."""

    role: str
    """SALE, PLAIN or REFERENCE."""
    amount: Decimal
    """The amount in major units."""
    raw: str
    """The value as written."""
    code: str | None
    """ISO currency stated for it."""
    symbol: str | None
    """Currency symbol written with it or around it."""


@dataclass(frozen=True, slots=True)
class PriceReading:
    """A record's price facts."""

    price: Amount
    """The current price."""
    regular: Decimal | None
    """The price before discount, when higher."""
    via_list: bool
    """Read from one of a list of variants rather than the record itself."""
    path: tuple[dict[str, Any], ...]
    """The variants, outermost first, down to the object the price was read from."""


def read_prices(record: dict[str, Any], currency_hint: str | None = None) -> PriceReading | None:
    """The record's price and regular price, None when it has no price.

    `currency_hint` picks the entry of a price given in several currencies.
    """
    return _read(record, _Ctx(hint=currency_hint), 0)


def _read(record: dict[str, Any], ctx: _Ctx, depth: int) -> PriceReading | None:
    """The record's price facts: its own price fields, else its cheapest variant's."""
    ctx = ctx.inside(record)
    summary = _summarise(_amounts(record, None, ctx, depth), record)
    if summary is not None or depth >= MAX_NESTING:
        return summary
    found: list[PriceReading] = []
    for key, value in record.items():
        if norm(key) not in VARIANTS:
            continue
        variants, is_list = elements(value)
        if norm(key) == "items" and any(get(e, URL_KEYS + SLUG_KEYS) for e in variants):
            continue  # items with their own pages are products, not this record's variants
        for element in variants:
            flat = view(element)
            reading = _read(flat, ctx, depth + 1)
            if reading is not None:
                path = reading.path if reading.path[:1] == (flat,) else (flat, *reading.path)
                found.append(replace(reading, via_list=reading.via_list or is_list, path=path))
    return min(found, key=lambda r: r.price.amount) if found else None


def _summarise(amounts: list[Amount], source: dict[str, Any]) -> PriceReading | None:
    """Price is the lowest current amount; the regular price the nearest reference above it.

    Beside a sale price, the plain price is a reference too (`price` 12, `special_price` 10).
    """
    sale = [a for a in amounts if a.role == SALE]
    plain = [a for a in amounts if a.role == PLAIN]
    if not sale and not plain:
        return None
    price = min(sale + plain, key=lambda a: a.amount)
    references = [a for a in amounts if a.role == REFERENCE] + (plain if sale else [])
    higher = [
        a.amount
        for a in references
        if a.amount > price.amount and (a.code is None or price.code in (None, a.code))
    ]
    return PriceReading(price, min(higher) if higher else None, False, (source,))


def _amounts(obj: dict[str, Any], role: str | None, ctx: _Ctx, depth: int) -> list[Amount]:
    """Every amount in a record's price fields (role None) or inside a price object."""
    if role is not None:
        ctx = ctx.inside(obj)
        units = _google_money(obj)
        if units is not None:
            return [Amount(role, units, str(units), ctx.code, ctx.symbol)]
    found: list[Amount] = []
    for key, value in obj.items():
        name = norm(key)
        child = _price_role(name, role)
        if child is not None:
            found.extend(_value_amounts(value, child, name, ctx, depth + 1))
    return found


def _value_amounts(value: object, role: str, key: str, ctx: _Ctx, depth: int) -> list[Amount]:
    if depth > MAX_NESTING * 2:
        return []
    if isinstance(value, list):
        value = _pick_currency_entry([v for v in value if v is not None], ctx)
    if isinstance(value, dict):
        keyed = _currency_keyed(value, ctx)
        if keyed is not None:
            code, value = keyed
            ctx = replace(ctx, code=code)
        if isinstance(value, dict):
            return _amounts(value, role, ctx, depth)
    minor = ctx.minor or key.endswith(_MINOR_SUFFIXES)
    amount = _amount(value, minor, ctx.digits)
    if amount is None:
        return []
    decimal, raw, symbol = amount
    return [Amount(role, decimal, raw, ctx.code, symbol or ctx.symbol)]


@lru_cache(maxsize=4096)  # a payload's records repeat the same keys
def _price_role(key: str, parent: str | None) -> str | None:
    """The role of a price field named `key` (normalised), None when it holds no price."""
    if any(part in key for part in _SKIP_PARTS) or key.endswith(_SKIP_ENDINGS):
        return None
    if not _taxed_ok(key):
        return None
    if "discount" in key and not ("discounted" in key or "price" in key):
        return None  # the discount itself, not a price
    words = _PRICE_WORDS if parent is None else _CONTAINER_WORDS
    foreign = key.startswith(_FOREIGN_PRICE) or key.endswith(_FOREIGN_PRICE)
    if not (any(word in key for word in words) or foreign or (parent and key in _REFERENCE_WORDS)):
        return None
    if any(part in key for part in _REFERENCE_PARTS) or key in _REFERENCE_WORDS:
        role = REFERENCE
    elif any(part in key for part in _SALE_PARTS) or key == "now":
        role = SALE
    else:
        role = PLAIN
    if parent == REFERENCE or (parent == SALE and role == PLAIN):
        return parent
    return role


def _taxed_ok(key: str) -> bool:
    """Prices with tax in the name count only when tax is included."""
    if "tax" not in key and "vat" not in key:
        return True
    return any(part in key for part in ("incl", "withtax", "withvat", "gross"))


def _amount(
    value: object, minor: bool, digits: int | None
) -> tuple[Decimal, str, str | None] | None:
    """(amount, raw text, currency symbol) of a JSON price value."""
    if isinstance(value, bool) or value is None:
        return None
    raw = str(value).strip() if isinstance(value, int | Decimal | str) else ""
    if not raw:
        return None
    if minor and re.fullmatch(r"-?\d+", raw):
        amount = minor_units(raw, 2 if digits is None else digits)
        return (amount, raw, None) if amount is not None else None
    parsed = parse_price_value(raw)
    if parsed is None:
        return None
    if isinstance(value, str) and not parsed.symbol and any(ch.isalpha() for ch in raw):
        return None  # words with a digit ('item_price_min3') are no price
    return parsed.amount, parsed.raw, parsed.symbol


def _google_money(obj: dict[str, Any]) -> Decimal | None:
    """A `{units, nanos}` money object's amount (Google APIs' Money type)."""
    keys = {norm(k): v for k, v in obj.items()}
    units = as_int(keys.get("units"))
    if units is None or "nanos" not in keys:
        return None
    amount = Decimal(units) + Decimal(as_int(keys.get("nanos")) or 0).scaleb(-9)
    return amount.quantize(Decimal("0.01")) if amount > 0 else None


def _currency_keyed(value: dict[str, Any], ctx: _Ctx) -> tuple[str, object] | None:
    """`{"EUR": {...}, "USD": {...}}`: the entry in the wanted currency, else the first."""
    codes = [k for k in value if len(k) == 3 and k.isupper() and is_currency_code(k)]
    if not codes or len(codes) != len(value):
        return None
    chosen = ctx.hint if ctx.hint in codes else codes[0]
    return chosen, value[chosen]


def _pick_currency_entry(values: list[Any], ctx: _Ctx) -> object:
    """A price list (one entry per currency or market): the wanted currency's, else the first."""
    if not values:
        return None
    for entry in values:
        if isinstance(entry, dict) and ctx.hint and _currency_in(entry) == ctx.hint:
            return entry
    return values[0]


def _currency_in(obj: dict[str, Any], depth: int = 0) -> str | None:
    code = _Ctx().inside(obj).code
    if code is not None or depth > 2:
        return code
    nested = (_currency_in(v, depth + 1) for v in obj.values() if isinstance(v, dict))
    return next((c for c in nested if c), None)


def price_currency(price: Amount, site_url: str, hint: str | None) -> str | None:
    """The price's own currency, else the hint, else the one currency of the site's country."""
    if price.code:
        return price.code
    host = urlsplit(site_url).hostname
    if price.symbol:
        resolved = resolve_currency(price.symbol, host=host, hint=hint)
        if resolved:
            return resolved
    if hint and is_currency_code(hint):
        return hint.upper()
    local = local_currencies(None, host)
    return next(iter(local)) if len(local) == 1 else None


def payload_currency(data: object) -> str | None:
    """An ISO currency the payload states outside its records (`{"currency": "SEK", ...}`)."""
    queue: deque[tuple[object, int]] = deque([(data, 0)])
    while queue:
        obj, depth = queue.popleft()
        if not isinstance(obj, dict) or depth > 3:
            continue
        code = _Ctx().inside(obj).code
        if code is not None:
            return code
        queue.extend((v, depth + 1) for k, v in obj.items() if norm(k) not in IGNORED)
    return None
