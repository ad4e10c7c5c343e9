"""The next page of a paginated JSON API, from what the payload and the URL say.

APIs page in many ways: explicit links (`next`, `links.next`, `_links.next.href`,
`@odata.nextLink`), cursors, record offsets with a limit and a total, page numbers with a
page count or a total and a page size (0-based for Algolia and Spring). The next URL keeps
every other parameter of the current one, GraphQL-over-GET `variables` included.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from crawlers.extractors.json_find import is_product_like
from crawlers.extractors.json_keys import IGNORED, as_int, first, norm, view
from crawlers.extractors.urls import canonicalise, with_query

_BRACKETS = re.compile(r"[^\[\]]+")
_NEXT_LINK = frozenset({"next", "nextpage", "nextpageurl", "nextlink", "nexturl", "nexthref"})
_NEXT_LINK |= {"odatanextlink", "nextpagelink"}
_MORE = frozenset({"hasmore", "hasnext", "hasnextpage", "more", "hasmoreitems", "hasmoreresults"})
_LAST = frozenset({"last", "islast", "islastpage"})
_PAGE = ("page", "currentpage", "pagenumber", "pageno", "pageindex", "pagenum", "curpage")
_PAGE += ("number", "current")
_PAGES = ("pages", "totalpages", "lastpage", "pagecount", "numpages", "nbpages", "totalpagecount")
_PAGES += ("pagetotal", "numberofpages", "maxpage", "maxpages")
_TOTAL = ("total", "totalcount", "totalitems", "totalresults", "totalrecords", "totalhits")
_TOTAL += ("nbhits", "found", "totalelements", "totalproducts", "totalsize", "numfound")
_TOTAL += ("recordcount", "resultcount")
_PER_PAGE = ("perpage", "pagesize", "limit", "size", "hitsperpage", "itemsperpage", "rows")
_PER_PAGE += ("resultsperpage", "pagelimit", "take", "maxresults", "num")
_OFFSET = ("offset", "skip", "start", "from", "startindex", "firstresult")
_CURSOR = ("nextcursor", "endcursor", "nextpagetoken", "nexttoken", "continuationtoken")
_PAGING_METADATA = frozenset({"links", "meta", "embedded", "page", "pagination", "paging"})
_URL_PAGE = ("page", "p", "pg", "pagenumber", "pageno", "pageindex", "currentpage", "paged")
_URL_CURSOR = ("cursor", "after", "pagetoken", "nextpagetoken", "startingafter", "continuation")
_URL_CURSOR += ("continuationtoken", "pageinfo", "nextcursor")


@dataclass(frozen=True, slots=True)
class _Facts:
    """Pagination fields of a payload by normalised key: (key as written, value), shallowest."""

    found: dict[str, tuple[str, object]]
    """By normalised key: the key as written and its value, shallowest occurrence."""

    def value(self, keys: tuple[str, ...] | frozenset[str]) -> tuple[str, object] | None:
        return next((self.found[k] for k in keys if k in self.found), None)

    def number(self, keys: tuple[str, ...]) -> tuple[str, int] | None:
        for key in keys:
            if key in self.found and (n := as_int(self.found[key][1])) is not None:
                return self.found[key][0], n
        return None

    def flag(self, keys: frozenset[str]) -> bool | None:
        return next(
            (v for k in keys if isinstance(v := self.found.get(k, ("", None))[1], bool)), None
        )


def next_page_url(url: str, data: object, records_on_page: int) -> str | None:
    """The URL of the next page of the JSON endpoint `url`, None on the last page.

    Reads explicit links (`next`, `links.next`, `_links.next.href`, `@odata.nextLink`),
    then cursors, offset schemes (`offset`/`skip`/`start`/`from` with a limit and a total),
    then page numbers (`page` with `pages`/`totalPages`/`last_page`, or a total and a page
    size; Algolia's 0-based `page`/`nbPages`). The query string of `url` is changed (other
    parameters kept; GraphQL-over-GET `variables` JSON too); a parameter the URL lacks is
    added under the name the payload uses. None for an empty page, when nothing says there
    are more pages, or when the next URL would be `url` itself.
    """
    if records_on_page <= 0 or not isinstance(data, dict):
        return None
    facts = _facts(data)
    if facts.flag(_MORE) is False or facts.flag(_LAST) is True:
        return None
    explicit = facts.value(_NEXT_LINK)
    if explicit is not None and not isinstance(explicit[1], bool):
        return _different(url, _explicit_next(url, explicit[1]))
    if explicit is not None and explicit[1] is False:
        return None
    if _offset_scheme(url, facts):
        return _different(url, _by_cursor(url, facts) or _by_offset(url, facts, records_on_page))
    return _different(url, _by_cursor(url, facts) or _by_page(url, facts))


def _facts(data: dict[str, Any]) -> _Facts:
    found: dict[str, tuple[str, object]] = {}
    queue: deque[tuple[dict[str, Any], int]] = deque([(data, 0)])
    while queue:
        obj, depth = queue.popleft()
        for key, value in obj.items():
            name = norm(key)
            found.setdefault(name, (key, value))
            descend = isinstance(value, dict) and depth < 4 and name not in IGNORED
            descend = descend and (not key.startswith("_") or name in _PAGING_METADATA)
            if descend and not is_product_like(view(value)):
                queue.append((value, depth + 1))
    return _Facts(found)


def _explicit_next(url: str, value: object) -> str | None:
    """A `next` value: a URL or path, `{href}`, a page number, or a cursor for the URL's param."""
    if isinstance(value, dict):
        value = first(value, ("href", "url", "link", "uri"))
    page = as_int(value)
    if page is not None:
        found = _url_param(url, _URL_PAGE)
        return _set_param(url, found[0] if found else "page", page)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.startswith(("http://", "https://", "/", "?")) or "/" in value or "=" in value:
        return urljoin(url, value)
    cursor = _url_param(url, _URL_CURSOR)
    return _set_param(url, cursor[0], value) if cursor else None


