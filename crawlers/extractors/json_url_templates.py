"""Product page URLs for JSON API records that name only a slug, handle or id.

A headless shop's API often says `"slug": "mug-1", "id": 31` but not where the product's
page lives, while the shop's rendered pages link `/p/mug-1` or `/product/31/mug-1`. A URL
template (`https://shop.example/p/{slug}`) learned from those links fills in the rest. A
product's URL is its identity across runs, so a template is inferred only from unambiguous
evidence (each record's value in exactly one link), only when one template explains every
such record, and never from a single link when the page holds several records.

Placeholders: `{slug}` (slug, handle, URL key; `{handle}` reads the same), `{id}` (product
id, objectID, uuid), `{sku}`. A placeholder stands for a whole path segment, a segment
with a file extension (`{slug}.html`), or a query value (`?id={id}`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote, unquote_plus, urlsplit

from crawlers.extractors.json_keys import (
    ID_KEYS,
    SKU_KEYS,
    SLUG_KEYS,
    VARIANTS,
    elements,
    get,
    localised,
    norm,
    view,
)
from crawlers.extractors.urls import canonicalise

PLACEHOLDERS = ("slug", "id", "sku")
"""Placeholder names a template may hold, as `{slug}`, `{id}`, `{sku}`, by preference."""
_ALIASES = {"handle": "slug"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")  # .html, .php, .aspx; not "1.5"
_PATH_SAFE = "-._~!$&'()*+,;=:@"  # RFC 3986 pchar: everything else percent-encoded
_QUERY_SAFE = "-._~!$'()*,;:@/?"  # as in a path, but '&', '=' and '+' delimit query values
_MAX_VALUE = 200
_MAX_OPTIONS = 64


def url_values(record: dict[str, Any]) -> dict[str, str]:
    """What a record's product URL may be built on, by placeholder name: those it has.

    The slug is its slug, handle or URL key (the first language of a localised one); the
    id its product id, id or objectID; the SKU its own, else its first variant's. Values
    that cannot be one URL segment (with '/', spaces) are left out.
    """
    slug = next((t for _k, v in get(record, SLUG_KEYS) if (t := _value(localised(v)))), None)
    ident = next((t for _k, v in get(record, ID_KEYS) if (t := _value(v))), None)
    found = {"slug": slug, "id": ident, "sku": _sku(record)}
    return {name: value for name, value in found.items() if value}


def fill_template(template: str, values: Mapping[str, str]) -> str | None:
    """`template` with its placeholders filled from `values` (percent-encoded).

    None when the template names a placeholder `values` lacks or an unknown one, or has
    none at all (it would give every product the same URL).
    """
    path, question, query = template.partition("?")
    if not _PLACEHOLDER.search(template):
        return None
    filled_path = _fill(path, values, _PATH_SAFE)
    filled_query = _fill(query, values, _QUERY_SAFE)
    if filled_path is None or filled_query is None:
        return None
    return filled_path + question + filled_query


def infer_template(
    records: Sequence[Mapping[str, str]], links: Iterable[str], own_urls: Sequence[str] = ()
) -> str | None:
    """The product URL template the links show for these records, None when none is certain.

    `records` are the `url_values` of every record on the page; `links` absolute product
    page URLs; `own_urls` the records' own URLs in the same order ("" for none): a record's
    own URL is its only link. Otherwise a record is evidence when its values appear in
    exactly one link. The template must explain every evidence record, from at least two
    distinct links (one when the page holds one record). Among templates that do, `{slug}`
    wins over `{id}` over `{sku}`.
    """
    index = _LinkIndex(links)
    evidence: dict[str, set[str]] = {}
    for values, own in itertools.zip_longest(records, own_urls[: len(records)], fillvalue=""):
        matched = {own} if own else index.matching(values)
        if len(matched) == 1 and (link := canonicalise(matched.pop())):
            options = _templates(link, values)
            evidence[link] = evidence[link] & options if link in evidence else options
    if not evidence or len(evidence) < min(2, len(records)):
        return None
    counts = Counter(template for options in evidence.values() for template in options)
    complete = [t for t, count in counts.items() if count == len(evidence)]
    return min(complete, key=_preference) if complete else None


def _value(value: object) -> str | None:
    """A scalar as it would appear decoded in a URL: NFC text without '/', spaces or '?#'."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        value = int(value) if value.is_finite() and value == value.to_integral_value() else None
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", unquote(value.strip()))
    if not text or len(text) > _MAX_VALUE or any(ch in "/?#" or ch.isspace() for ch in text):
        return None
    return text


