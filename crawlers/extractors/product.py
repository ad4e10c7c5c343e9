"""The PRODUCT extractor: one Product per product page, merged from every source on the page."""

from __future__ import annotations

from dataclasses import replace

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.breadcrumbs import breadcrumbs
from crawlers.extractors.configured import fields_from_selectors
from crawlers.extractors.document import Document
from crawlers.extractors.fields import ProductFields, merge
from crawlers.extractors.heuristics import ALL_FIELDS, fields_from_heuristics
from crawlers.extractors.html_page import html_extraction
from crawlers.extractors.opengraph import fields_from_opengraph
from crawlers.extractors.platforms import page_currency
from crawlers.extractors.registry import register
from crawlers.extractors.schema_product import fields_from_node, text_value
from crawlers.extractors.structured import Node, first
from crawlers.extractors.urls import canonicalise, same_site
from crawlers.items import PageFailure, Product
from crawlers.page import FetchedPage


@register(PageKind.PRODUCT)
class ProductExtractor:
    """Product page: name, price, regular price, currency, availability, SKU, GTIN, brand, category.

    Sources, earlier winning field by field: JSON-LD, microdata, RDFa, OpenGraph, the
    configured selectors, og:title/H1, then visible-price heuristics. A page without product
    data gives a `parse_error` PageFailure. Links on the page are returned too.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        doc = Document(page, context)
        product = build_product(doc)
        item = product or PageFailure(
            url=page.url,
            kind=PageKind.PRODUCT,
            status="parse_error",
            reason="no product data found",
            http_status=page.status,
        )
        return html_extraction(doc, [item])


def build_product(doc: Document, *, main_only: bool = False) -> Product | None:
    """Build the page's Product, or None without product data.

    `main_only` (for listing pages) accepts only a page with a single main structured product
    or a matching price selector, so category pages are not mistaken for products.
    """
    structured = _structured_parts(doc)
    selectors = fields_from_selectors(doc)
    if main_only and not (_single_main_product(doc) or selectors.has_price):
        return None
    parts = [*structured, fields_from_opengraph(doc), selectors, _page_part(doc, structured)]
    parts.append(_heuristics(doc, parts))
    if not (structured or selectors.name or any(p.has_price for p in parts)):
        return None
    product = merge(doc.page.url, parts)
    return _finish(product, doc, parts) if product else None


def _structured_parts(doc: Document) -> list[ProductFields]:
    """One part per syntax; later syntaxes only when they describe the same product."""
    by_syntax: dict[str, list[Node]] = {}
    for label, node in doc.structured.main_products():
        by_syntax.setdefault(label, []).append(node)
    parts: list[ProductFields] = []
    for label, nodes in by_syntax.items():
        part = fields_from_node(_best_node(nodes, doc), label, doc)
        if not parts or _same_product(parts[0], part):
            parts.append(part)
    return parts


def _same_product(a: ProductFields, b: ProductFields) -> bool:
    """Unnamed parts agree with anything; named ones need the same name, SKU or URL."""
    if not a.name or not b.name:
        return True
    pairs = (
        (a.name.casefold(), b.name.casefold()),
        (a.sku, b.sku),
        (a.canonical_url, b.canonical_url),
    )
    return any(x and x == y for x, y in pairs)


def _best_node(nodes: list[Node], doc: Document) -> Node:
    own = {canonicalise(doc.page.url), canonicalise(_canonical_link(doc) or "")}
    for node in nodes:
        url = first(node.get("url")) or node.get("@id")
        if isinstance(url, str) and canonicalise(doc.absolute(url) or "") in own:
            return node
    return next((n for n in nodes if n.get("offers") or n.get("hasVariant")), nodes[0])


def _single_main_product(doc: Document) -> bool:
    """Tell whether the first syntax describing products describes exactly one."""
    labels = [label for label, _node in doc.structured.main_products()]
    return bool(labels) and labels.count(labels[0]) == 1


def _page_part(doc: Document, structured: list[ProductFields]) -> ProductFields:
    """Plain page facts: og:title or H1 as the name, rel=canonical, breadcrumbs as category."""
    og_title = text_value(doc.structured.opengraph.get("og:title"))
    h1 = doc.text(doc.h1) or None
    crumbs = breadcrumbs(doc, {og_title, h1, *(p.name for p in structured)})
    for part in structured:  # the site's own breadcrumb path beats Product.category
        part.category = crumbs or part.category
    return ProductFields(
        source="html", name=og_title or h1, canonical_url=_canonical_link(doc), category=crumbs
    )


def _heuristics(doc: Document, parts: list[ProductFields]) -> ProductFields:
    """Visible facts that fill gaps; the regular price only when the visible price agrees.

    Only gaps are looked for: the earlier parts win every field they have.
    """
    gaps = {name for name in ALL_FIELDS if all(getattr(p, name) is None for p in parts)}
    seen = fields_from_heuristics(doc, gaps)
    price = next((p.price for p in parts if p.has_price), None)
    if price is not None and seen.price != price:
        seen.regular_price = None
    return seen


def _canonical_link(doc: Document) -> str | None:
    return doc.memo("canonical_link", lambda: _read_canonical_link(doc))


def _read_canonical_link(doc: Document) -> str | None:
    for element in doc.root.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            url = canonicalise(doc.absolute(element.get("href")) or "")
            if url and same_site(url, doc.context.homepage):
                return url
    return None


def _finish(product: Product, doc: Document, parts: list[ProductFields]) -> Product:
    """rel=canonical before structured URLs; the page's or site's currency when none was read."""
    candidates = [_canonical_link(doc), *(p.canonical_url for p in parts)]
    canonical = next((url for c in candidates if (url := _same_site(c, doc))), None)
    currency = product.currency
    if currency is None and product.price is not None:
        currency = page_currency(doc) or doc.context.currency_hint
    return replace(product, canonical_url=canonical, currency=currency)


def _same_site(url: str | None, doc: Document) -> str | None:
    canonical = canonicalise(url) if url else None
    return canonical if canonical and same_site(canonical, doc.context.homepage) else None
