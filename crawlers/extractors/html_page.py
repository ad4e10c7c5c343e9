"""What every HTML extraction returns besides its items: links, platform and currency hint."""

from __future__ import annotations

from crawlers.extractors.base import Extraction
from crawlers.extractors.document import Document
from crawlers.extractors.links import extract_links
from crawlers.extractors.platforms import detect_platform, page_currency
from crawlers.items import Item


def html_extraction(doc: Document, items: list[Item]) -> Extraction:
    """`items` plus the page's links, detected platform and stated shop currency."""
    return Extraction(
        items=items,
        links=extract_links(doc),
        platform=detect_platform(doc),
        currency_hint=page_currency(doc),
    )
