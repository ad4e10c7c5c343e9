"""Products in any JSON a shop's frontend fetches: find the records, map their fields, page on.

Single-page-app shops load their catalog from JSON APIs of every shape (REST, GraphQL,
search engines, headless CMSs). Nothing here knows a platform: records are found by what
they hold (a name-ish and a price-ish field), and fields by their key names in any casing
(`compareAtPrice`, `regular_price`, `List-Price` all read as one key). Amounts go through
the shared price parser, currencies through the shared resolver, stock through the shared
normaliser; JSON is parsed with `parse_float=Decimal`, so no price is ever a float.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections import deque
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from crawlers.extractors.api import UnexpectedBody
from crawlers.extractors.availability import normalise_availability
from crawlers.extractors.currency import is_currency_code, local_currencies, resolve_currency
from crawlers.extractors.prices import minor_units, parse_price_value
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.urls import canonicalise, with_query
from crawlers.items import Availability, Product
from crawlers.page import sniff_encoding

SOURCE = "data_api"
"""`Product.source` of products read from a JSON API."""

_MAX_DEPTH = 12
_MAX_NESTING = 5  # price containers and variants inside a record
_MAX_CODE = 100
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_XSSI = re.compile(r"^\s*(?:\)\]\}'?,?|while\s*\(\s*1\s*\)\s*;|for\s*\(\s*;\s*;\s*\)\s*;)")
_SITE_PATH = re.compile(r"[\w%-]+(?:/[\w.%-]+)+/?|[\w.%-]+\.(?:html?|php|aspx?)", re.ASCII)
_BRACKETS = re.compile(r"[^\[\]]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)

SALE, PLAIN, REFERENCE = "sale", "plain", "reference"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_KEYS = ("name", "productname", "title", "producttitle", "displayname", "itemname")
_NAME_KEYS += ("productdisplayname", "label", "productlabel", "heading", "fullname")
_NAME_KEYS += ("produktname", "artikelname", "bezeichnung", "nom", "nombre", "nome", "naam")
_NAME_KEYS += ("nazwa", "namn", "navn", "nimi", "nazev", "titel", "titre", "titulo", "titolo")
_URL_KEYS = ("canonicalurl", "producturl", "productlink", "onlinestoreurl", "productpageurl")
_URL_KEYS += ("url", "permalink", "link", "href", "itemurl", "pdpurl")
_URL_KEYS += ("weburl", "pageurl", "detailurl", "detailsurl", "seourl", "uri", "path", "urlpath")
_SLUG_KEYS = ("slug", "handle", "urlkey", "linktext", "urlslug", "seoslug", "seoname")
_ID_KEYS = ("productid", "id", "objectid", "itemid", "uuid", "guid")
_SKU_KEYS = ("sku", "skucode", "articlenumber", "articleno", "artnr", "itemnumber", "itemno")
_SKU_KEYS += ("productnumber", "productcode", "partnumber", "mpn", "productreference")
_SKU_KEYS += ("artikelnummer", "artikelnr", "referencia")
_GTIN_KEYS = ("gtin", "gtin13", "gtin14", "gtin12", "gtin8", "ean", "ean13", "eancode", "upc")
_GTIN_KEYS += ("barcode", "isbn", "globaltradeitemnumber", "globaluniqueid")
_BRAND_KEYS = ("brand", "brandname", "vendor", "manufacturer", "manufacturername", "make")
_CATEGORY_KEYS = ("categorypath", "category", "categoryname", "maincategory", "categories")
_CATEGORY_KEYS += ("primarycategory", "productcategory", "producttype", "department")
_CATEGORY_KEYS += ("hierarchicalcategories",)
_CURRENCY_KEYS = ("currencycode", "currency", "pricecurrency", "currencyiso", "currencyisocode")
_CURRENCY_KEYS += ("isocurrencycode", "storecurrency", "defaultcurrency", "devise", "waehrung")
_CURRENCY_KEYS += ("wahrung", "moneda", "valuta", "moeda", "waluta", "mena", "valuuta")
_EVIDENCE = frozenset(
    _URL_KEYS + _SLUG_KEYS + _ID_KEYS + _SKU_KEYS + _GTIN_KEYS + _BRAND_KEYS + _CATEGORY_KEYS
) | {"image", "images", "imageurl", "thumbnail", "media", "description", "shortdescription"}
# Objects wrapping a record's fields: GraphQL edges, Strapi, Elasticsearch, Typesense, Contentful.
_WRAPPERS = ("node", "attributes", "source", "fields", "document", "product", "item", "data")
_VARIANTS = _words(
    "variants variant skus items offers offer sellers commertialoffer commercialoffer "
    "mastervariant defaultvariant selectedvariant firstvariant productvariants variantlist "
    "allvariants childproducts simpleproducts"
)
# Arrays under these keys are never the product list (and are not searched for one).
_IGNORED = _words(
    "facets facet facetcounts filters filter aggregations aggregates refinements categories "
    "categorytree breadcrumbs breadcrumb reviews review ratings comments questions images "
    "image media gallery assets videos thumbnails navigation nav menu menus banners sorts "
    "sortoptions suggestions querysuggestions shipping shippingmethods shippingoptions "
    "deliveryoptions deliverymethods paymentmethods payments cart lineitems coupons "
    "promotions discounts stores locations swatches"
)

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

# Availability keys: stock words, yes/no flags (some negated), and stock counts.
_STOCK_TEXT = ("availability", "stockstatus", "stockstate", "availabilitystatus")
_STOCK_TEXT += ("inventorystatus", "stockavailability", "availabilitytext", "stock", "lager")
_STOCK_TEXT += ("verfuegbarkeit", "verfugbarkeit", "disponibilite", "disponibilidad")
_STOCK_TEXT += ("disponibilita", "disponibilidade", "beschikbaarheid", "dostepnosc", "nalichie")
_STOCK_FLAGS = ("instock", "isinstock", "available", "isavailable", "availableforsale")
_STOCK_FLAGS += ("isonstock", "onstock", "hasstock", "inventoryavailable")
_STOCK_NEGATED = ("soldout", "issoldout", "outofstock", "isoutofstock")
_STOCK_COUNTS = ("stock", "stocklevel", "stockquantity", "inventoryquantity", "inventory")
_STOCK_COUNTS += ("availablequantity", "quantityavailable", "availableqty", "qtyavailable")
_STOCK_COUNTS += ("stockqty", "totalinventory", "inventorylevel", "unitsinstock", "bestand")
_STOCK_COUNTS += ("lagerbestand", "voorraad", "estoque", "existencias")
_STOCK_INNER = ("status", "class", "text", "label", "value", "quantity", "qty", "level")


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


# --- finding the records -------------------------------------------------------------------


def product_records(data: object) -> list[dict[str, Any]]:
    """The product-like objects of a JSON payload: the best array of them, else a lone product.

    A product-like object has a name-ish and a price-ish field, directly or nested
    (`price.amount`, `priceRange.minVariantPrice`, `variants[0].price`, `offers.price`...).
    Wrappers are merged in (GraphQL `node`, Strapi `attributes`, Elasticsearch `_source`), so
    each record returned is a flat view of one product. Arrays of facets, categories, reviews,
    images and the like are never searched; a product's own arrays (variants, related
    products) are not taken for the listing.
    """
    arrays: list[tuple[int, int, list[dict[str, Any]]]] = []
    singles: list[tuple[int, dict[str, Any]]] = []
    _scan(data, 0, arrays, singles)
    if arrays:
        return max(arrays, key=lambda found: (found[0], -found[1]))[2]
    singles = [s for s in singles if s[0] <= 3]
    return [min(singles, key=lambda found: found[0])[1]] if singles else []


def _scan(
    value: object,
    depth: int,
    arrays: list[tuple[int, int, list[dict[str, Any]]]],
    singles: list[tuple[int, dict[str, Any]]],
) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        records = []
        for element in value:
            view = _view(element) if isinstance(element, dict) else None
            if view is not None and is_product_like(view):
                records.append(view)
            elif isinstance(element, dict | list):
                _scan(element, depth + 1, arrays, singles)
        if records:
            arrays.append((len(records), depth, records))
    elif isinstance(value, dict):
        view = _view(value)
        if is_product_like(view):
            singles.append((depth, view))
            return
        for key, child in value.items():
            if isinstance(child, dict | list) and _norm(key) not in _IGNORED:
                _scan(child, depth + 1, arrays, singles)


def is_product_like(record: dict[str, Any]) -> bool:
    """A name and a price; a price found only in a list of variants also needs product evidence.

    The evidence (an id, URL, slug, SKU, brand, image...) keeps a titled wrapper around a
    list of products from passing for a product with variants.
    """
    if _name(record) is None:
        return False
    reading = _prices(record, _Ctx(), 0)
    if reading is None:
        return False
    return not reading.via_list or any(_norm(k) in _EVIDENCE for k in record)


def _view(obj: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """`obj` with a wrapper object's fields merged in, when `obj` has no name of its own."""
    if depth > 2 or _name(obj) is not None:
        return obj
    for key, value in obj.items():
        if isinstance(value, dict) and _norm(key) in _WRAPPERS:
            merged = {k: v for k, v in obj.items() if k != key}
            merged.update(value)
            return _view(merged, depth + 1)
    return obj


