"""What every demo shop shares: requests and responses, routing, shared run state, ground truth.

A platform module subclasses `Site` with its routes and templates; the server only calls
`respond`, so shops stay plain objects that are easy to read and to test.
"""

from __future__ import annotations

import json
import re
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from schedules.demo.web.catalog import Catalog, ShopProduct, SiteSpec, catalog_for
from schedules.demo.web.expected import ExpectedPost

SLOW_SECONDS = 2.0
"""How long the slow fault page stalls (released early when the web closes)."""
TRANSIENT_FAILURES = 2
"""How many times the flaky fault page answers 500 before it recovers."""


@dataclass(frozen=True, slots=True)
class Request:
    """One incoming request as a shop sees it."""

    target: str
    """The raw request target (path and query) as sent."""
    path: str
    """Decoded path with `;jsessionid=...`-style path parameters removed."""
    query: dict[str, str]
    """Query parameters, first value of each."""

    @classmethod
    def parse(cls, target: str) -> Request:
        parts = urlsplit(target)
        path = unquote(re.sub(r";[^/]*", "", parts.path)) or "/"
        return cls(target=target, path=path, query=dict(parse_qsl(parts.query, True)))

    def number(self, name: str, default: int = 1) -> int | None:
        """Read a positive integer parameter: `default` when absent, None when malformed."""
        value = self.query.get(name)
        if value is None:
            return default
        return int(value) if value.isdigit() and int(value) > 0 else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """What a shop answers; the server adds encoding, ETag and length."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    slow: bool = False
    """Stall before answering (the slow-page fault)."""


def html(text: str, *, status: int = 200, charset: str = "utf-8", **kw: Any) -> Response:
    """Answer HTML encoded in `charset` (strictly: unencodable text is a bug here)."""
    content_type = f"text/html; charset={charset}"
    return Response(status=status, body=text.encode(charset), content_type=content_type, **kw)


def as_json(data: Any, *, status: int = 200, **kw: Any) -> Response:
    """Answer JSON (UTF-8, non-ASCII kept as is, like PHP and Rails APIs do)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(status=status, body=body, content_type="application/json; charset=utf-8", **kw)


def xml(text: str, **kw: Any) -> Response:
    """Answer XML (sitemaps)."""
    return Response(body=text.encode(), content_type="application/xml; charset=utf-8", **kw)


def pixel_png() -> Response:
    """Answer a 1x1 PNG: image links that crawlers follow should not end in 404s."""
    return Response(body=_PIXEL, content_type="image/png")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


_PIXEL = b"".join(
    [
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)),
        _png_chunk(b"IDAT", zlib.compress(b"\x00\xff")),
        _png_chunk(b"IEND", b""),
    ]
)


def plain(text: str, **kw: Any) -> Response:
    """Answer plain text (robots.txt)."""
    return Response(body=text.encode(), content_type="text/plain; charset=utf-8", **kw)


@dataclass
class WebState:
    """Run state shared by a web's shops: the day, fault switches and fault counters."""

    day: int = 0
    faults: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    """Set on close so stalled requests finish at once."""
    _hits: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str) -> int:
        """Count one more request for `key` and return the new count (thread-safe)."""
        with self._lock:
            self._hits[key] += 1
            return self._hits[key]


Handler = Callable[[Request, re.Match[str]], Response]


class Host:
    """An origin the demo web serves: routing, robots.txt and absolute URLs.

    Shops are `Site`s; the media host (video and news feeds) is a plain `Host`.
    """

    server_header: ClassVar[str] = "nginx"
    """The `Server` response header, as the platform's hosting sends it."""
    extra_headers: ClassVar[tuple[tuple[str, str], ...]] = ()
    """Headers the platform adds to every response."""

    def __init__(self, state: WebState) -> None:
        self.state = state
        self.base_url = ""
        """Set by the server once bound, e.g. 'http://127.0.0.3:41234/'."""
        self._routes = [(re.compile(pattern), handler) for pattern, handler in self.routes()]

    @property
    def name(self) -> str:
        """Display name (request logs, `DemoWeb.site`)."""
        raise NotImplementedError

    @property
    def key(self) -> str:
        """Short id ('alpha', 'media')."""
        raise NotImplementedError

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return urljoin(self.base_url, path)

    def respond(self, request: Request) -> Response:
        """Dispatch to the first route whose pattern matches the whole path."""
        if request.path == "/robots.txt":
            return plain(self.robots_txt())
        for pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match:
                return handler(request, match)
        return self.not_found()

    def routes(self) -> list[tuple[str, Handler]]:
        """(regex matched against the whole path, handler) pairs, tried in order."""
        raise NotImplementedError

    def robots_txt(self) -> str:
        """Return the host's robots.txt; its Disallow rules name paths its pages link to."""
        raise NotImplementedError

    def not_found(self) -> Response:
        """Answer the platform's 404 page."""
        return html("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>", status=404)

    def fault_urls(self) -> dict[str, str]:
        """Map this host's faults to their URLs (empty while faults are off)."""
        return {}

    def scheduled_down(self) -> bool:
        """Whether the day's script takes the whole host down (503)."""
        return False


