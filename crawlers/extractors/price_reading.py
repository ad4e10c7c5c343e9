"""Every price written in a small piece of page, with its role: current, list/was, or no price.

A price block often shows two prices ("UVP 521,95 € 469,95 €", "Was £60 Now £45"), sometimes in
one element. The block's visible text is read as a sequence of amounts with their currency
symbols; each amount's role comes from the markup around it (`<del>/<s>/<strike>`, a
`line-through` style, old/regular/sale classes) and else from the words before it
(`price_labels`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from crawlers.extractors.currency import local_currencies, resolve_currency
from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.price_labels import IGNORED, REGULAR, SALE, label_role
from crawlers.extractors.prices import ParsedPrice, clean_text, parse_price_text
from crawlers.extractors.zones import NOT_CONTENT

PLAIN = "plain"
"""Role of an amount nothing labels."""

_REGULAR_CLASS = re.compile(
    r"(?<![a-z])(old|regular|compare|was|strike|striked|crossed|before|original|list|rrp|uvp|"
    r"msrp|retail|previous|statt|bisher|normal|full|initial|base|pieno|barrato|vecchio|"
    r"precedente|ancien|barre|anterior|antes|tachado|stary|stara|stare|przekreslona|oude|doorgestreept|"
    r"staraya|zacherknutaya|standard|strikethrough|strikeout|oldprice|listprice|regularprice|"
    r"compareprice|wasprice|comparativo|line-through|linethrough|lista|vorher|"
    r"streich\w*|durchgestrichen\w*|\w*strikethrough)(?![a-z])|старая|зачеркн|перечеркн"
)
_SALE_CLASS = re.compile(
    r"(?<![a-z])(sale|special|current|final|now|actual|new|promo|discounted|reduced|"
    r"offer|deal|sonder|aktion|sell|selling)(?![a-z])"
)
# Savings, taxes, unit and instalment prices sit in price blocks but are not the price.
_IGNORED_CLASS = re.compile(
    r"(?<![a-z])(saving|savings|save|you-save|economy|economie|ahorro|risparmio|ersparnis|discount-amount|percent|percentage|"
    r"price-tax|tax-price|ex-tax|excl-tax|price-excluding-tax|per-unit|unit-price|base-price|"
    r"installment|instalment|monthly|credit|lowest|omnibus)(?![a-z])"
)
_STRUCK_TAGS = frozenset({"del", "s", "strike"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head"} | NOT_CONTENT)
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"[-–−]?\s*\d+(?:[.,]\d+)?\s*%")
_NUMBER = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:[ ,.'’]\d{3}(?!\d))+|\d+)"
    r"(?:[.,]\d{1,2}(?!\d)|[.,][-–—]{1,2}|(?P<sign>[€$£¥₽])\d{2}(?!\d))?"
)
"""An amount: '1.299,00', '1 299', "1'299.50", '19,-', or French '19€99' with the sign inside."""
_SYMBOL_BEFORE = re.compile(r"([^\s\d]{1,12})\s?$")
_SYMBOL_AFTER = re.compile(r"\s?([^\s\d]{1,12})")
_PUNCTUATION = "()[]{}:;,*!?/\"'«»„“”-–—−"
_SPLIT = re.compile(r"[()\[\]{}:;,*!?/\"'«»„“”\-–—−]+")


@dataclass(frozen=True, slots=True)
class RolePrice:
    """One amount in a price block and what it is."""

    role: str
    """'plain', 'sale', 'regular' or 'ignored'."""
    price: ParsedPrice
    """The amount, its currency symbol as written (None when none stands beside it), raw text."""
    element: etree._Element
    """The element whose own text holds the amount."""


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    symbol: str | None


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    label: str | None
    price: ParsedPrice


def read_prices(
    container: etree._Element, doc: Document, *, own_text: bool = False
) -> list[RolePrice]:
    """Every amount in `container`'s visible text (only its own text with `own_text`), in order.

    Amounts without a currency symbol count only when no amount in the container has one.
    """
    text, owners, starts = _text_with_owners(container, own_text)
    if not _DIGIT.search(text):
        return []
    found: list[RolePrice] = []
    for amount in _amounts(text, doc.lang, doc.host, doc.context.currency_hint):
        owner = owners[bisect_right(starts, amount.start) - 1]
        role = _combined(_markup_role(owner, container, doc), amount.label)
        found.append(RolePrice(role=role, price=amount.price, element=owner))
    return found


@lru_cache(maxsize=8192)  # the same price texts recur across a site's pages
def _amounts(text: str, lang: str | None, host: str, hint: str | None) -> tuple[_Amount, ...]:
    """The amounts in `text` with the role their wording gives them."""
    place = _Place(lang, host, hint)
    tokens = _tokens(_PERCENT.sub(lambda m: " " * len(m.group()), text), place)
    if any(t.symbol for t in tokens):
        tokens = [t for t in tokens if t.symbol]
    found: list[_Amount] = []
    for index, token in enumerate(tokens):
        parsed = parse_price_text(text[token.start : token.end])
        if parsed is None:
            continue
        before = text[tokens[index - 1].end if index else 0 : token.start]
        after = text[token.end : tokens[index + 1].start if index + 1 < len(tokens) else len(text)]
        price = ParsedPrice(amount=parsed.amount, symbol=token.symbol, raw=parsed.raw)
        found.append(_Amount(token.start, label_role(before, after), price))
    return tuple(found)


def _markup_role(el: etree._Element, container: etree._Element, doc: Document) -> str:
    """The nearest decisive tag, style or class from `el` up to `container`.

    The container's own classes count only when `el` is the container (a price block's
    'price-box' says nothing about the prices inside).
    """
    node: etree._Element | None = el
    while node is not None:
        if node.tag in _STRUCK_TAGS or "line-through" in (node.get("style") or ""):
            return REGULAR
        if node.tag == "ins":
            return SALE
        if node is not container or node is el:
            marks = doc.marks(node)
            if _is_ignored_class(marks):
                return IGNORED
            if is_regular_class(marks):
                return REGULAR
            if _is_sale_class(marks):
                return SALE
        if node is container:
            break
        node = node.getparent()
    return PLAIN


def _combined(markup: str, label: str | None) -> str:
    """Markup decides, except that ignoring wording wins and labels speak for plain amounts."""
    if label == IGNORED:
        return IGNORED
    if markup != PLAIN or label is None:
        return markup
    return label


def _tokens(text: str, place: _Place) -> list[_Token]:
    """Amounts with the currency symbol written right before or after them.

    A symbol between two amounts belongs to the first when that one has none before it
    ('521,95 € 469,95 €'), else to the second ('€ 29,99 € 19,99').
    """
    tokens: list[_Token] = []
    free_from = 0
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if match["sign"]:
            tokens.append(_Token(start, end, match["sign"]))
            free_from = end
            continue
        before = _SYMBOL_BEFORE.search(text, free_from, start)
        symbol = _symbol(before.group(1), place, last=True) if before else None
        if symbol is not None:
            start = text.rindex(symbol, free_from, start)
        else:
            after = _SYMBOL_AFTER.match(text, end)
            symbol = _symbol(after.group(1), place, last=False) if after else None
            if symbol is not None:
                end = text.index(symbol, end) + len(symbol)
        tokens.append(_Token(start, end, symbol))
        free_from = end
    return tokens


def _symbol(run: str, place: _Place, *, last: bool) -> str | None:
    """The currency symbol ending (`last`) or starting a run of non-space text, if any."""
    parts = [p for p in _SPLIT.split(run) if p]
    if not parts:
        return None
    candidates = (parts[-1] if last else parts[0], run.strip(_PUNCTUATION))
    return next((c for c in candidates if c and _is_symbol(c, place)), None)


@dataclass(frozen=True, slots=True)
class _Place:
    """What resolves a currency symbol: the page's language, host and the site's hint."""

    lang: str | None
    host: str
    hint: str | None


def _is_symbol(candidate: str, place: _Place) -> bool:
    """A currency sign or code; a letter abbreviation only in the page's own currency.

    Letters alone are too often units or words ('500 g', 'le 12 mars') to be trusted
    without the page's language, country or site hint pointing at that currency.
    """
    if not any(ch.isalpha() or unicodedata.category(ch) == "Sc" for ch in candidate):
        return False
    code = resolve_currency(candidate, lang=place.lang, host=place.host, hint=place.hint)
    if code is None:
        return False
    if not candidate.isalpha() or candidate == code:
        return True
    return code in local_currencies(place.lang, place.host, place.hint)


def _text_with_owners(
    container: etree._Element, own_text: bool
) -> tuple[str, list[etree._Element], list[int]]:
    """Visible text (whitespace collapsed) and, per piece, its owning element and offset."""
    owners: list[etree._Element] = []
    starts: list[int] = []
    pieces: list[str] = []
    offset = 0
    for owner, raw in _pieces(container, own_text):
        piece = clean_text(raw)
        if not piece:
            continue
        owners.append(owner)
        starts.append(offset)
        pieces.append(piece)
        offset += len(piece) + 1
    return " ".join(pieces), owners, starts


def _pieces(root: etree._Element, own_text: bool) -> Iterator[tuple[etree._Element, str]]:
    """(owner, text) in document order: an element owns its text and its children's tails."""
    if own_text:
        if root.text:
            yield root, root.text
        return
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, is_tail = stack.pop()
        if is_tail:
            parent = element.getparent()
            if element.tail and parent is not None:
                yield parent, element.tail
            continue
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            continue
        if element.text:
            yield element, element.text
        for child in reversed(element):
            stack.append((child, True))
            stack.append((child, False))


is_regular_class: Callable[[str], bool] = marks_matcher(_REGULAR_CLASS)
"""Tell whether class/id marks say old, list, was or struck-through price."""
_is_sale_class = marks_matcher(_SALE_CLASS)
_is_ignored_class = marks_matcher(_IGNORED_CLASS)
