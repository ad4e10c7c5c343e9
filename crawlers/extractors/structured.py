"""Structured data of a page (JSON-LD, microdata, RDFa, OpenGraph) as plain schema.org nodes.

Every syntax is brought to one shape: a dict with a short `@type` ('Product') and short
property names ('offers'), `@id` references resolved. Microdata and RDFa come from extruct;
JSON-LD is read per script by the lenient parser (extruct drops a page on one bad script);
OpenGraph is a dict of the page's og:/product: meta tags. Microdata and RDFa, slow, only run
when the page carries their attributes (RDFa: beyond OpenGraph's `<meta property>`); a byte
search of the source rules most pages out before any tree query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lxml import etree

from crawlers.extractors.jsonld import parse_jsonld

if TYPE_CHECKING:
    from crawlers.extractors.document import Document

log = logging.getLogger(__name__)

Node = dict[str, Any]
_MAX_DEPTH = 8
_PRODUCT_TYPES = frozenset(
    {
        "Product",
        "ProductGroup",
        "ProductModel",
        "IndividualProduct",
        "SomeProducts",
        "Vehicle",
        "Car",
    }
)
_WRAPPER_KEYS = ("@graph", "mainEntity", "mainEntityOfPage")
_HAS_MICRODATA = etree.XPath("boolean(//*[@itemscope])")
_HAS_RDFA = etree.XPath("boolean(//*[@typeof] | //*[@vocab] | //*[@property and not(self::meta)])")
# Bytes that may precede and follow an attribute name inside a tag.
_ATTRIBUTE_START = frozenset(b" \t\n\r\f/\"'")
_ATTRIBUTE_END = frozenset(b" \t\n\r\f/>=")
_SCALARS = (str, int, float, bool, type(None))


@dataclass(slots=True)
class StructuredData:
    """The page's structured data, per syntax, in the common node shape."""

    jsonld: list[Node] = field(default_factory=list)
    """Top-level JSON-LD nodes (`@graph` and arrays unwrapped)."""
    microdata: list[Node] = field(default_factory=list)
    """Top-level microdata items."""
    rdfa: list[Node] = field(default_factory=list)
    """Top-level RDFa resources (schema.org vocabulary only)."""
    opengraph: dict[str, str] = field(default_factory=dict)
    """og:*, product:* meta values by lower-cased property."""
    _nodes: list[Node] | None = field(default=None, init=False, repr=False, compare=False)

    def syntaxes(self) -> Iterator[tuple[str, list[Node]]]:
        """(source label, top-level nodes) in precedence order."""
        yield "json-ld", self.jsonld
        yield "microdata", self.microdata
        yield "rdfa", self.rdfa

    def main_products(self) -> list[tuple[str, Node]]:
        """Products the page is about: top level or a page's mainEntity, not list members."""
        return [
            (label, node)
            for label, nodes in self.syntaxes()
            for top in nodes
            for node in _unwrap(top)
            if types_of(node) & _PRODUCT_TYPES
        ]

    def all_nodes(self) -> list[Node]:
        """Every node at any depth, in every syntax (walked once, then remembered)."""
        if self._nodes is None:
            self._nodes = [n for _label, top in self.syntaxes() for node in top for n in walk(node)]
        return self._nodes


def read_structured(doc: Document) -> StructuredData:
    """Everything structured on `doc`; never raises (broken markup yields fewer nodes)."""
    data = StructuredData(opengraph=_opengraph(doc))
    data.jsonld = _guard("json-ld", lambda: _jsonld(doc))
    if doc.mentions(b"itemscope") and _HAS_MICRODATA(doc.root):
        data.microdata = _guard("microdata", lambda: _microdata(doc))
    if _may_have_rdfa(doc) and _HAS_RDFA(doc.root):
        data.rdfa = _guard("rdfa", lambda: _rdfa(doc))
    return data


def _may_have_rdfa(doc: Document) -> bool:
    """RDFa attributes may be in the source: typeof/vocab, or `property` outside a <meta>."""
    if doc.mentions(b"typeof", b"vocab"):
        return True
    source, start = doc.lowered, 0
    while (at := source.find(b"property", start)) >= 0:
        start = at + 1
        if _attribute_name_at(source, at, len(b"property")):
            tag = source.rfind(b"<", 0, at)
            if not source.startswith(b"<meta", tag):
                return True  # maybe an attribute of another element: let the tree decide
    return False


def _attribute_name_at(source: bytes, at: int, length: int) -> bool:
    """Tell whether the word at `at` is delimited like an attribute name ('prop=', not 'props')."""
    end = at + length
    before = at > 0 and source[at - 1] in _ATTRIBUTE_START
    return before and (end == len(source) or source[end] in _ATTRIBUTE_END)


def types_of(node: object) -> frozenset[str]:
    """Short type names of a node ('http://schema.org/Product' → 'Product')."""
    if not isinstance(node, dict):
        return frozenset()
    raw = node.get("@type", [])
    if isinstance(raw, str):
        return _type_names(raw)
    values = raw if isinstance(raw, list) else [raw]
    return frozenset(short_name(v) for v in values if isinstance(v, str))


@lru_cache(maxsize=4096)
def _type_names(raw: str) -> frozenset[str]:
    return frozenset((short_name(raw),))


