"""Visible-price and stock heuristics for pages without structured data or selector hints.

The main price is the price block nearest after the H1 (a price block is the outermost element
whose class/id/itemprop mentions price in some language), skipping related-product, cart and
footer zones. Inside the block, `<del>/<s>` and classes like old/regular/compare mark the regular
price, `<ins>` and classes like sale/special/new the current one. Without any price-classed
element, the first currency-bearing number after the H1 is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import chain, islice

from lxml import etree

from crawlers.extractors.availability import availability_from_text
from crawlers.extractors.document import Document, class_and_id, text_of
from crawlers.extractors.fields import ProductFields
from crawlers.extractors.prices import ParsedPrice, parse_price_text

_PRICE_CLASS = re.compile(
    r"price|preis|prix|precio|prezzo|preco|preço|tsena|cijena|(?<![a-z])(pris|cena|hinta|fiyat)(?![a-z])"
)
_REGULAR = re.compile(
    r"(?<![a-z])(old|regular|compare|was|strike|striked|crossed|before|original|list|rrp|uvp|"
    r"msrp|retail|previous|statt|bisher|normal|full|initial|base|pieno|barrato|vecchio|"
    r"precedente|ancien|barre|anterior|antes|tachado|stary|przekreslona|oude|doorgestreept|"
    r"staraya|zacherknutaya|standard|strikethrough|strikeout|oldprice|listprice|regularprice|"
    r"compareprice|wasprice|comparativo)(?![a-z])"
)
_SALE = re.compile(
    r"(?<![a-z])(sale|special|current|final|now|actual|new|promo|discounted|reduced|"
    r"offer|deal|sonder|aktion|sell|selling)(?![a-z])"
)
# Savings, taxes, unit and instalment prices sit in price blocks but are not the price.
_IGNORED = re.compile(
    r"(?<![a-z])(saving|savings|save|you-save|economy|ersparnis|discount-amount|percent|percentage|"
    r"price-tax|tax-price|ex-tax|excl-tax|price-excluding-tax|per-unit|unit-price|base-price|"
    r"installment|instalment|monthly|credit)(?![a-z])"
)
_EXCLUDED_ZONE = re.compile(
    r"related|upsell|up-sell|cross-sell|crosssell|recommend|similar|also|recent|viewed|"
    r"carousel|slider|swiper|mini-cart|minicart|cart-drawer|header-cart|wishlist|bundle|"
    r"accessor|newsletter|footer|sidebar|widget"
)
_STOCK_CLASS = re.compile(
    r"stock|avail|lager|verfueg|verfüg|nalich|dispon|lieferbar|delivery-status"
)
_NOT_CONTENT = frozenset({"meta", "link", "script", "style", "input", "option", "select"})
_SYMBOL_SCAN_LIMIT = 150
_MAX_STOCK_TEXT = 120
_GROUP_TEXT = 300
_MAX_TEXT_PRICE = 60
_SMALL_SUBTREE = 4
_PERCENT = re.compile(r"[-–−]?\s*\d+(?:[.,]\d+)?\s*%")
_RANGE = re.compile(r"\d\s*\S{0,4}\s*(?:[-–—]|to|bis|à|до)\s*\D{0,4}\d")
_CURRENCYISH = re.compile(
    r"\d.*(?:[$€£¥₽₴₹₩₺₪]|(?<!\w)(?:kr|zł|kč|chf|fr|руб|грн|р|ft|lei|lv|usd|eur|gbp)(?!\w))|"
    r"(?:[$€£¥₽₴₹₩₺₪]|(?<!\w)(?:chf|fr|usd|eur|gbp|kr)(?!\w)).*\d",
    re.IGNORECASE,
)


def fields_from_heuristics(doc: Document) -> ProductFields:
    """Price, regular price, currency, availability and SKU as a shopper would read them."""
    part = ProductFields(source="heuristics")
    block = main_price_block(doc)
    text_price = _first_text_price(doc)
    if block is not None and (text_price is None or _before(doc, block, text_price[0])):
        _prices_from_block(part, block, doc)
    elif text_price is not None:
        _, parsed, regular = text_price
        part.price, part.price_raw, part.regular_price = parsed.amount, parsed.raw, regular
        part.currency = doc.currency(parsed.symbol)
    _availability(part, doc)
    part.sku = _sku(doc)
    return part


def _before(doc: Document, a: etree._Element, b: etree._Element) -> bool:
    return doc.order.get(a, 0) <= doc.order.get(b, 0)


def main_price_block(doc: Document) -> etree._Element | None:
    """Find the price block the page is about: nearest after the H1, outside related zones.

    Sibling blocks (old and current price in separate elements) are grouped under their
    common parent while that parent stays small.
    """
    prices = list(_main_zone_prices(doc))
    blocks = list(dict.fromkeys(_block_of(el) for el in prices))
    if not blocks:
        return None
    anchor = doc.order.get(doc.h1, 0) if doc.h1 is not None else 0
    nearest = min(blocks, key=lambda b: _distance(doc.order.get(b, 0) - anchor))
    return _grouped(nearest, set(prices))


def _grouped(block: etree._Element, prices: set[etree._Element]) -> etree._Element:
    for _ in range(2):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html") or len(text_of(parent)) > _GROUP_TEXT:
            break
        inside = set(block.iter())
        if not any(el in prices and el not in inside for el in parent.iter()):
            break
        block = parent
    return block


def price_elements(doc: Document) -> list[etree._Element]:
    """Elements whose class, id or itemprop mentions a price (computed once per page)."""
    return doc.memo("price_elements", lambda: _price_elements(doc))


def _price_elements(doc: Document) -> list[etree._Element]:
    return [
        el
        for el in doc.root.xpath("//*[@class or @id or @itemprop]")
        if el.tag not in _NOT_CONTENT and _PRICE_CLASS.search(class_and_id(el))
    ]


def price_text_elements(doc: Document) -> list[etree._Element]:
    """Elements whose own short text is a price with a currency symbol ('£24.99', '990 руб.')."""
    return doc.memo("price_text_elements", lambda: _price_text_elements(doc))


def _price_text_elements(doc: Document) -> list[etree._Element]:
    found = []
    for el in doc.root.iter():
        text = el.text if isinstance(el.tag, str) and el.tag not in _NOT_CONTENT else None
        if text and len(text) <= _MAX_TEXT_PRICE and _CURRENCYISH.search(text):
            parsed = parse_price_text(text)
            if parsed is not None and parsed.symbol and doc.currency(parsed.symbol):
                found.append(el)
    return found


def _main_zone_prices(doc: Document) -> Iterator[etree._Element]:
    for el in price_elements(doc):
        if not _in_excluded_zone(el) and parse_price_text(text_of(el)) is not None:
            yield el


def _block_of(el: etree._Element) -> etree._Element:
    block = el
    parent = block.getparent()
    while parent is not None and _PRICE_CLASS.search(class_and_id(parent)):
        block = parent
        parent = block.getparent()
    return block


def _distance(delta: int) -> int:
    """Elements after the H1 first; before it only when nothing follows."""
    return delta if delta >= 0 else 1_000_000 - delta


def _in_excluded_zone(el: etree._Element) -> bool:
    """Inside related-product, cart, footer or navigation zones (body classes do not count)."""
    for ancestor in el.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag in ("footer", "nav", "aside"):
            return True
        if _EXCLUDED_ZONE.search(class_and_id(ancestor)):
            return True
    return False


def _prices_from_block(part: ProductFields, block: etree._Element, doc: Document) -> None:
    leaves = _leaves(block)
    sale = [p for role, p in leaves if role == "sale"]
    plain = [p for role, p in leaves if role == "plain"]
    regular = [p for role, p in leaves if role == "regular"]
    chosen = next(iter(sale or plain or regular), None)
    if chosen is None:
        return
    part.price, part.price_raw = chosen.amount, chosen.raw
    symbol = chosen.symbol or _block_symbol(block)
    part.currency = doc.currency(symbol)
    part.regular_price = next((p.amount for p in regular if p.amount > chosen.amount), None)
    if part.regular_price is None and not sale and not regular:
        part.regular_price = _second_plain_price(plain, block)


def _second_plain_price(plain: list[ParsedPrice], block: etree._Element) -> Decimal | None:
    """Two unlabelled prices, the second higher and not a range end: the second is the old one.

    Themes like Aspro style the old price only through CSS (`.price.discount`).
    """
    if len(plain) != 2 or not plain[1].amount > plain[0].amount:
        return None
    text = _PERCENT.sub(" ", text_of(block))
    return None if _RANGE.search(text) else plain[1].amount


def _leaves(block: etree._Element) -> list[tuple[str, ParsedPrice]]:
    """(role, price) of the innermost priced elements in the block, in document order.

    An element holding only ignored prices (tax, savings) below it still counts as a leaf:
    its own text comes first and price-parser reads the first price.
    """
    candidates = [el for el in block.iter() if _is_candidate(el, block)]
    priced = {el: parse_price_text(text_of(el)) for el in candidates}
    roles = {el: _role(el, block) for el in candidates if priced[el] is not None}
    leaves = []
    for el, role in roles.items():
        inner = (d for d in el.iterdescendants() if d in roles and roles[d] != "ignored")
        if role != "ignored" and next(inner, None) is None:
            leaves.append((role, priced[el]))
    return leaves  # type: ignore[return-value]


def _is_candidate(el: etree._Element, block: etree._Element) -> bool:
    if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "option"):
        return False
    if el is block or el.tag in ("del", "s", "strike", "ins"):
        return True
    return bool(_PRICE_CLASS.search(class_and_id(el)) or _REGULAR.search(class_and_id(el)))


def _role(el: etree._Element, block: etree._Element) -> str:
    """'regular', 'sale' or 'plain': the nearest decisive tag or class from `el` up to the block."""
    node: etree._Element | None = el
    while node is not None:
        if node.tag in ("del", "s", "strike"):
            return "regular"
        if node.tag == "ins":
            return "sale"
        if node is not block or node is el:
            classes = class_and_id(node)
            if _IGNORED.search(classes):
                return "ignored"
            if _REGULAR.search(classes):
                return "regular"
            if _SALE.search(classes):
                return "sale"
        if node is block:
            break
        node = node.getparent()
    return "plain"


def _block_symbol(block: etree._Element) -> str | None:
    parsed = parse_price_text(text_of(block))
    return parsed.symbol if parsed else None


def _first_text_price(
    doc: Document,
) -> tuple[etree._Element, ParsedPrice, Decimal | None] | None:
    """First currency-bearing price after the H1 (its element, it, a struck-through regular)."""
    struck: list[ParsedPrice] = []
    for el in _after_h1(doc):
        parsed = _symbol_price(el, doc)
        if parsed is None:
            continue
        if _is_struck(el):
            struck.append(parsed)
            continue
        regular = next((p.amount for p in struck if p.amount > parsed.amount), None)
        return el, parsed, regular
    return None


def _after_h1(doc: Document) -> Iterator[etree._Element]:
    """Content elements following the H1, outside excluded zones, a bounded number of them."""
    if doc.h1 is None:
        return
    for el in doc.h1.xpath(f"following::*[position() <= {_SYMBOL_SCAN_LIMIT}]"):
        if (
            el.tag not in _NOT_CONTENT
            and el.tag not in ("footer", "nav")
            and not _in_excluded_zone(el)
        ):
            yield el


def _is_struck(el: etree._Element) -> bool:
    """Struck through or classed as old/regular: the element, its tiny subtree or its line."""
    if any(_struck_mark(d) for d in el.iterdescendants()):
        return True
    for node in (el, *el.iterancestors()):
        if _struck_mark(node) or _REGULAR.search(class_and_id(node)):
            return True
        if node.tag in ("li", "div", "p", "body"):
            return False
    return False


def _small_text(el: etree._Element) -> str:
    """Return the text of a tiny subtree, else only the element's own text (bounded work)."""
    if next(islice(el.iterdescendants(), _SMALL_SUBTREE, None), None) is None:
        return text_of(el)
    return (el.text or "").strip()


