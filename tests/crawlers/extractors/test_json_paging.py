"""The next page of a paginated JSON API: explicit links, cursors, offsets, page numbers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawlers.extractors.json_body import parse_json
from crawlers.extractors.json_paging import next_page_url

API = "https://shop.example/api/products"


def _load(data: object) -> Any:
    return parse_json(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("url", "payload", "expected"),
    [
        # explicit links
        (f"{API}?page=1", {"count": 90, "next": f"{API}?page=2", "results": []}, f"{API}?page=2"),
        (f"{API}?page=3", {"count": 90, "next": None, "previous": f"{API}?page=2"}, None),
        (API, {"links": {"next": "/api/products?page%5Bnumber%5D=2"}}, f"{API}?page%5Bnumber%5D=2"),
        (API, {"_links": {"next": {"href": f"{API}?page=1&size=20"}}}, f"{API}?page=1&size=20"),
        (API, {"@odata.nextLink": f"{API}?$skip=20"}, f"{API}?$skip=20"),
        (f"{API}?page=1", {"pagination": {"next": 2}}, f"{API}?page=2"),
        (f"{API}?page=2", {"next_page_url": f"{API}?page=2"}, None),  # never the same URL
        # page numbers
        (f"{API}?page=2&sort=new", {"page": 2, "pages": 5}, f"{API}?sort=new&page=3"),
        (f"{API}?page=5", {"page": 5, "pages": 5}, None),
        (f"{API}?page=1", {"current_page": 1, "last_page": 4}, f"{API}?page=2"),
        (API, {"currentPage": 1, "totalPages": 3}, f"{API}?currentPage=2"),
        (API, {"meta": {"pagination": {"page": 1, "pageCount": 2}}}, f"{API}?page=2"),
        (f"{API}?page=2", {"page": 2, "per_page": 20, "total": 45}, f"{API}?page=3"),
        (f"{API}?page=3", {"page": 3, "per_page": 20, "total": 45}, None),
        (f"{API}?page=1&limit=20", {"total": 30}, f"{API}?limit=20&page=2"),
        (f"{API}?page=1&limit=20", {"total": 20}, None),
        (API, {"pageSize": 10, "totalCount": 35}, f"{API}?page=2"),
        (
            f"{API}?pagination[page]=1",
            {"meta": {"pagination": {"page": 1, "pageCount": 3}}},
            f"{API}?pagination%5Bpage%5D=2",
        ),
        # 0-based: Algolia page/nbPages, Spring number/totalPages
        (f"{API}?query=&page=0", {"page": 0, "nbPages": 3, "nbHits": 55}, f"{API}?query=&page=1"),
        (f"{API}?query=&page=2", {"page": 2, "nbPages": 3, "nbHits": 55}, None),
        (API, {"page": 0, "nbPages": 2}, f"{API}?page=1"),
        (
            f"{API}?page=0&size=20",
            {"number": 0, "totalPages": 4, "last": False},
            f"{API}?size=20&page=1",
        ),
        (f"{API}?page=3&size=20", {"number": 3, "totalPages": 4, "last": True}, None),
        # offsets
        (
            f"{API}?offset=0&limit=24",
            {"offset": 0, "limit": 24, "total": 50},
            f"{API}?limit=24&offset=24",
        ),
        (f"{API}?offset=48&limit=24", {"offset": 48, "limit": 24, "total": 50}, None),
        (API, {"skip": 0, "limit": 10, "total": 25}, f"{API}?skip=10"),
        (
            f"{API}?q=*&start=10&rows=10",
            {"response": {"numFound": 42, "start": 10}},
            f"{API}?q=%2A&rows=10&start=20",
        ),
        (
            f"{API}?from=0&size=24",
            {"hits": {"total": {"value": 30, "relation": "eq"}}},
            f"{API}?size=24&from=24",
        ),
        (f"{API}?offset=20", {"count": 95}, f"{API}?offset=40"),  # step: this page's 20 records
        (
            f"{API}?offset=0&limit=20",
            {"offset": 0, "limit": 20, "count": 20},
            None,
        ),  # count is the page's
        # "more" flags and cursors
        (f"{API}?page=4", {"hasMore": True}, f"{API}?page=5"),
        (f"{API}?page=4", {"hasMore": False, "page": 4, "pages": 9}, None),
        (API, {"hasNextPage": True}, None),  # nothing names a page parameter: no guessing
        (API, {"pageInfo": {"hasNextPage": True, "endCursor": "Y3Vyc29yOjI0"}}, None),
        (f"{API}?cursor=abc", {"next_cursor": "def", "has_more": True}, f"{API}?cursor=def"),
        (API, {"next_cursor": "def"}, f"{API}?cursor=def"),
        (
            f"{API}?limit=5&starting_after=obj_1",
            {"has_more": True, "next_cursor": "obj_6"},
            f"{API}?limit=5&starting_after=obj_6",
        ),
        # nothing says there is more
        (f"{API}?page=1", {"items": [{"id": 1}]}, None),
    ],
)
def test_next_page_url(url: str, payload: dict[str, Any], expected: str | None) -> None:
    assert next_page_url(url, _load(payload), 20) == expected


def test_an_empty_page_is_the_last() -> None:
    assert next_page_url(f"{API}?page=2", {"page": 2, "pages": 9}, 0) is None


def test_a_bare_list_has_no_next_page() -> None:
    assert next_page_url(f"{API}?page=1", [{"name": "Mug", "price": 5}], 1) is None


def test_graphql_get_variables_are_paged() -> None:
    url = API + "?query=q&variables=" + json.dumps({"currentPage": 1, "pageSize": 12})
    data = {"data": {"products": {"page_info": {"current_page": 1, "total_pages": 3}}}}
    following = next_page_url(url, data, 12)
    assert following is not None
    assert '"currentPage":2' in following.replace("%22", '"').replace("%3A", ":")
    assert "&page=" not in following


def test_graphql_get_cursor_goes_into_variables() -> None:
    url = API + "?query=q&variables=" + json.dumps({"first": 24, "after": None})
    data = {"data": {"products": {"pageInfo": {"hasNextPage": True, "endCursor": "Y3I6MjQ="}}}}
    following = next_page_url(url, data, 24)
    assert following is not None
    assert '"after":"Y3I6MjQ="' in following.replace("%22", '"').replace("%3A", ":").replace(
        "%3D", "="
    )
