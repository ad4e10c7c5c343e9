"""What a shopper reads on a product page (price, stock, SKU) when no structured data says it.

The main price is the price block nearest after the H1 (a price block is the outermost element
whose class/id/itemprop mentions price in some language), skipping related-product, cart and
footer zones. Inside the block (read by `price_reading`), `<del>/<s>`, line-through styles,
classes like old/regular/compare and words like UVP/Was/au lieu de mark the regular price;
`<ins>`, classes like sale/special and words like Now/jetzt the current one. A list price is
never the price while another price stands beside it. Without any price-classed element, the
first currency-bearing selling price after the H1 is used. Stock wording and SKU come from
`stock`; what counts as the page's main zone from `zones`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from decimal import Decimal

from lxml import etree

from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.fields import ProductFields
from crawlers.extractors.price_labels import IGNORED, REGULAR, SALE, label_role
from crawlers.extractors.price_reading import PLAIN, RolePrice, is_regular_class, read_prices
from crawlers.extractors.prices import ParsedPrice, parse_price_text
from crawlers.extractors.stock import visible_availability, visible_sku
from crawlers.extractors.zones import (
    NOT_CONTENT,
    after_h1,
    in_excluded_zone,
    is_small,
    nearest_to_h1,
)

PRICE_FIELDS = frozenset({"price", "regular_price", "currency", "price_raw"})
"""Fields the visible-price heuristics fill."""
STOCK_FIELDS = frozenset({"availability", "availability_raw"})
"""Fields the stock heuristics fill."""
ALL_FIELDS = PRICE_FIELDS | STOCK_FIELDS | {"sku"}
"""Every field the heuristics can fill."""

_PRICE_CLASS = re.compile(
    r"price|preis|prix|precio|prezzo|preco|preço|tsena|cijena|(?<![a-z])(pris|cena|hinta|fiyat)(?![a-z])"
)
_GROUP_TEXT = 300
_MAX_TEXT_PRICE = 60
_MAX_LABEL = 25
_PRICE_TEXT = 200  # parse_price_text rejects longer texts as paragraphs
_PERCENT = re.compile(r"[-–−]?\s*\d+(?:[.,]\d+)?\s*%")
_RANGE = re.compile(r"\d\s*\S{0,4}\s*(?:[-–—]|to|bis|à|до)\s*\D{0,4}\d")
_DIGIT = re.compile(r"\d")
_CURRENCYISH = re.compile(
    r"\d.*(?:[$€£¥₽₴₹₩₺₪]|(?<!\w)(?:kr|zł|kč|chf|fr|руб|грн|р|ft|lei|lv|usd|eur|gbp)(?!\w))|"
    r"(?:[$€£¥₽₴₹₩₺₪]|(?<!\w)(?:chf|fr|usd|eur|gbp|kr)(?!\w)).*\d",
    re.IGNORECASE,
)


def fields_from_heuristics(doc: Document, wanted: Collection[str] = ALL_FIELDS) -> ProductFields:
    """Price, regular price, currency, availability and SKU as a shopper would read them.

    Only the groups of fields named in `wanted` are looked for (the others stay None), so a
    page whose structured data already says everything costs no scanning.
    """
    part = ProductFields(source="heuristics")
    if not PRICE_FIELDS.isdisjoint(wanted):
        _visible_prices(part, doc)
    if not STOCK_FIELDS.isdisjoint(wanted):
        part.availability, part.availability_raw = visible_availability(doc)
    if "sku" in wanted:
        part.sku = visible_sku(doc)
    return part


def _visible_prices(part: ProductFields, doc: Document) -> None:
    block = main_price_block(doc)
    text_price = _first_text_price(doc)
    if block is not None and (text_price is None or _before(doc, block, text_price[0])):
        _prices_from_block(part, block, doc)
    elif text_price is not None:
        _, parsed, regular = text_price
        part.price, part.price_raw, part.regular_price = parsed.amount, parsed.raw, regular
        part.currency = doc.currency(parsed.symbol)


def _before(doc: Document, a: etree._Element, b: etree._Element) -> bool:
    return doc.position(a) <= doc.position(b)


def main_price_block(doc: Document) -> etree._Element | None:
    """Find the price block the page is about: nearest after the H1, outside related zones.

    Sibling blocks (old and current price in separate elements) are grouped under their
    common parent while that parent stays small.
    """
    prices = list(_main_zone_prices(doc))
    blocks = list(dict.fromkeys(_block_of(doc, el) for el in prices))
    if not blocks:
        return None
    return _grouped(doc, nearest_to_h1(doc, blocks)[0], prices)


def _grouped(doc: Document, block: etree._Element, prices: list[etree._Element]) -> etree._Element:
    for _ in range(2):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if doc.short_text(parent, _GROUP_TEXT) is None:
            break
        if not any(_inside(el, parent) and not _inside(el, block) for el in prices):
            break
        block = parent
    return block


def _inside(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def price_elements(doc: Document) -> list[etree._Element]:
    """Elements in <body> whose class, id or itemprop mentions a price (computed once per page)."""
    return doc.memo("price_elements", lambda: _price_elements(doc))


def _price_elements(doc: Document) -> list[etree._Element]:
    return [
        el
        for el, marks in doc.marked.items()
        if _is_price_class(marks) and el.tag not in NOT_CONTENT
    ]


def price_text_elements(doc: Document) -> list[etree._Element]:
    """Elements whose own short text is a price with a currency symbol ('£24.99', '990 руб.')."""
    return doc.memo("price_text_elements", lambda: _price_text_elements(doc))


def _price_text_elements(doc: Document) -> list[etree._Element]:
    found = []
    for el in doc.root.iter(etree.Element):
        text = el.text
        if not text or len(text) > _MAX_TEXT_PRICE or el.tag in NOT_CONTENT:
            continue
        if _DIGIT.search(text) and _CURRENCYISH.search(text):
            parsed = parse_price_text(text)
            if parsed is not None and parsed.symbol and doc.currency(parsed.symbol):
                found.append(el)
    return found


def _main_zone_prices(doc: Document) -> Iterator[etree._Element]:
    for el in price_elements(doc):
        if not in_excluded_zone(doc, el) and _price_of(doc, el) is not None:
            yield el


def _block_of(doc: Document, el: etree._Element) -> etree._Element:
    block = el
    parent = block.getparent()
    while parent is not None and _is_price_class(doc.marks(parent)):
        block = parent
        parent = block.getparent()
    return block


def _prices_from_block(part: ProductFields, block: etree._Element, doc: Document) -> None:
    found = [p for p in read_prices(block, doc) if p.role != IGNORED]
    sale = [p.price for p in found if p.role == SALE]
    plain = [p.price for p in found if p.role == PLAIN]
    regular = [p.price for p in found if p.role == REGULAR]
    chosen = next(iter(sale or plain or regular), None)
    if chosen is None:
        return
    part.price, part.price_raw = chosen.amount, chosen.raw
    symbol = chosen.symbol or _block_symbol(block, doc)
    part.currency = doc.currency(symbol)
    part.regular_price = next((p.amount for p in regular if p.amount > chosen.amount), None)
    if part.regular_price is None and not sale and not regular:
        part.regular_price = _second_plain_price(plain, block, doc)


def _second_plain_price(
    plain: list[ParsedPrice], block: etree._Element, doc: Document
) -> Decimal | None:
    """Two unlabelled prices, the second higher and not a range end: the second is the old one.

    Themes like Aspro style the old price only through CSS (`.price.discount`).
    """
    if len(plain) != 2 or not plain[1].amount > plain[0].amount:
        return None
    text = _PERCENT.sub(" ", doc.text(block))
    return None if _RANGE.search(text) else plain[1].amount


def _price_of(doc: Document, element: etree._Element) -> ParsedPrice | None:
    """`parse_price_text(text_of(element))`, without reading texts too long to be a price."""
    return parse_price_text(doc.short_text(element, _PRICE_TEXT))


def _block_symbol(block: etree._Element, doc: Document) -> str | None:
    parsed = _price_of(doc, block)
    return parsed.symbol if parsed else None


def _first_text_price(
    doc: Document,
) -> tuple[etree._Element, ParsedPrice, Decimal | None] | None:
    """First currency-bearing selling price after the H1 (its element, it, a list price above it).

    Struck-through, old-classed and was/UVP-labelled prices are set aside as list prices; a
    label standing alone in the element before ('UVP', 'Was:') labels the next price.
    """
    struck: list[ParsedPrice] = []
    pending: str | None = None
    for el in after_h1(doc):
        found = _text_prices(el, doc)
        if not found:
            pending = _lone_label(el) or pending
            continue
        line_struck = _is_struck(el, doc)
        for item in found:
            role = pending if item.role == PLAIN and pending else item.role
            if role == IGNORED:
                continue
            if role == REGULAR or line_struck:
                struck.append(item.price)
                continue
            later = [p.price for p in found if p.role == REGULAR]
            regular = next((p.amount for p in struck + later if p.amount > item.price.amount), None)
            return el, item.price, regular
        pending = None
    return None


def _text_prices(el: etree._Element, doc: Document) -> list[RolePrice]:
    """Prices with a currency symbol in the element's own text, else in its tiny subtree."""
    own = el.text
    if own and _DIGIT.search(own):
        found = _with_symbol(read_prices(el, doc, own_text=True))
        if found:
            return found
    if len(el) and is_small(el) and _DIGIT.search(doc.text(el)):
        return _with_symbol(read_prices(el, doc))
    return []


def _with_symbol(found: list[RolePrice]) -> list[RolePrice]:
    return [p for p in found if p.price.symbol and len(p.price.raw) <= _MAX_TEXT_PRICE]


def _lone_label(el: etree._Element) -> str | None:
    """The role a short label-only text gives the next price ('UVP', 'Statt:', 'Was')."""
    own = (el.text or "").strip()
    if not own or len(own) > _MAX_LABEL or _DIGIT.search(own):
        return None
    return label_role(own)


def _is_struck(el: etree._Element, doc: Document) -> bool:
    """Struck through or classed as old/regular: the element or its line."""
    for node in (el, *el.iterancestors()):
        if (
            node.tag in ("del", "s", "strike")
            or "line-through" in (node.get("style") or "")
            or is_regular_class(doc.marks(node))
        ):
            return True
        if node.tag in ("li", "div", "p", "body"):
            return False
    return False


_is_price_class = marks_matcher(_PRICE_CLASS)
