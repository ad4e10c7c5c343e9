"""Links worth following from a page, canonical and classified (product, paging, category...).

A link is a product link when the configured `product_link` selector picks it, structured data
lists it (ItemList), it sits in a repeated product card (a container holding a price, repeated at
least twice), or its URL has a product shape. Pagination comes from rel=next/prev or page
parameters; category links from URL shapes or navigation menus; everything else same-site is
kept at the lowest priority. Faceted-navigation links (`facets`) are not followed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

from crawlers.extractors.base import PageKind
from crawlers.extractors.configured import select_elements, select_values
from crawlers.extractors.document import Document
from crawlers.extractors.facets import adds_filters, facet_anchors
from crawlers.extractors.heuristics import price_elements, price_text_elements
from crawlers.extractors.platforms import SHOPIFY, detect_platform, shopify_product_url
from crawlers.extractors.structured import as_list, first, types_of
from crawlers.extractors.urls import (
    canonicalise,
    is_excluded,
    is_pagination,
    looks_like_category,
    looks_like_product,
    same_site,
)
from crawlers.items import Link

PRODUCT_PRIORITY = 30
PAGINATION_PRIORITY = 20
CATEGORY_PRIORITY = 10
OTHER_PRIORITY = 0

_NAV_CLASS = re.compile(
    r"(?<![a-z])(nav|navbar|navigation|menu|megamenu|categories|catalog-menu)(?![a-z])"
)
_CARD_CLIMB = 6
_ROLE_NAVIGATION = etree.XPath("//*[@role='navigation']")
_NAV_TAGS = ("nav", "ul", "div", "aside")
_LIST_TYPES = frozenset({"ItemList", "OfferCatalog"})
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def extract_links(doc: Document) -> list[Link]:
    """Every same-site link on the page worth crawling, deduplicated, best priority kept."""
    own = canonicalise(doc.page.url)
    explicit = _selector_links(doc) | _structured_links(doc) | _card_links(doc)
    nav = _nav_anchors(doc)
    facets = facet_anchors(doc)
    best: dict[str, int] = {}
    for element, href in _anchors(doc):
        url = _followable(doc, href)
        if url is None or url == own or element in facets or adds_filters(url, own):
            continue
        priority = _priority(url, element, explicit, nav)
        if best.get(url, -1) < priority:
            best[url] = priority
    for url in explicit - best.keys():
        if url != own:
            best[url] = PRODUCT_PRIORITY
    return [_link(url, priority) for url, priority in best.items()]


def _followable(doc: Document, href: str | None) -> str | None:
    """Canonicalise `href` if same-site, http(s) and not a file, utility page or trap."""
    if not href:
        return None
    cache: dict[str, str | None] = doc.memo("followable", dict)
    if href not in cache:
        cache[href] = _resolve(doc, href)
    return cache[href]


def _resolve(doc: Document, href: str) -> str | None:
    if not href or href.strip().lower().startswith(_SKIPPED_SCHEMES):
        return None
    absolute = doc.absolute(href)
    if not absolute:
        return None
    return _crawlable(absolute, doc.context.homepage, detect_platform(doc) == SHOPIFY)


@lru_cache(maxsize=16384)  # menus and footers repeat on every page of a site
def _crawlable(absolute: str, homepage: str, shopify: bool) -> str | None:
    """The canonical URL of a same-site, non-excluded absolute URL, else None."""
    if not same_site(absolute, homepage):
        return None
    url = canonicalise(absolute)
    if url is None or is_excluded(url):
        return None
    return shopify_product_url(url) if shopify else url


@lru_cache(maxsize=16384)  # links are immutable; menus give the same ones on every page
def _link(url: str, priority: int) -> Link:
    kind = PageKind.PRODUCT if priority == PRODUCT_PRIORITY else PageKind.LISTING
    return Link(url=url, kind=kind, priority=priority)


def _priority(
    url: str, element: etree._Element, explicit: set[str], nav: set[etree._Element]
) -> int:
    if url in explicit:
        return PRODUCT_PRIORITY
    if _is_rel_paging(element):
        return PAGINATION_PRIORITY
    priority = _url_priority(url)
    if priority == OTHER_PRIORITY and element in nav:
        return CATEGORY_PRIORITY
    return priority


@lru_cache(maxsize=16384)
def _url_priority(url: str) -> int:
    """What the URL's shape alone says: pagination, product, category or other."""
    if is_pagination(url):
        return PAGINATION_PRIORITY
    if looks_like_product(url):
        return PRODUCT_PRIORITY
    return CATEGORY_PRIORITY if looks_like_category(url) else OTHER_PRIORITY