@lru_cache(maxsize=4096)  # the same keys repeat in every record
def _norm(key: str) -> str:
    """One spelling per key: camelCase, snake_case, kebab-case and PascalCase read alike."""
    return _NON_ALNUM.sub("", key.lower())


def _get(record: dict[str, Any], keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(original key, value) of `record`'s keys in `keys`, in the order of `keys`."""
    wanted = _key_set(keys)
    by_norm: dict[str, tuple[str, Any]] = {}
    for key, value in record.items():
        norm = _norm(key)
        if norm in wanted and norm not in by_norm:
            by_norm[norm] = (key, value)
    return [by_norm[k] for k in keys if k in by_norm and by_norm[k][1] not in (None, "", [], {})]


@lru_cache(maxsize=64)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


# --- prices ----------------------------------------------------------------------------------


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
            norm = _norm(key)
            if norm in _CURRENCY_KEYS or norm == "currencysymbol":
                ctx = ctx._with_currency(value)
            elif (
                norm in ("currencyminorunit", "minorunit", "minorunits") and _int(value) is not None
            ):
                ctx = replace(ctx, minor=True, digits=_int(value))
            elif norm == "fractiondigits" and _int(value) is not None:
                ctx = replace(ctx, digits=_int(value))
        return ctx

    def _with_currency(self, value: object) -> _Ctx:
        if isinstance(value, dict):
            value = next(
                (v for k, v in value.items() if _norm(k) in ("code", "isocode", "iso")), None
            )
        if not isinstance(value, str) or not value.strip():
            return self
        if is_currency_code(value):
            return replace(self, code=value.strip().upper())
        return replace(self, symbol=self.symbol or value.strip())


@dataclass(frozen=True, slots=True)
class _Amount:
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
class _Prices:
    """A record's price facts."""

    price: _Amount
    """The current price."""
    regular: Decimal | None
    """The price before discount, when higher."""
    via_list: bool
    """Read from one of a list of variants rather than the record itself."""
    path: tuple[dict[str, Any], ...]
    """The variants, outermost first, down to the object the price was read from."""


def _prices(record: dict[str, Any], ctx: _Ctx, depth: int) -> _Prices | None:
    """The record's price facts: its own price fields, else its cheapest variant's."""
    ctx = ctx.inside(record)
    summary = _summarise(_amounts(record, None, ctx, depth), record)
    if summary is not None or depth >= _MAX_NESTING:
        return summary
    found: list[_Prices] = []
    for key, value in record.items():
        if _norm(key) not in _VARIANTS:
            continue
        elements, is_list = _elements(value)
        if _norm(key) == "items" and any(_get(e, _URL_KEYS + _SLUG_KEYS) for e in elements):
            continue  # items with their own pages are products, not this record's variants
        for element in elements:
            view = _view(element)
            reading = _prices(view, ctx, depth + 1)
            if reading is not None:
                path = reading.path if reading.path[:1] == (view,) else (view, *reading.path)
                found.append(replace(reading, via_list=reading.via_list or is_list, path=path))
    return min(found, key=lambda r: r.price.amount) if found else None


def _elements(value: object) -> tuple[list[dict[str, Any]], bool]:
    """Dicts of a variant container: a list, a GraphQL connection (edges/nodes) or one object."""
    if isinstance(value, dict):
        inner = next((v for k, v in value.items() if _norm(k) in ("edges", "nodes")), None)
        if isinstance(inner, list):
            value = inner
        else:
            return [value], False
    if not isinstance(value, list):
        return [], False
    return [e for e in value if isinstance(e, dict)], True


def _summarise(amounts: list[_Amount], source: dict[str, Any]) -> _Prices | None:
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
    return _Prices(price, min(higher) if higher else None, False, (source,))


def _amounts(obj: dict[str, Any], role: str | None, ctx: _Ctx, depth: int) -> list[_Amount]:
    """Every amount in a record's price fields (role None) or inside a price object."""
    if role is not None:
        ctx = ctx.inside(obj)
        units = _google_money(obj)
        if units is not None:
            return [_Amount(role, units, str(units), ctx.code, ctx.symbol)]
    found: list[_Amount] = []
    for key, value in obj.items():
        norm = _norm(key)
        child = _price_role(norm, role)
        if child is not None:
            found.extend(_value_amounts(value, child, norm, ctx, depth + 1))
    return found


def _value_amounts(value: object, role: str, key: str, ctx: _Ctx, depth: int) -> list[_Amount]:
    if depth > _MAX_NESTING * 2:
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
    return [_Amount(role, decimal, raw, ctx.code, symbol or ctx.symbol)]


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
    keys = {_norm(k): v for k, v in obj.items()}
    units = _int(keys.get("units"))
    if units is None or "nanos" not in keys:
        return None
    amount = Decimal(units) + Decimal(_int(keys.get("nanos")) or 0).scaleb(-9)
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


def _int(value: object) -> int | None:
    """An integer JSON value (number or digit string); `{"value": n}` objects too."""
    if isinstance(value, dict):
        value = next((v for k, v in value.items() if _norm(k) == "value"), None)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value):
        return int(value)
    return None


