"""Where an element sits on a page: inside a related-product, cart or footer zone, near the H1.

Product pages repeat prices and stock labels in carousels, mini-carts and footers; the
heuristics read only what sits in the page's main zone, nearest after the H1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

from lxml import etree

from crawlers.extractors.document import Document, marks_matcher

NOT_CONTENT = frozenset({"meta", "link", "script", "style", "input", "option", "select"})
"""Tags whose text is never what a shopper reads as a price or stock label."""
_EXCLUDED_ZONE = re.compile(
    r"related|upsell|up-sell|cross-sell|crosssell|recommend|similar|also|recent|viewed|"
    r"carousel|slider|swiper|mini-cart|minicart|cart-drawer|header-cart|wishlist|bundle|"
    r"accessor|newsletter|footer|sidebar|widget"
)
_SCAN_LIMIT = 150
_SMALL_SUBTREE = 4


def in_excluded_zone(doc: Document, el: etree._Element) -> bool:
    """Inside related-product, cart, footer or navigation zones (body classes do not count)."""
    return in_zone(doc, el, "excluded_zone", _is_excluded_container)


def in_zone(
    doc: Document,
    el: etree._Element,
    name: str,
    is_zone: Callable[[Document, etree._Element], bool],
) -> bool:
    """Tell whether an ancestor of `el` below <body> is a zone by `is_zone`.

    Memoised per ancestor for the page under `name`, so checking many elements stays linear.
    """
    memo: dict[etree._Element, bool] = doc.memo(name, dict)
    path: list[etree._Element] = []
    node, inside = el.getparent(), False
    while node is not None and node.tag not in ("body", "html"):
        if node in memo:
            inside = memo[node]
            break
        path.append(node)
        if is_zone(doc, node):
            inside = True
            break
        node = node.getparent()
    for visited in path:
        memo[visited] = inside
    return inside


def _is_excluded_container(doc: Document, node: etree._Element) -> bool:
    return node.tag in ("footer", "nav", "aside") or _is_excluded_zone(doc.marks(node))


def nearest_to_h1(doc: Document, elements: list[etree._Element]) -> list[etree._Element]:
    """`elements` from the H1 on in document order, then those before it, nearest first."""
    ordered = sorted(elements, key=doc.position)
    if doc.h1 is None:
        return ordered
    anchor = doc.position(doc.h1)
    after = [el for el in ordered if doc.position(el) >= anchor]
    before = [el for el in ordered if doc.position(el) < anchor]
    return after + before[::-1]


def after_h1(doc: Document) -> Iterator[etree._Element]:
    """Content elements following the H1, outside excluded zones, a bounded number of them."""
    if doc.h1 is None:
        return
    for el in islice(_following(doc.h1), _SCAN_LIMIT):
        if (
            el.tag not in NOT_CONTENT
            and el.tag not in ("footer", "nav")
            and not in_excluded_zone(doc, el)
        ):
            yield el


def _following(element: etree._Element) -> Iterator[etree._Element]:
    """The XPath `following::*` axis, lazily: later siblings' subtrees, then the parents'."""
    node: etree._Element | None = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter(etree.Element)
        node = node.getparent()


def small_text(doc: Document, el: etree._Element) -> str:
    """Return the text of a tiny subtree, else only the element's own text (bounded work)."""
    if is_small(el):
        return doc.text(el)
    return (el.text or "").strip()


def is_small(el: etree._Element) -> bool:
    """Tell whether the element has at most a handful of descendants."""
    return next(islice(el.iterdescendants(), _SMALL_SUBTREE, None), None) is None


_is_excluded_zone = marks_matcher(_EXCLUDED_ZONE)