def _struck_mark(node: etree._Element) -> bool:
    return node.tag in ("del", "s", "strike") or "line-through" in (node.get("style") or "")


def _symbol_price(el: etree._Element, doc: Document) -> ParsedPrice | None:
    """Find a short price with a known currency symbol in the element's own text."""
    own = (el.text or "").strip()
    parsed = parse_price_text(own) if own else None
    if parsed is None and len(el):
        parsed = parse_price_text(_small_text(el))
    if parsed is None or len(parsed.raw) > _MAX_TEXT_PRICE or not doc.currency(parsed.symbol):
        return None
    return parsed


def _availability(part: ProductFields, doc: Document) -> None:
    """Stock wording in stock-classed elements, else in short texts right after the H1."""
    texts = (text_of(el) for el in _stock_elements(doc))
    near_h1 = (_small_text(el) for el in _after_h1(doc))
    for text in chain(texts, near_h1):
        state = availability_from_text(text) if len(text) <= _MAX_STOCK_TEXT else None
        if state is not None:
            part.availability, part.availability_raw = state, text
            return


def _stock_elements(doc: Document) -> list[etree._Element]:
    """Innermost stock/availability-classed elements, nearest to the H1 first."""
    found = [
        el
        for el in doc.root.xpath("//body//*[@class or @id or @itemprop]")
        if el.tag not in _NOT_CONTENT
        and _STOCK_CLASS.search(class_and_id(el))
        and not _in_excluded_zone(el)
    ]
    inner = set(found)
    found = [el for el in found if not any(d in inner for d in el.iterdescendants())]
    if doc.h1 is None:
        return found
    anchor = doc.order.get(doc.h1, 0)
    return sorted(found, key=lambda el: _distance(doc.order.get(el, 0) - anchor))


def _sku(doc: Document) -> str | None:
    """Read an itemprop=sku outside microdata items, or a one-word element classed 'sku'."""
    for el in doc.root.xpath("//*[@itemprop='sku']"):
        value = (el.get("content") or text_of(el)).strip()
        if value and len(value) < 80:
            return value
    for el in doc.root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' sku ')]"):
        value = text_of(el)
        if value and " " not in value and len(value) < 80 and not _in_excluded_zone(el):
            return value
    return None
