"""The DATA_API extractor: products from the JSON API a single-page-app shop's frontend calls."""

from __future__ import annotations

import re

from crawlers.extractors.api import UnexpectedBody, failure
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.json_records import (
    next_page_url,
    parse_json,
    payload_currency,
    product_records,
    record_product,
)
from crawlers.extractors.registry import register
from crawlers.page import FetchedPage

_LINK_NEXT = re.compile(r"<([^>]+)>\s*;[^,]*?\brel\s*=\s*\"?[^\",]*\bnext\b", re.IGNORECASE)


@register(PageKind.DATA_API)
class DataApiExtractor:
    """A shop's own JSON API (REST, GraphQL, search engine, headless CMS): one Product per record.

    Records are the best array of objects that carry a name and a price, at any depth;
    fields are read by key name in any casing (price, sale and compare-at prices, money
    objects, minor units, currency, stock, SKU, GTIN, brand, category, URL). `next_page` is
    the next page of the same endpoint (explicit links, page numbers, offsets, or the Link
    header). A body that is not JSON, or holds no product-like records, gives one
    parse_error failure.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        try:
            data = parse_json(page.body, page.headers.get("content-type"))
        except UnexpectedBody as exc:
            return failure(page, PageKind.DATA_API, str(exc))
        records = product_records(data)
        hint = payload_currency(data) or context.currency_hint
        site = context.homepage or page.url
        items = [p for r in records if (p := record_product(r, site_url=site, currency_hint=hint))]
        if not items:
            reason = "no product-like records (objects with a name and a price) in the JSON"
            return failure(page, PageKind.DATA_API, reason)
        following = next_page_url(page.url, data, len(records)) or _link_header_next(page)
        return Extraction(items=list(items), next_page=following)


def _link_header_next(page: FetchedPage) -> str | None:
    """The `rel="next"` target of an RFC 8288 Link header (GitHub-style and WooCommerce APIs)."""
    match = _LINK_NEXT.search(page.headers.get("link", ""))
    return match.group(1).strip() if match and match.group(1).strip() != page.url else None
