"""One stdlib HTTP server per demo shop, each on its own loopback address.

Distinct addresses give distinct hostnames, so Scrapy keeps one download slot per shop as
it would on the real web. The server does what real front ends do for every shop (gzip,
ETag/304, HEAD, 503 while down) and logs each request for the tests.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

from schedules.demo.web.site import SLOW_SECONDS, Host, Request, Response, html

LOOPBACK_FALLBACK = "127.0.0.1"
_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)


class LoggedRequest(NamedTuple):
    """One request as the demo web saw it."""

    site: str
    """Display name of the shop."""
    method: str
    """GET or HEAD."""
    path: str
    """Path with query, exactly as requested."""
    status: int
    """Status code answered."""


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one shop."""

    daemon_threads = True
    block_on_close = False  # keep-alive handler threads must not hold up close()

    def __init__(self, address: tuple[str, int], site: Host, web: WebHooks) -> None:
        super().__init__(address, ShopHandler)
        self.site = site
        self.web = web

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client hangs up; report anything else to the web."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            self.web.failed(f"{self.site.name} {client_address}: {error!r}")


class WebHooks(NamedTuple):
    """What a server asks of the web that owns it."""

    is_down: Callable[[Host], bool]
    delay: Callable[[Host], float]
    busy: Callable[[Host, int], None]
    """Called with +1 when a request of the site starts being served, -1 when it is done."""
    log: Callable[[LoggedRequest], None]
    failed: Callable[[str], None]
    release: threading.Event


def bind(site: Host, web: WebHooks, host: str) -> SiteServer:
    """Bind `site` to `host` port 0 (the OS picks) and record its base URL.

    Falls back to 127.0.0.1 where the platform has only that loopback address (macOS, BSD).
    """
    try:
        server = SiteServer((host, 0), site, web)
    except OSError:
        server = SiteServer((LOOPBACK_FALLBACK, 0), site, web)
    bound_host, port = server.server_address[:2]
    site.base_url = f"http://{bound_host}:{port}/"
    return server


def start(server: SiteServer) -> threading.Thread:
    """Serve in a daemon thread; a short poll interval keeps shutdown quick."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return thread


class ShopHandler(BaseHTTPRequestHandler):
    """Turns HTTP requests into `Site.respond` calls and responses into bytes."""

    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end instead of holding a thread forever
    # Headers and body go out in two writes: without this, Nagle + delayed ACK stall 40 ms.
    disable_nagle_algorithm = True
    server: SiteServer

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def version_string(self) -> str:
        return self.server.site.server_header

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the web keeps its own request log."""

    def _serve(self, *, head: bool) -> None:
        site, web = self.server.site, self.server.web
        web.busy(site, +1)  # until the answer is ready: once written, the client may go on
        try:
            response = self._answer(site, web)
            if response.slow:
                web.release.wait(SLOW_SECONDS)
            if delay := web.delay(site):
                web.release.wait(delay)
        finally:
            web.busy(site, -1)
        body, headers = self._encode(response)
        status, etag = response.status, dict(headers).get("ETag")
        if status == 200 and etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        web.log(LoggedRequest(site.name, self.command, self.path, status))
        try:
            self._write(status, headers, b"" if head else body, len(body))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _answer(self, site: Host, web: WebHooks) -> Response:
        if web.is_down(site):
            page = (
                "<!doctype html><title>503 Service Unavailable</title><h1>Service Unavailable</h1>"
            )
            return html(page, status=503, headers=(("Retry-After", "3600"),))
        try:
            return site.respond(Request.parse(self.path))
        except Exception as exc:  # a bug in a demo shop must show up, not kill the thread
            web.failed(f"{site.name} {self.path}: {exc!r}")
            return html("<h1>Internal Server Error</h1>", status=500)

    def _encode(self, response: Response) -> tuple[bytes, list[tuple[str, str]]]:
        """Body and headers as sent; a list, since headers like Link may repeat."""
        body = response.body
        headers = [("Content-Type", response.content_type), *self.server.site.extra_headers]
        headers += response.headers
        if response.status == 200:
            digest = hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20]
            headers.append(("ETag", f'W/"{digest}"'))
        if self._gzip_ok(response):
            body = gzip.compress(body, mtime=0)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return body, headers

    def _gzip_ok(self, response: Response) -> bool:
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        typed = response.content_type.startswith(_COMPRESSIBLE)
        return accepted and typed and len(response.body) > 512

    def _write(self, status: int, headers: list[tuple[str, str]], body: bytes, length: int) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)


def loopback_hosts(count: int) -> list[str]:
    """127.0.0.2, 127.0.0.3, ...: one loopback address per shop, never beyond loopback."""
    if count > 250:
        raise ValueError("at most 250 demo sites fit the 127.0.0.x loopback range")
    return [socket.inet_ntoa(bytes((127, 0, 0, 2 + i))) for i in range(count)]
