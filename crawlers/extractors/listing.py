"""The LISTING extractor: links from category, listing and any other same-site HTML page."""

from __future__ import annotations

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.document import Document
from crawlers.extractors.html_page import html_extraction
from crawlers.extractors.product import build_product
from crawlers.extractors.registry import register
from crawlers.page import FetchedPage


@register(PageKind.LISTING)
class ListingExtractor:
    """Category/listing page: the links to follow, products first, then pagination and categories.

    When the page turns out to be a product page (a single main product in structured data, or
    the configured price selector matches), its Product is returned too; a listing without a
    product is not a failure.
    """

    def extract(self, page: FetchedPage, context: ExtractionContext) -> Extraction:
        doc = Document(page, context)
        product = build_product(doc, main_only=True)
        return html_extraction(doc, [product] if product else [])
