"""Faceted-navigation links: filtered variants of the current listing that multiply the crawl.

Layered navigation (brand, colour, size, price filters) links every combination of filters
back to the same listing: crawling them fetches the same products again and again. A link is
a facet link when it is `rel=nofollow` inside a filter/facet/layered-navigation container, or
when it only adds query parameters (other than pagination and resource identifiers) to the
current page's URL. Pagination links stay followable.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from crawlers.extractors.document import Document, marks_matcher
from crawlers.extractors.urls import is_pagination_param
from crawlers.extractors.zones import in_zone

_FACET_CLASS = re.compile(r"filt|facet|layered|refine|narrow-by|shop-by|shopby|фильтр")
# Query keys that name another resource rather than filter this one ('?page_id=7', '?id=3',
# OpenCart's '?route=...', osCommerce's '?cPath=...').
_IDENTIFIER_PARAM = re.compile(
    r"^(\w*id|id[_-]\w*|route|path|cpath|main_page|option|controller|module)$",
    re.IGNORECASE,
)


# Homepages and front scripts route by query ('/?product_cat=tents', '/index.php?cat=5'): from
# there, a query opens another page; it only filters once the page has a query of its own.
_FRONT_SCRIPT = re.compile(r"^/$|\.(?:php\d?|aspx?|jsp|cgi|pl|do|cfm)$", re.IGNORECASE)


def facet_anchors(doc: Document) -> set[etree._Element]:
    """`rel=nofollow` anchors inside filter, facet or layered-navigation containers."""
    if not doc.mentions(b"nofollow"):
        return set()
    return {
        anchor
        for anchor in doc.root.iter("a")
        if "nofollow" in (anchor.get("rel") or "").lower()
        and in_zone(doc, anchor, "facets", _is_facet_container)
    }


def _is_facet_container(doc: Document, node: etree._Element) -> bool:
    return _is_facet_class(doc.marks(node))


@lru_cache(maxsize=16384)  # a listing's facet links are checked against the same page URL
def adds_filters(url: str, current: str | None) -> bool:
    """Tell whether canonical `url` is `current` with only filter-like query keys added.

    Pagination keys are left out on both sides: page 2's facet links drop the page number.
    From a homepage or front script without a query, added keys route rather than filter.
    """
    if current is None:
        return False
    link, page = urlsplit(url), urlsplit(current)
    if (link.netloc, link.path) != (page.netloc, page.path) or not link.query:
        return False
    link_pairs = _filter_pairs(link.query)
    page_pairs = _filter_pairs(page.query)
    if not page_pairs <= link_pairs or (not page_pairs and _FRONT_SCRIPT.search(page.path)):
        return False
    added = {key for key, _value in link_pairs - page_pairs}
    return bool(added) and not any(_IDENTIFIER_PARAM.match(key) for key in added)


def _filter_pairs(query: str) -> set[tuple[str, str]]:
    pairs = parse_qsl(query, keep_blank_values=True)
    return {(key, value) for key, value in pairs if not is_pagination_param(key, value)}


_is_facet_class = marks_matcher(_FACET_CLASS)