# --- other fields --------------------------------------------------------------------------


def record_product(
    record: dict[str, Any], *, site_url: str, currency_hint: str | None = None
) -> Product | None:
    """Map one record (from `product_records`) to a Product; None without a name and a price.

    `site_url` is the shop's own site (its homepage), not the API's address: search
    services answer from other hosts, while product paths are the shop's. URLs (`url`,
    `href`, `permalink`, `path`...) are resolved against it. A record that names only a
    slug, handle or id gets `url=""`: nothing says where its page lives, so the caller
    resolves it, e.g. by finding `record_slug(record)` among the product links of the
    rendered page that called the API, or with the site's configured product URL pattern.
    The currency is the ISO code stated with the price or around it (up to the record),
    else its symbol read with the site's country, else `currency_hint`, else the one
    currency of the site's country-code domain.
    """
    name = _name(record)
    reading = _prices(record, _Ctx(hint=currency_hint), 0)
    if name is None or reading is None:
        return None
    url = _record_url(record, site_url)
    availability, availability_raw = _availability(record, 0)
    holders = (record, *reading.path, *_variant_views(record))
    return Product(
        url=url or "",
        canonical_url=(canonicalise(url) or url) if url else None,
        name=name,
        price=reading.price.amount,
        regular_price=reading.regular,
        currency=_currency(reading.price, site_url, currency_hint),
        price_raw=reading.price.raw,
        availability=availability,
        availability_raw=availability_raw,
        sku=_code(holders, _SKU_KEYS),
        gtin=_code(holders, _GTIN_KEYS),
        brand=next((b for _k, v in _get(record, _BRAND_KEYS) if (b := _thing_name(v))), None),
        category=_record_category(record),
        source=SOURCE,
    )


