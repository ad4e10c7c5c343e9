"""A product's category path from its breadcrumbs (BreadcrumbList, else breadcrumb markup)."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from crawlers.extractors.document import Document, text_of
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.structured import Node, as_list, first, types_of
from crawlers.extractors.urls import canonicalise

_SEPARATORS = re.compile(r"^[\s>/»›|→\\·•-]*$")
_WORD = "breadcrumb"
# aria-label="Breadcrumb" on an element without class or id (Bootstrap's <nav>).
_ARIA_WORD = re.compile(rb"aria-label\s*=\s*(?:\"[^\"]*|'[^']*|[^\s>]*)breadcrumb")
_ARIA_LABELLED = etree.XPath("//body//*[@aria-label]")


def breadcrumbs(doc: Document, own_names: set[str | None]) -> str | None:
    """' > '-joined crumbs without the home crumb and without the product itself."""
    crumbs = _structured_crumbs(doc) or _html_crumbs(doc)
    if (crumbs and crumbs[-1][0] in own_names) or (crumbs and _is_page(crumbs[-1][1], doc)):
        crumbs = crumbs[:-1]
    names = [name for name, url in crumbs if not _is_home(url, doc)]
    return " > ".join(names) if names else None


def _structured_crumbs(doc: Document) -> list[tuple[str, str | None]]:
    for node in doc.structured.all_nodes():
        if "BreadcrumbList" in types_of(node):
            crumbs = _list_crumbs(node)
            if crumbs:
                return crumbs
    return []


def _list_crumbs(node: Node) -> list[tuple[str, str | None]]:
    items = [i for i in as_list(node.get("itemListElement")) if isinstance(i, dict)]
    items.sort(key=lambda i: _position(i.get("position")))
    crumbs = []
    for item in items:
        target = first(item.get("item"))
        name = text_value(item.get("name")) or text_value(target)
        url = target if isinstance(target, str) else None
        if isinstance(target, dict):
            url = first(target.get("@id")) or first(target.get("url"))
        if name:
            crumbs.append((name, url if isinstance(url, str) else None))
    return crumbs


def _html_crumbs(doc: Document) -> list[tuple[str, str | None]]:
    container = _container(doc)
    if container is None:
        return []
    items = list(container.iter("li")) or list(container.iter("a"))
    crumbs = []
    for item in items:
        name = text_of(item)
        anchor = item if item.tag == "a" else item.find(".//a")
        if name and not _SEPARATORS.match(name) and len(name) < 120:
            crumbs.append((name, anchor.get("href") if anchor is not None else None))
    return crumbs


def _container(doc: Document) -> etree._Element | None:
    """First element in <body> whose class, id or aria-label says 'breadcrumb' (any case)."""
    if not doc.mentions(_WORD.encode()):
        return None
    found = [el for el, marks in doc.marked.items() if _may_say(marks) and _says(el)]
    if _ARIA_WORD.search(doc.lowered):
        found.extend(el for el in _ARIA_LABELLED(doc.root) if _says(el))  # type: ignore[union-attr]
    return min(found, key=doc.position, default=None)


@lru_cache(maxsize=16384)
def _may_say(marks: str) -> bool:
    """Cheap pre-test on the marks (camelCase splitting inserts '-' into 'BreadCrumb')."""
    return _WORD in marks.replace("-", "")


def _says(element: etree._Element) -> bool:
    if element.tag == "script":
        return False
    values = (element.get(name, "") for name in ("class", "id", "aria-label"))
    return any(_WORD in value.lower() for value in values)


def _is_home(url: str | None, doc: Document) -> bool:
    return _same_page(url, doc.context.homepage, doc)


def _is_page(url: str | None, doc: Document) -> bool:
    return _same_page(url, doc.page.url, doc)


def _same_page(url: str | None, other: str, doc: Document) -> bool:
    if not url:
        return False
    a = canonicalise(doc.absolute(url) or "")
    b = canonicalise(other)
    return a is not None and b is not None and a.rstrip("/") == b.rstrip("/")


def _position(value: object) -> float:
    try:
        return float(str(first(value)))
    except ValueError:
        return float("inf")