def _anchors(doc: Document) -> Iterator[tuple[etree._Element, str]]:
    for element in doc.root.iter("a", "area", "link"):
        href = element.get("href")
        if href and (element.tag != "link" or _is_rel_paging(element)):
            yield element, href


def _is_rel_paging(element: etree._Element) -> bool:
    rel = element.get("rel")
    return bool(rel) and _paging_rel(rel)


@lru_cache(maxsize=1024)
def _paging_rel(rel: str) -> bool:
    rels = rel.lower().split()
    return "next" in rels or "prev" in rels or "previous" in rels


def _selector_links(doc: Document) -> set[str]:
    """Links the configured `product_link` selector picks (`css@attr`, or elements' hrefs)."""
    spec = doc.context.selectors.product_link
    if spec and "@" in spec:
        values = select_values(doc, spec)
    else:
        elements = select_elements(doc, spec)
        values = [h for el in elements for h in (el.get("href"), _first_href(el)) if h]
    return {url for value in values if (url := _followable(doc, value))}


def _first_href(element: etree._Element) -> str | None:
    anchor = element.find(".//a[@href]")
    return anchor.get("href") if anchor is not None else None


def _structured_links(doc: Document) -> set[str]:
    """Product URLs an ItemList in structured data names."""
    found: set[str] = set()
    for node in doc.structured.all_nodes():
        if types_of(node) & _LIST_TYPES:
            for element in as_list(node.get("itemListElement")):
                url = _followable(doc, _item_url(element))
                if url:
                    found.add(url)
    return found


def _item_url(element: object) -> str | None:
    if isinstance(element, str):
        return element
    if not isinstance(element, dict):
        return None
    item = first(element.get("item"))
    for value in (
        element.get("url"),
        item,
        item.get("url") if isinstance(item, dict) else None,
        item.get("@id") if isinstance(item, dict) else None,
    ):
        value = first(value)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _card_links(doc: Document) -> set[str]:
    """Anchors inside product cards: a container with a price and a link, repeated ≥ 2 times."""
    priced = dict.fromkeys([*price_elements(doc), *price_text_elements(doc)])
    has_link: dict[etree._Element, bool] = {}
    cards = [card for card in (_card_of(el, has_link) for el in priced) if card is not None]
    signatures = Counter(_signature(card) for card in set(cards))
    found: set[str] = set()
    for card in set(cards):
        if signatures[_signature(card)] < 2:
            continue
        for anchor in card.iter("a"):
            url = _followable(doc, anchor.get("href"))
            if url and not is_pagination(url):
                found.add(url)
    return found


def _card_of(price: etree._Element, has_link: dict[etree._Element, bool]) -> etree._Element | None:
    """Nearest ancestor (a few levels up) holding a link; `has_link` memoises the subtree test."""
    node = price.getparent()
    for _ in range(_CARD_CLIMB):
        if node is None or node.tag in ("body", "html"):
            return None
        if node not in has_link:
            has_link[node] = node.find(".//a[@href]") is not None
        if has_link[node]:
            return node
        node = node.getparent()
    return None


def _signature(card: etree._Element) -> tuple[str, str]:
    return card.tag, " ".join(sorted((card.get("class") or "").split()))


def _nav_anchors(doc: Document) -> set[etree._Element]:
    """Anchors inside <nav>, role=navigation or menu-classed ul/div/aside containers."""
    containers = set(doc.root.iter("nav"))
    containers.update(
        el for el, marks in doc.marked.items() if el.tag in _NAV_TAGS and _is_nav_class(marks)
    )
    if doc.mentions(b"navigation"):
        containers.update(el for el in _ROLE_NAVIGATION(doc.root) if el.tag in _NAV_TAGS)  # type: ignore[union-attr]
    anchors: set[etree._Element] = set()
    for container in containers:
        if not any(a in containers for a in container.iterancestors()):  # nested: done with it
            anchors.update(container.iter("a"))
    return anchors


@lru_cache(maxsize=16384)
def _is_nav_class(marks: str) -> bool:
    return _NAV_CLASS.search(marks) is not None