def _sku(record: dict[str, Any]) -> str | None:
    own = next((t for _k, v in get(record, SKU_KEYS) if (t := _value(v))), None)
    if own is not None:
        return own
    for key, value in record.items():
        if norm(key) in VARIANTS:
            for element in elements(value)[0][:1]:
                found = next(
                    (t for _k, v in get(view(element), SKU_KEYS) if (t := _value(v))), None
                )
                if found:
                    return found
    return None


def _fill(part: str, values: Mapping[str, str], safe: str) -> str | None:
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        name = _ALIASES.get(match.group(1), match.group(1))
        value = values.get(name) if name in PLACEHOLDERS else None
        missing = missing or value is None
        return quote(value or "", safe=safe)

    filled = _PLACEHOLDER.sub(replace, part)
    return None if missing else filled


class _LinkIndex:
    """Product links by the decoded values of their path segments and query values."""

    def __init__(self, links: Iterable[str]) -> None:
        self.by_value: dict[str, set[str]] = {}
        seen: set[str] = set()
        for raw in links:
            link = canonicalise(raw)
            if link is None or "{" in link or "}" in link:
                continue
            same = link.rstrip("/")  # '/p/mug-1' and '/p/mug-1/' are one page
            if same not in seen:
                seen.add(same)
                for value in _decoded_parts(link):
                    self.by_value.setdefault(value, set()).add(link)

    def matching(self, values: Mapping[str, str]) -> set[str]:
        """The links holding any of `values` whole."""
        return set().union(*(self.by_value.get(v, set()) for v in values.values()))


def _decoded_parts(link: str) -> set[str]:
    """A link's path segments (and their stems without a file extension) and query values."""
    parts = urlsplit(link)
    found: set[str] = set()
    for segment in parts.path.split("/"):
        decoded = _decode(segment)
        found.update((decoded, _EXTENSION.sub("", decoded)))
    for pair in filter(None, parts.query.split("&")):
        found.add(_decode(pair.partition("=")[2], query=True))
    found.discard("")
    return found


def _decode(text: str, *, query: bool = False) -> str:
    return unicodedata.normalize("NFC", unquote_plus(text) if query else unquote(text))


def _templates(link: str, values: Mapping[str, str]) -> set[str]:
    """Every generalisation of `link` replacing each part that equals a value by its name.

    A link whose path holds a value loses its query (other records' links differ there).
    """
    parts = urlsplit(link)
    segments = [_segment_options(s, values) for s in parts.path.split("/")]
    pairs = [_pair_options(p, values) for p in filter(None, parts.query.split("&"))]
    if any("{" in option for options in segments for option in options):
        pairs = []  # the path names the product; `?variant=7` or `?color=red` would not generalise
    base = f"{parts.scheme}://{parts.netloc}"
    found = set()
    for path in itertools.islice(itertools.product(*segments), _MAX_OPTIONS):
        for query in itertools.islice(itertools.product(*pairs), _MAX_OPTIONS):
            found.add(base + "/".join(path) + ("?" + "&".join(query) if query else ""))
    return {t for t in found if _PLACEHOLDER.search(t)}


def _segment_options(segment: str, values: Mapping[str, str]) -> list[str]:
    decoded = _decode(segment)
    names = _names(decoded, values)
    if names:
        return [f"{{{n}}}" for n in names]
    extension = _EXTENSION.search(decoded)
    stem_names = _names(decoded[: extension.start()], values) if extension else []
    if extension and stem_names:
        return [f"{{{n}}}{extension.group()}" for n in stem_names]
    return [segment]


def _pair_options(pair: str, values: Mapping[str, str]) -> list[str]:
    key, _equals, value = pair.partition("=")
    names = _names(_decode(value, query=True), values) if value else []
    return [f"{key}={{{n}}}" for n in names] or [pair]


def _names(decoded: str, values: Mapping[str, str]) -> list[str]:
    return [name for name in PLACEHOLDERS if values.get(name) == decoded]


def _preference(template: str) -> tuple[tuple[int, ...], str]:
    names = _PLACEHOLDER.findall(template)
    return tuple(PLACEHOLDERS.index(n) for n in names), template
