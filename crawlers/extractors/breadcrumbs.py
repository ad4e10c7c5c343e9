"""A product's category path from its breadcrumbs (BreadcrumbList, else breadcrumb markup)."""

from __future__ import annotations

import re

from crawlers.extractors.document import Document, text_of
from crawlers.extractors.schema_product import text_value
from crawlers.extractors.structured import Node, as_list, first, types_of
from crawlers.extractors.urls import canonicalise

_SEPARATORS = re.compile(r"^[\s>/»›|→\\·•-]*$")
_BREADCRUMB_XPATH = (
    "//body//*[contains(translate(concat(@class, ' ', @id, ' ', @aria-label),"
    " 'BREADCUM', 'breadcum'), 'breadcrumb')][not(self::script)]"
)


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
    containers = doc.root.xpath(_BREADCRUMB_XPATH)
    if not containers:
        return []
    container = containers[0]
    items = list(container.iter("li")) or list(container.iter("a"))
    crumbs = []
    for item in items:
        name = text_of(item)
        anchor = item if item.tag == "a" else item.find(".//a")
        if name and not _SEPARATORS.match(name) and len(name) < 120:
            crumbs.append((name, anchor.get("href") if anchor is not None else None))
    return crumbs


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