def record_slug(record: dict[str, Any]) -> str | None:
    """The record's slug, handle or URL key, else its id: what its product page URL is built on."""
    for _key, value in _get(record, _SLUG_KEYS + _ID_KEYS):
        text = _localised(value)
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        if text:
            return text
    return None


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
        queue.extend((v, depth + 1) for k, v in obj.items() if _norm(k) not in _IGNORED)
    return None


def _name(record: dict[str, Any]) -> str | None:
    for _key, value in _get(record, _NAME_KEYS):
        text = text_value(_localised(value))
        if text:
            return text
    return None


def _localised(value: object) -> str | None:
    """A string, or the first string of a per-language object (`{"en": "...", "de": "..."}`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return next((v for v in value.values() if isinstance(v, str) and v.strip()), None)
    return None


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> object:
    found = _get(record, keys)
    return found[0][1] if found else None


def _record_url(record: dict[str, Any], site_url: str) -> str | None:
    for _key, value in _get(record, _URL_KEYS):
        if isinstance(value, dict):
            value = _first(value, ("href", "url", "path"))
        url = _page_url(value, site_url) if isinstance(value, str) else None
        if url:
            return url
    return None


def _page_url(value: str, site_url: str) -> str | None:
    """An absolute product page URL from an absolute URL or a path, else None.

    Paths are the site's (`/p/x`, `shoes/x`, `x.html`); a bare word is a slug, not a path.
    """
    value = value.strip()
    parts = urlsplit(site_url)
    if value.startswith("//"):
        value = f"{parts.scheme}:{value}"
    elif value.startswith("/") or _SITE_PATH.fullmatch(value):
        value = f"{parts.scheme}://{parts.netloc}/{value.lstrip('/')}"
    elif not value.lower().startswith(("http://", "https://")):
        return None  # a bare slug: the caller knows the site's URL pattern, we do not
    target = urlsplit(value)
    segments = [s.lower() for s in target.path.split("/")]
    if target.netloc.lower().startswith("api.") or {"api", "graphql"} & set(segments):
        return None  # the API resource itself, not a page a shopper sees
    if re.search(r"\.(?:jpe?g|png|gif|webp|avif|svg|json)$", target.path, re.IGNORECASE):
        return None
    return value


def _currency(price: _Amount, site_url: str, hint: str | None) -> str | None:
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


def _variant_views(record: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """The record's variants (and theirs), outermost first."""
    found = []
    for key, value in record.items():
        if _norm(key) in _VARIANTS and depth < 2:
            for element in _elements(value)[0]:
                view = _view(element)
                found.extend([view, *_variant_views(view, depth + 1)])
    return found


