"""Shared plumbing of the JSON catalog API extractors: body decoding, failures, page numbers."""

from __future__ import annotations

import json
from typing import Any

from crawlers.extractors.base import Extraction, PageKind
from crawlers.extractors.urls import query_param, with_query
from crawlers.items import PageFailure
from crawlers.page import FetchedPage


class UnexpectedBody(ValueError):
    """The body is not the JSON shape the API returns (so the spider falls back to HTML)."""


def load_json(page: FetchedPage) -> Any:
    """Decode the JSON body; raise UnexpectedBody when it is not JSON."""
    try:
        return json.loads(page.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UnexpectedBody(f"body is not JSON ({exc.__class__.__name__})") from None


def failure(page: FetchedPage, kind: PageKind, reason: str) -> Extraction:
    """Build an extraction holding one parse_error PageFailure."""
    item = PageFailure(
        url=page.url, kind=kind, status="parse_error", reason=reason, http_status=page.status
    )
    return Extraction(items=[item])


def current_page(url: str) -> int:
    """Read the `page` query parameter of `url` (1 when absent or invalid)."""
    value = query_param(url, "page")
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def next_page_url(url: str) -> str:
    """`url` asking for the following page."""
    return with_query(url, page=str(current_page(url) + 1))