class Site(Host):
    """A demo shop: answers requests for one origin from the catalog of the current day."""

    flavour: ClassVar[str] = ""
    fault_pages: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(fault name, master key of the product whose page shows it when faults are on)."""
    render_mode: ClassVar[str | None] = None
    """The `render:` value of this shop's config entry (never/always/auto); None omits it."""

    def __init__(self, spec: SiteSpec, state: WebState) -> None:
        self.spec = spec
        self.media_feeds: dict[str, list[str]] = {}
        """Config keys `videos` and `mentions` → feed URLs on the media host (set by the
        web once the media host is bound)."""
        super().__init__(state)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def catalog(self) -> Catalog:
        """Today's catalog."""
        return catalog_for(self.spec.key, self.state.day)

    @property
    def catalog_hints(self) -> dict[str, Any] | None:
        """The `catalog:` block of this shop's config entry; None lets the crawler discover."""
        return None

    def scheduled_down(self) -> bool:
        return self.catalog.down

    # --- what a platform module provides -------------------------------------------------

    def product_path(self, product: ShopProduct) -> str:
        """Return the canonical path of a product page."""
        raise NotImplementedError

    def languages(self) -> tuple[str, ...]:
        """Return the hreflang alternates the homepage declares (besides <html lang>)."""
        return ()

    def fault_urls(self) -> dict[str, str]:
        """Map this shop's faults to their URLs (empty while faults are off)."""
        if not self.state.faults:
            return {}
        pages = self.fault_pages
        return {fault: self.product_url(self.product_by_key(key)) for fault, key in pages}

    def expected_posts(self) -> list[ExpectedPost]:
        """Ground truth of today's blog posts, newest first (empty without a blog)."""
        return []

    # --- shared by all platforms ---------------------------------------------------------

    def product_url(self, product: ShopProduct) -> str:
        return self.url(self.product_path(product))

    def product_by_key(self, key: str) -> ShopProduct:
        """Find a product by master key: today's version, else day 0's (it may be gone now).

        Blog posts and fault pages name their products this way.
        """
        product = self.catalog.find(key=key) or catalog_for(self.spec.key, 0).find(key=key)
        if product is None:
            raise KeyError(f"{self.name} never offered {key}")
        return product

    def expected_products(self) -> list[dict[str, Any]]:
        """Ground truth of today's catalog; prices as decimal strings."""
        currency = self.spec.currency
        return [truth(p, self.product_url(p), currency) for p in self.catalog.products]

    def expected_homepage(self) -> dict[str, Any]:
        """Ground truth of the homepage positioning fields."""
        home = self.catalog.home
        langs = {self.spec.language, *(lang for lang in self.languages() if lang != "x-default")}
        return {
            "url": self.base_url,
            "title": home.title,
            "meta_description": home.description,
            "h1": home.h1,
            "usp": home.usp,
            "language": self.spec.language,
            "languages": tuple(sorted(langs)),
            "social": tuple(sorted(self.spec.social)),
        }

    def paginate(self, items: list[ShopProduct], page: int) -> tuple[list[ShopProduct], int]:
        """Return the products of one listing page and the number of pages (at least 1)."""
        size = self.spec.page_size
        pages = max(1, -(-len(items) // size))
        return items[(page - 1) * size : page * size], pages

    def flaky(self, key: str) -> bool:
        """Tell whether the transient-500 fault page should still fail (counts the hit)."""
        return self.state.faults and self.state.hit(key) <= TRANSIENT_FAILURES


def truth(product: ShopProduct, url: str, currency: str) -> dict[str, Any]:
    """One ground-truth row."""
    regular = product.regular_price
    return {
        "url": url,
        "name": product.name,
        "sku": product.sku,
        "gtin": product.gtin,
        "brand": product.brand,
        "category": product.category.name,
        "price": str(product.price),
        "regular_price": None if regular is None else str(regular),
        "currency": currency,
        "availability": product.availability,
    }


def decimal_str(value: Decimal) -> str:
    """Format a price as the decimal string structured data carries ('249.00')."""
    return f"{value:.2f}"
