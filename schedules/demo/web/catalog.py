"""The demo shops' catalogs for a given day, derived from the compact data in catalog.json.

Every shop page, API answer and the ground truth come from these objects, so what the
server shows and what tests expect can never drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from schedules.demo.web.text import ean13, slugify

DATA_FILE = Path(__file__).with_name("catalog.json")


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A product category as one shop names it."""

    key: str
    """Language-neutral key (tents, backpacks, ...)."""
    name: str
    """Name in the shop's language."""
    slug: str
    """URL slug derived from the name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShopProduct:
    """One product as one shop offers it on one day."""

    key: str
    """Master id (p01 ... p60), shared by every shop selling it."""
    number: int
    """Master number; platforms derive their numeric ids from it."""
    name: str
    """Name in the shop's language."""
    brand: str
    """Brand (fictional)."""
    model: str
    """Model name, the language-neutral part of the name."""
    type_name: str
    """Product type in the shop's language."""
    description: str
    """Short description in the shop's language."""
    category: Category
    """The shop's category."""
    handle: str
    """URL slug on this shop."""
    sku: str
    """The shop's SKU."""
    gtin: str
    """EAN-13, the same on every shop."""
    price: Decimal
    """Current price in the shop's currency."""
    regular_price: Decimal | None
    """Price before discount while on sale, else None."""
    availability: str
    """schema.org ItemAvailability name (InStock, OutOfStock, BackOrder, PreOrder)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Homepage:
    """The positioning texts of a shop's homepage."""

    title: str
    """<title>."""
    description: str
    """Meta description."""
    h1: str
    """The H1."""
    usp: str
    """The hero/USP line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSpec:
    """A demo shop's fixed settings from catalog.json."""

    key: str
    """Short id (alpha, bivouac, ...)."""
    name: str
    """Display name, as in the config."""
    kind: str
    """direct | indirect | foreign | self."""
    flavour: str
    """Which platform module renders it."""
    language: str
    """BCP 47 tag of the shop (<html lang>)."""
    currency: str
    """ISO 4217 code."""
    page_size: int
    """Products per listing page."""
    social: tuple[str, ...]
    """Social profile URLs linked from every page."""
    notes: str
    """Analyst's notes for the config."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """What one shop offers on one day."""

    day: int
    """The demo day."""
    products: tuple[ShopProduct, ...]
    """Products on offer, in listing order."""
    categories: tuple[Category, ...]
    """The shop's categories, in menu order."""
    home: Homepage
    """Homepage texts of the day."""
    down: bool
    """Whether the whole site is down (503) this day."""

    def in_category(self, key: str) -> list[ShopProduct]:
        """Products of one category, in listing order."""
        return [p for p in self.products if p.category.key == key]

    def find(self, **fields: object) -> ShopProduct | None:
        """Return the product on offer whose fields equal `fields`, else None."""
        for product in self.products:
            if all(getattr(product, k) == v for k, v in fields.items()):
                return product
        return None


@cache
def _data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def site_specs() -> dict[str, SiteSpec]:
    """Every demo shop's settings, by key."""
    return {key: _spec(key, raw) for key, raw in _data()["sites"].items()}


def last_day() -> int:
    """Return the last day with its own changes; later days are refused."""
    return len(_data()["days"]) - 1


def check_day(day: int) -> int:
    """`day` itself when the demo scripts it, else a ValueError naming the range."""
    if not 0 <= day <= last_day():
        raise ValueError(f"demo day must be 0..{last_day()}, got {day}")
    return day


@cache
def catalog_for(site_key: str, day: int) -> Catalog:
    """Build the catalog of `site_key` on `day`: day 0 plus every change up to `day`."""
    check_day(day)
    raw = _data()["sites"][site_key]
    categories = tuple(_category(key, raw["language"]) for key in raw["categories"])
    offered = {p.key: p for p in _initial_products(raw, categories)}
    home = dict(raw["home"])
    for changes in _data()["days"][1 : day + 1]:
        change = changes.get(site_key, {})
        _apply(change, offered, raw, categories)
        home.update(change.get("home", {}))
    down = site_key in _data()["days"][day].get("down", [])
    order = sorted(
        offered.values(), key=lambda p: (raw["categories"].index(p.category.key), p.number)
    )
    return Catalog(
        day=day,
        products=tuple(order),
        categories=categories,
        home=Homepage(**home),
        down=down,
    )