def _by_cursor(url: str, facts: _Facts) -> str | None:
    found = facts.value(_CURSOR)
    if found is None or not isinstance(found[1], str) or not found[1]:
        return None
    param = _url_param(url, _URL_CURSOR)
    conventional = {"nextcursor": "cursor", "nextpagetoken": "pageToken"}.get(norm(found[0]))
    name = param[0] if param else conventional
    return _set_param(url, name, found[1]) if name else None


def _offset_scheme(url: str, facts: _Facts) -> bool:
    """Pages are addressed by record offsets (in the URL or the payload), not page numbers."""
    return _url_param(url, _OFFSET) is not None or facts.number(_OFFSET) is not None


def _by_offset(url: str, facts: _Facts, records: int) -> str | None:
    in_url = _url_param(url, _OFFSET)
    stated = facts.number(_OFFSET)
    offset = stated[1] if stated else as_int(in_url[1]) if in_url else None
    if offset is None:
        return None
    size = facts.number(_PER_PAGE) or _url_number(url, _PER_PAGE)
    following = offset + (size[1] if size and size[1] > 0 else records)
    total = _total(facts, records)
    if not (following < total if total is not None else facts.flag(_MORE)):
        return None
    name = in_url[0] if in_url else stated[0] if stated else "offset"
    return _set_param(url, name, following)


def _by_page(url: str, facts: _Facts) -> str | None:
    """The next page number; a page parameter neither URL nor payload names is only added
    when the payload states how many pages there are (so an ignored guess cannot loop).
    """
    in_url = _url_param(url, _URL_PAGE)
    stated = facts.number(_PAGE)
    current = stated[1] if stated else as_int(in_url[1]) if in_url else None
    zero_based = "nbpages" in facts.found or current == 0
    zero_based = zero_based or (stated is not None and norm(stated[0]) == "number")
    pages = _pages(url, facts)
    if pages is None and (facts.flag(_MORE) is not True or (in_url or stated) is None):
        return None
    if current is None:
        current = 0 if zero_based else 1
    if pages is not None and current + (1 if zero_based else 0) >= pages:
        return None
    name = in_url[0] if in_url else _page_param(stated[0]) if stated else "page"
    return _set_param(url, name, current + 1)


def _pages(url: str, facts: _Facts) -> int | None:
    pages = facts.number(_PAGES)
    if pages is not None:
        return pages[1]
    total = _total(facts, 0)
    size = facts.number(_PER_PAGE) or _url_number(url, _PER_PAGE)
    if total is None or size is None or size[1] <= 0:
        return None
    return math.ceil(total / size[1])


def _total(facts: _Facts, records: int) -> int | None:
    """The number of records in the whole listing; `count` only when it exceeds this page's."""
    total = facts.number(_TOTAL)
    if total is not None:
        return total[1]
    count = facts.number(("count",))
    return count[1] if count and count[1] > records else None


def _page_param(payload_key: str) -> str:
    """The query parameter a payload's page field goes with (Spring's `number` is `page`)."""
    return "page" if norm(payload_key) in ("number", "current") else payload_key


def _url_param(url: str, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(name as written, value) of the URL's first parameter in `names`.

    Bracketed names count by their last part (`pagination[page]`), and GraphQL-over-GET
    `variables` JSON is searched after the query string.
    """
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    params = {norm(_BRACKETS.findall(k)[-1] if "[" in k else k): (k, v) for k, v in query}
    found = next((params[n] for n in names if n in params), None)
    if found is not None:
        return found
    variables = {norm(k): (k, v) for k, v in _variables(url).items()}
    hit = next((variables[n] for n in names if n in variables), None)
    return (hit[0], "" if hit[1] is None else str(hit[1])) if hit else None


def _url_number(url: str, names: tuple[str, ...]) -> tuple[str, int] | None:
    found = _url_param(url, names)
    number = as_int(found[1]) if found else None
    return (found[0], number) if found and number is not None else None


def _variables(url: str) -> dict[str, Any]:
    """The `variables` JSON object of a GraphQL GET request, {} when there is none."""
    raw = next((v for k, v in parse_qsl(urlsplit(url).query) if k == "variables"), None)
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _set_param(url: str, name: str, value: int | str) -> str:
    """`url` with parameter `name` set: in the query string, or in `variables` when it is there."""
    variables = _variables(url)
    top_level = any(k == name for k, _v in parse_qsl(urlsplit(url).query))
    if top_level or name not in variables:
        return with_query(url, **{name: str(value)})
    variables[name] = value
    return with_query(url, variables=json.dumps(variables, separators=(",", ":")))


def _different(url: str, candidate: str | None) -> str | None:
    """`candidate` unless it is `url` again (never loop on one page)."""
    if not candidate:
        return None
    same = (canonicalise(candidate) or candidate) == (canonicalise(url) or url)
    return None if same else candidate