def _code(objects: tuple[dict[str, Any], ...], keys: tuple[str, ...]) -> str | None:
    """A SKU or GTIN of the record, else of the variant priced, else of the first variant."""
    for obj in objects:
        for _key, value in _get(obj, keys):
            if isinstance(value, int | str) and not isinstance(value, bool):
                text = str(value).strip()
                if text and len(text) <= _MAX_CODE:
                    return text
    return None


def _thing_name(value: object, depth: int = 0) -> str | None:
    """A brand-like value: a string, or the name of an object (through data/attributes wrappers)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and depth < 3:
        named = _first(value, ("name", "title", "label", "value", "displayname"))
        if named is not None:
            return _thing_name(named, depth + 1)
        inner = _first(value, _WRAPPERS)
        return _thing_name(inner, depth + 1) if inner is not None else None
    return text_value(_localised(value)) if isinstance(value, str | dict) else None


def _record_category(record: dict[str, Any]) -> str | None:
    """The most specific of the record's category fields."""
    texts = [t for _key, value in _get(record, _CATEGORY_KEYS) if (t := _category(value))]
    return max(texts, key=lambda t: t.count(" > ")) if texts else None


def _category(value: object) -> str | None:
    """A category as ' > '-joined path ('/Shoes/Running/' and `{lvl0, lvl1}` alike)."""
    if isinstance(value, dict) and any(re.fullmatch(r"lvl\d+", _norm(k)) for k in value):
        levels = sorted((k for k in value if re.fullmatch(r"lvl\d+", _norm(k))), key=_norm)
        value = value[levels[-1]]
    if isinstance(value, list):
        texts = [t for v in value if (t := _category(v))]
        return max(texts, key=lambda t: t.count(" > ")) if texts else None
    if isinstance(value, dict):
        return _thing_name(value)
    if not isinstance(value, str):
        return None
    parts = [p.strip() for p in re.split(r"\s*(?:>|/|»|\|)\s*", value) if p.strip()]
    return text_value(" > ".join(parts)) if parts else None


