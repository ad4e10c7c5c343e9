"""The DATA_API extractor: products from the JSON API a single-page-app shop's frontend calls."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from crawlers.extractors.api import UnexpectedBody, failure
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.json_records import (
    next_page_url,
    parse_json,
    payload_currency,
    product_records,
    record_product,
)
from crawlers.extractors.json_url_templates import fill_template, infer_template, url_values
from crawlers.extractors.registry import register
from crawlers.extractors.urls import canonicalise
from crawlers.items import Product
from crawlers.page import FetchedPage

_LINK_NEXT = re.compile(r"<([^>]+)>\s*;[^,]*?\brel\s*=\s*\"?[^\",]*\bnext\b", re.IGNORECASE)
_NO_RECORDS = "no product-like records (objects with a name and a price) in the JSON"
_NO_URLS = "product records have no URL and no product link matches their slug/id"
_TEMPLATE_UNFIT = "product records have no URL and the product URL template {} does not fit them"


@register(PageKind.DATA_API)
class DataApiExtractor:
    """A shop's own JSON API (REST, GraphQL, search engine, headless CMS): one Product per record.

    Records are the best array of objects that carry a name and a price, at any depth;
    fields are read by key name in any casing (price, sale and compare-at prices, money
    objects, minor units, currency, stock, SKU, GTIN, brand, category, URL). A record with
    only a slug, handle or id gets its URL from a product URL template: the one the context
    gives, else one inferred from the product links seen on the site's rendered pages
    (returned as `url_template`); records still without a URL are left out. `next_page` is
    the next page of the same endpoint (explicit links, page numbers, offsets, or the Link
    header). A body that is not JSON, or holds no product-like records with a URL, gives
    one parse_error failure.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        try:
            data = parse_json(page.body, page.headers.get("content-type"))
        except UnexpectedBody as exc:
            return failure(page, PageKind.DATA_API, str(exc))
        records = product_records(data)
        hint = payload_currency(data) or context.currency_hint
        site = context.homepage or page.url
        found = [
            (r, p) for r in records if (p := record_product(r, site_url=site, currency_hint=hint))
        ]
        if not found:
            return failure(page, PageKind.DATA_API, _NO_RECORDS)
        items, template = _with_urls(found, context, site)
        if not items:
            given = context.product_url_template
            reason = _TEMPLATE_UNFIT.format(given) if given else _NO_URLS
            return failure(page, PageKind.DATA_API, reason)
        following = next_page_url(page.url, data, len(records)) or _link_header_next(page)
        return Extraction(items=list(items), next_page=following, url_template=template)


def _with_urls(
    found: list[tuple[dict[str, Any], Product]], context: ExtractionContext, site: str
) -> tuple[list[Product], str | None]:
    """Products with a URL (their own, else from the given or inferred template); the
    template inferred here, if one was.
    """
    if all(product.url for _record, product in found):
        return [product for _record, product in found], None
    values = [url_values(record) for record, _product in found]
    given = context.product_url_template
    inferred: str | None = None
    if given:
        template: str | None = urljoin(site, given)
    else:
        own = [product.url for _record, product in found]
        template = inferred = infer_template(values, context.product_links, own)
    items = []
    for (_record, product), record_values in zip(found, values, strict=True):
        if not product.url and template and (url := fill_template(template, record_values)):
            product = replace(product, url=url, canonical_url=canonicalise(url) or url)
        if product.url:
            items.append(product)
    return items, inferred


def _link_header_next(page: FetchedPage) -> str | None:
    """The `rel="next"` target of an RFC 8288 Link header (GitHub-style and WooCommerce APIs)."""
    match = _LINK_NEXT.search(page.headers.get("link", ""))
    return match.group(1).strip() if match and match.group(1).strip() != page.url else None
