"""A tiny scripted site on loopback for spider edge cases the demo web does not stage."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[int, str, bytes]
Route = Callable[[str], Page | None]


@dataclass
class ScriptedSite:
    """Routes path (with query) → (status, content type, body); everything else is 404."""

    pages: dict[str, Page] = field(default_factory=dict)
    fallback: Route | None = None
    redirects: dict[str, str] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    base_url: str = ""

    def html(self, path: str, body: str, status: int = 200) -> None:
        self.pages[path] = (status, "text/html; charset=utf-8", body.encode("utf-8"))

    def json(self, path: str, data: object, status: int = 200) -> None:
        self.pages[path] = (status, "application/json", json.dumps(data).encode("utf-8"))

    def raw(self, path: str, body: bytes, content_type: str, status: int = 200) -> None:
        """Serve `body` as is: feeds, sitemaps, bytes in any encoding."""
        self.pages[path] = (status, content_type, body)

    def answer(self, path: str) -> Page:
        self.requested.append(path)
        page = self.pages.get(path) or (self.fallback(path) if self.fallback else None)
        return page or (404, "text/html", b"<html><body>not found</body></html>")


@contextmanager
def serve(site: ScriptedSite) -> Iterator[ScriptedSite]:
    """Serve `site` on 127.0.0.1 with a port the OS picks."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            if self.path in site.redirects:
                site.requested.append(self.path)
                self.send_response(301)
                self.send_header(
                    "Location", site.redirects[self.path].format(port=self.server.server_address[1])
                )
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, content_type, body = site.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def product_page(name: str, price: str, currency: str = "EUR") -> str:
    """A product page with JSON-LD, as most shops have."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "offers": {
            "@type": "Offer",
            "price": price,
            "priceCurrency": currency,
            "availability": "https://schema.org/InStock",
        },
    }
    return f"""<html lang="en"><head><title>{name}</title>
<script type="application/ld+json">{json.dumps(data)}</script></head>
<body><h1>{name}</h1><p class="price">{price} {currency}</p></body></html>"""