# --- availability --------------------------------------------------------------------------


def _availability(record: dict[str, Any], depth: int) -> tuple[Availability | None, str | None]:
    """Stock state of the record, else of its variants (in stock when any variant is)."""
    state = _own_availability(record)
    if state[0] is not None or depth >= _MAX_NESTING:
        return state
    states = [
        _availability(_view(element), depth + 1)
        for key, value in record.items()
        if _norm(key) in _VARIANTS
        for element in _elements(value)[0]
    ]
    states = [s for s in states if s[0] is not None]
    return next(
        (s for s in states if s[0] is Availability.IN_STOCK), states[0] if states else state
    )


def _own_availability(obj: dict[str, Any]) -> tuple[Availability | None, str | None]:
    for key, value in _get(obj, _STOCK_TEXT):
        found = _stock_value(key, value, negated=False)
        if found[0] is not None:
            return found
    for keys, negated in ((_STOCK_FLAGS, False), (_STOCK_NEGATED, True), (_STOCK_COUNTS, False)):
        for key, value in _get(obj, keys):
            found = _stock_value(key, value, negated=negated)
            if found[0] is not None:
                return found
    return None, None


def _stock_value(
    key: str, value: object, *, negated: bool
) -> tuple[Availability | None, str | None]:
    if isinstance(value, dict):
        for inner_key, inner in _get(value, _STOCK_INNER + _STOCK_FLAGS):
            found = _stock_value(inner_key, inner, negated=False)
            if found[0] is not None:
                return found
        return None, None
    if isinstance(value, bool):
        flag = value != negated
        return normalise_availability(flag), f"{key}: {str(value).lower()}"
    count = _int(value)
    if count is not None:
        state = Availability.IN_STOCK if count > 0 else Availability.OUT_OF_STOCK
        return state, f"{key}: {count}"
    if isinstance(value, str):
        return normalise_availability(value), value.strip()
    return None, None


# --- pagination ----------------------------------------------------------------------------

_NEXT_LINK = frozenset({"next", "nextpage", "nextpageurl", "nextlink", "nexturl", "nexthref"})
_NEXT_LINK |= {"odatanextlink", "nextpagelink"}
_MORE = frozenset({"hasmore", "hasnext", "hasnextpage", "more", "hasmoreitems", "hasmoreresults"})
_LAST = frozenset({"last", "islast", "islastpage"})
_PAGE = ("page", "currentpage", "pagenumber", "pageno", "pageindex", "pagenum", "curpage")
_PAGE += ("number", "current")
_PAGES = ("pages", "totalpages", "lastpage", "pagecount", "numpages", "nbpages", "totalpagecount")
_PAGES += ("pagetotal", "numberofpages", "maxpage", "maxpages")
_TOTAL = ("total", "totalcount", "totalitems", "totalresults", "totalrecords", "totalhits")
_TOTAL += ("nbhits", "found", "totalelements", "totalproducts", "totalsize", "numfound")
_TOTAL += ("recordcount", "resultcount")
_PER_PAGE = ("perpage", "pagesize", "limit", "size", "hitsperpage", "itemsperpage", "rows")
_PER_PAGE += ("resultsperpage", "pagelimit", "take", "maxresults", "num")
_OFFSET = ("offset", "skip", "start", "from", "startindex", "firstresult")
_CURSOR = ("nextcursor", "endcursor", "nextpagetoken", "nexttoken", "continuationtoken")
_PAGING_METADATA = frozenset({"links", "meta", "embedded", "page", "pagination", "paging"})
_URL_PAGE = ("page", "p", "pg", "pagenumber", "pageno", "pageindex", "currentpage", "paged")
_URL_CURSOR = ("cursor", "after", "pagetoken", "nextpagetoken", "startingafter", "continuation")
_URL_CURSOR += ("continuationtoken", "pageinfo", "nextcursor")