def _spec(key: str, raw: dict[str, Any]) -> SiteSpec:
    fields = ("name", "kind", "flavour", "language", "currency", "page_size", "notes")
    return SiteSpec(key=key, social=tuple(raw["social"]), **{f: raw[f] for f in fields})


def _category(key: str, language: str) -> Category:
    name = _data()["categories"][key][language[:2]]
    return Category(key=key, name=name, slug=slugify(name))


@cache
def _master_rows() -> dict[int, tuple[str, list[str]]]:
    """Master number → (category key, [brand, model, type, usd])."""
    rows: dict[int, tuple[str, list[str]]] = {}
    for category, products in _data()["products"].items():
        for row in products:
            rows[len(rows) + 1] = (category, row)
    return rows


def _initial_products(raw: dict[str, Any], categories: tuple[Category, ...]) -> list[ShopProduct]:
    numbers = [n for low, high in raw["ranges"] for n in range(low, high + 1)]
    return [_product(n, raw, categories) for n in numbers]


def _product(number: int, raw: dict[str, Any], categories: tuple[Category, ...]) -> ShopProduct:
    category_key, (brand, model, type_key, usd) = _master_rows()[number]
    language = raw["language"][:2]
    type_name = _data()["types"][type_key][language]
    words = {"brand": brand, "model": model, "type": type_name}
    name = _data()["name_order"][language].format(**words)
    description = _data()["descriptions"][language].format(**words, type_lower=type_name.lower())
    regular = _convert(Decimal(usd), raw["price_rule"])
    price, before = _sale_price(number, regular, raw)
    return ShopProduct(
        key=f"p{number:02d}",
        number=number,
        name=name,
        brand=brand,
        model=model,
        type_name=type_name,
        description=description,
        category=next(c for c in categories if c.key == category_key),
        handle=slugify(name),
        sku=raw["sku"].format(n=number),
        gtin=ean13(number),
        price=price,
        regular_price=before,
        availability=_availability(number, raw["stock"]),
    )


def _convert(usd: Decimal, rule: dict[str, str]) -> Decimal:
    """Convert to a local price: USD times rate, rounded up to the step, minus an ending."""
    step = Decimal(rule["step"])
    steps = (usd * Decimal(rule["rate"]) / step).to_integral_value(rounding=ROUND_CEILING)
    return (steps * step - Decimal(rule["minus"])).quantize(Decimal("0.01"))


def _sale_price(
    number: int, regular: Decimal, raw: dict[str, Any]
) -> tuple[Decimal, Decimal | None]:
    sale = raw["sale"]
    if number % sale["every"] != sale["offset"]:
        return regular, None
    usd_after = regular * (1 - Decimal(sale["discount"]))
    return _convert(usd_after, {**raw["price_rule"], "rate": "1"}), regular


def _availability(number: int, rules: list[list[Any]]) -> str:
    for availability, every, offset in rules:
        if number % every == offset:
            return availability
    return "InStock"


def _apply(
    change: dict[str, Any],
    offered: dict[str, ShopProduct],
    raw: dict[str, Any],
    categories: tuple[Category, ...],
) -> None:
    """Apply one day's changes for one shop in place."""
    for key, value in change.get("price", {}).items():
        offered[key] = replace(offered[key], price=Decimal(value), regular_price=None)
    for key, value in change.get("sale", {}).items():
        current = offered[key]
        offered[key] = replace(current, price=Decimal(value), regular_price=current.price)
    for key, value in change.get("availability", {}).items():
        offered[key] = replace(offered[key], availability=value)
    for key in change.get("remove", []):
        del offered[key]  # gone from listings, sitemaps and APIs; its page answers 404
    for key in change.get("add", []):
        offered[key] = _product(int(key[1:]), raw, categories)