@lru_cache(maxsize=8192)  # property and type names repeat on every page
def short_name(iri: str) -> str:
    """Return the local part of a schema.org IRI or CURIE."""
    return iri.strip().rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1]


def walk(value: object, depth: int = 0) -> Iterator[Node]:
    """Every dict inside `value`, depth-first in document order, bounded."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > _MAX_DEPTH * 2:
            continue
        if isinstance(item, dict):
            yield item
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        stack.extend([(c, level + 1) for c in reversed(children) if isinstance(c, dict | list)])


def first(value: object) -> object:
    """Return the first element of a list value, or the value itself."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def as_list(value: object) -> list[Any]:
    """Return a property value as a list (absent → [])."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _unwrap(node: object, depth: int = 0) -> Iterator[Node]:
    if not isinstance(node, dict) or depth > 3:
        return
    yield node
    for key in _WRAPPER_KEYS:
        for child in as_list(node.get(key)):
            yield from _unwrap(child, depth + 1)


def _guard(syntax: str, read: Any) -> list[Node]:
    try:
        return list(read())
    except Exception as exc:  # a broken syntax must not hide the others
        log.debug("structured data %s unreadable: %s", syntax, exc)
        return []


# --- JSON-LD -----------------------------------------------------------------


def _jsonld(doc: Document) -> list[Node]:
    values: list[Any] = []
    for script in doc.root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            values.extend(parse_jsonld(script.text or ""))
    nodes = [_short_keys(n) for n in _top_nodes(values)]
    index = {n["@id"]: n for n in walk(nodes) if isinstance(n.get("@id"), str) and len(n) > 1}
    return [_resolve(n, index, 0) for n in nodes] if index else nodes


def _top_nodes(values: list[Any]) -> Iterator[Node]:
    for value in values:
        if isinstance(value, list):
            yield from _top_nodes(value)
        elif isinstance(value, dict):
            graph = value.get("@graph")
            if isinstance(graph, list | dict):
                yield from _top_nodes(as_list(graph))
            else:
                yield value


def _short_keys(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH * 2:
        return None
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return [_short_keys(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {
            (k if k.startswith("@") else short_name(k)): _short_keys(v, depth + 1)
            for k, v in value.items()
            if isinstance(k, str)
        }
    return value


def _resolve(value: Any, index: dict[str, Node], depth: int) -> Any:
    """Replace `{"@id": ...}` stubs by the node they name, bounded against cycles."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [v if isinstance(v, _SCALARS) else _resolve(v, index, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1 and isinstance(value.get("@id"), str) and value["@id"] in index:
        value = index[value["@id"]]
    return {
        k: v if isinstance(v, _SCALARS) else _resolve(v, index, depth + 1) for k, v in value.items()
    }


# --- microdata ---------------------------------------------------------------


def _microdata(doc: Document) -> list[Node]:
    from extruct.w3cmicrodata import MicrodataExtractor

    items = MicrodataExtractor().extract_items(doc.root, doc.base_url)
    return [_from_microdata(item, 0) for item in items if isinstance(item, dict)]


def _from_microdata(value: Any, depth: int) -> Any:
    if isinstance(value, list):
        return [_from_microdata(v, depth + 1) for v in value]
    if not isinstance(value, dict) or depth > _MAX_DEPTH * 2:
        return value
    node: Node = {"@type": value.get("type", [])}
    if value.get("id"):
        node["@id"] = value["id"]
    for key, prop in (value.get("properties") or {}).items():
        node[short_name(key)] = _from_microdata(prop, depth + 1)
    if "value" in value and "properties" not in value:
        node["@value"] = value["value"]
    return node


# --- RDFa --------------------------------------------------------------------


def _rdfa(doc: Document) -> list[Node]:
    from extruct.rdfa import RDFaExtractor
    from extruct.utils import parse_xmldom_html

    tree = parse_xmldom_html(doc.source, encoding="utf-8")
    raw = [n for n in RDFaExtractor().extract_items(tree, base_url=doc.base_url) if "@type" in n]
    index = {n["@id"]: n for n in raw if "@id" in n}
    referenced = {
        ref["@id"]
        for n in raw
        for values in n.values()
        if isinstance(values, list)
        for ref in values
        if isinstance(ref, dict) and "@id" in ref
    }
    return [_from_rdfa(n, index, 0) for n in raw if n.get("@id") not in referenced]


def _from_rdfa(node: Node, index: dict[str, Node], depth: int) -> Node:
    out: Node = {"@type": [short_name(t) for t in node.get("@type", [])]}
    for key, values in node.items():
        if key.startswith("@") or "schema.org" not in key:
            continue
        converted = [_rdfa_value(v, index, depth) for v in values]
        out[short_name(key)] = converted[0] if len(converted) == 1 else converted
    return out


def _rdfa_value(value: Any, index: dict[str, Node], depth: int) -> Any:
    if not isinstance(value, dict):
        return value
    if "@value" in value:
        return value["@value"]
    target = index.get(value.get("@id", ""))
    if target is not None and depth < _MAX_DEPTH:
        return _from_rdfa(target, index, depth + 1)
    return value.get("@id")


# --- OpenGraph ---------------------------------------------------------------


def _opengraph(doc: Document) -> dict[str, str]:
    prefixes = ("og:", "product:", "fb:")
    return {k: v for k, v in doc.meta.items() if k.startswith(prefixes) and v}