@dataclass(frozen=True, slots=True)
class _Facts:
    """Pagination fields of a payload by normalised key: (key as written, value), shallowest."""

    found: dict[str, tuple[str, object]]
    """By normalised key: the key as written and its value, shallowest occurrence."""

    def value(self, keys: tuple[str, ...] | frozenset[str]) -> tuple[str, object] | None:
        return next((self.found[k] for k in keys if k in self.found), None)

    def number(self, keys: tuple[str, ...]) -> tuple[str, int] | None:
        for key in keys:
            if key in self.found and (n := _int(self.found[key][1])) is not None:
                return self.found[key][0], n
        return None

    def flag(self, keys: frozenset[str]) -> bool | None:
        return next(
            (v for k in keys if isinstance(v := self.found.get(k, ("", None))[1], bool)), None
        )


def next_page_url(url: str, data: object, records_on_page: int) -> str | None:
    """The URL of the next page of the JSON endpoint `url`, None on the last page.

    Reads explicit links (`next`, `links.next`, `_links.next.href`, `@odata.nextLink`),
    then cursors, offset schemes (`offset`/`skip`/`start`/`from` with a limit and a total),
    then page numbers (`page` with `pages`/`totalPages`/`last_page`, or a total and a page
    size; Algolia's 0-based `page`/`nbPages`). The query string of `url` is changed (other
    parameters kept; GraphQL-over-GET `variables` JSON too); a parameter the URL lacks is
    added under the name the payload uses. None for an empty page, when nothing says there
    are more pages, or when the next URL would be `url` itself.
    """
    if records_on_page <= 0 or not isinstance(data, dict):
        return None
    facts = _facts(data)
    if facts.flag(_MORE) is False or facts.flag(_LAST) is True:
        return None
    explicit = facts.value(_NEXT_LINK)
    if explicit is not None and not isinstance(explicit[1], bool):
        return _different(url, _explicit_next(url, explicit[1]))
    if explicit is not None and explicit[1] is False:
        return None
    if _offset_scheme(url, facts):
        return _different(url, _by_cursor(url, facts) or _by_offset(url, facts, records_on_page))
    return _different(url, _by_cursor(url, facts) or _by_page(url, facts))


def _facts(data: dict[str, Any]) -> _Facts:
    found: dict[str, tuple[str, object]] = {}
    queue: deque[tuple[dict[str, Any], int]] = deque([(data, 0)])
    while queue:
        obj, depth = queue.popleft()
        for key, value in obj.items():
            norm = _norm(key)
            found.setdefault(norm, (key, value))
            descend = isinstance(value, dict) and depth < 4 and norm not in _IGNORED
            descend = descend and (not key.startswith("_") or norm in _PAGING_METADATA)
            if descend and not is_product_like(_view(value)):
                queue.append((value, depth + 1))
    return _Facts(found)


def _explicit_next(url: str, value: object) -> str | None:
    """A `next` value: a URL or path, `{href}`, a page number, or a cursor for the URL's param."""
    if isinstance(value, dict):
        value = _first(value, ("href", "url", "link", "uri"))
    page = _int(value)
    if page is not None:
        found = _url_param(url, _URL_PAGE)
        return _set_param(url, found[0] if found else "page", page)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.startswith(("http://", "https://", "/", "?")) or "/" in value or "=" in value:
        return urljoin(url, value)
    cursor = _url_param(url, _URL_CURSOR)
    return _set_param(url, cursor[0], value) if cursor else None


def _by_cursor(url: str, facts: _Facts) -> str | None:
    found = facts.value(_CURSOR)
    if found is None or not isinstance(found[1], str) or not found[1]:
        return None
    param = _url_param(url, _URL_CURSOR)
    conventional = {"nextcursor": "cursor", "nextpagetoken": "pageToken"}.get(_norm(found[0]))
    name = param[0] if param else conventional
    return _set_param(url, name, found[1]) if name else None


def _offset_scheme(url: str, facts: _Facts) -> bool:
    """Pages are addressed by record offsets (in the URL or the payload), not page numbers."""
    return _url_param(url, _OFFSET) is not None or facts.number(_OFFSET) is not None


def _by_offset(url: str, facts: _Facts, records: int) -> str | None:
    in_url = _url_param(url, _OFFSET)
    stated = facts.number(_OFFSET)
    offset = stated[1] if stated else _int(in_url[1]) if in_url else None
    if offset is None:
        return None
    size = facts.number(_PER_PAGE) or _url_number(url, _PER_PAGE)
    following = offset + (size[1] if size and size[1] > 0 else records)
    total = _total(facts, records)
    if not (following < total if total is not None else facts.flag(_MORE)):
        return None
    name = in_url[0] if in_url else stated[0] if stated else "offset"
    return _set_param(url, name, following)


def _by_page(url: str, facts: _Facts) -> str | None:
    """The next page number; a page parameter neither URL nor payload names is only added
    when the payload states how many pages there are (so an ignored guess cannot loop).
    """
    in_url = _url_param(url, _URL_PAGE)
    stated = facts.number(_PAGE)
    current = stated[1] if stated else _int(in_url[1]) if in_url else None
    zero_based = "nbpages" in facts.found or current == 0
    zero_based = zero_based or (stated is not None and _norm(stated[0]) == "number")
    pages = _pages(url, facts)
    if pages is None and (facts.flag(_MORE) is not True or (in_url or stated) is None):
        return None
    if current is None:
        current = 0 if zero_based else 1
    if pages is not None and current + (1 if zero_based else 0) >= pages:
        return None
    name = in_url[0] if in_url else _page_param(stated[0]) if stated else "page"
    return _set_param(url, name, current + 1)


def _pages(url: str, facts: _Facts) -> int | None:
    pages = facts.number(_PAGES)
    if pages is not None:
        return pages[1]
    total = _total(facts, 0)
    size = facts.number(_PER_PAGE) or _url_number(url, _PER_PAGE)
    if total is None or size is None or size[1] <= 0:
        return None
    return math.ceil(total / size[1])


def _total(facts: _Facts, records: int) -> int | None:
    """The number of records in the whole listing; `count` only when it exceeds this page's."""
    total = facts.number(_TOTAL)
    if total is not None:
        return total[1]
    count = facts.number(("count",))
    return count[1] if count and count[1] > records else None


def _page_param(payload_key: str) -> str:
    """The query parameter a payload's page field goes with (Spring's `number` is `page`)."""
    return "page" if _norm(payload_key) in ("number", "current") else payload_key


def _url_param(url: str, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(name as written, value) of the URL's first parameter in `names`.

    Bracketed names count by their last part (`pagination[page]`), and GraphQL-over-GET
    `variables` JSON is searched after the query string.
    """
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    params = {_norm(_BRACKETS.findall(k)[-1] if "[" in k else k): (k, v) for k, v in query}
    found = next((params[n] for n in names if n in params), None)
    if found is not None:
        return found
    variables = {_norm(k): (k, v) for k, v in _variables(url).items()}
    hit = next((variables[n] for n in names if n in variables), None)
    return (hit[0], "" if hit[1] is None else str(hit[1])) if hit else None


def _url_number(url: str, names: tuple[str, ...]) -> tuple[str, int] | None:
    found = _url_param(url, names)
    number = _int(found[1]) if found else None
    return (found[0], number) if found and number is not None else None


def _variables(url: str) -> dict[str, Any]:
    """The `variables` JSON object of a GraphQL GET request, {} when there is none."""
    raw = next((v for k, v in parse_qsl(urlsplit(url).query) if k == "variables"), None)
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _set_param(url: str, name: str, value: int | str) -> str:
    """`url` with parameter `name` set: in the query string, or in `variables` when it is there."""
    variables = _variables(url)
    top_level = any(k == name for k, _v in parse_qsl(urlsplit(url).query))
    if top_level or name not in variables:
        return with_query(url, **{name: str(value)})
    variables[name] = value
    return with_query(url, variables=json.dumps(variables, separators=(",", ":")))


def _different(url: str, candidate: str | None) -> str | None:
    """`candidate` unless it is `url` again (never loop on one page)."""
    if not candidate:
        return None
    same = (canonicalise(candidate) or candidate) == (canonicalise(url) or url)
    return None if same else candidate
