"""A notification endpoint on loopback: records what apprise's json:// plugin posts to it."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

USER, PASSWORD = "alerts", "s3cret-pass"
"""Credentials the endpoint expects (basic auth), so tests can check they are masked."""


@dataclass
class Inbox:
    """Messages received (the JSON apprise posted); answers 500 `failures` times first."""

    port: int = 0
    failures: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "hook") -> str:
        """The apprise URL of this endpoint, with credentials."""
        return f"json://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{path}"

    def receive(self, body: bytes, authorization: str | None) -> int:
        """Record one POST; return the HTTP status to answer."""
        with self.lock:
            self.requests += 1
            if self.failures > 0:
                self.failures -= 1
                return 500
            message = json.loads(body)
            message["authorization"] = authorization
            self.messages.append(message)
            return 200

    def titles(self) -> list[str]:
        return [m["title"] for m in self.messages]


def basic_auth() -> str:
    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@contextmanager
def serve_inbox(failures: int = 0) -> Iterator[Inbox]:
    """Serve an `Inbox` on 127.0.0.1, on a port the OS picks."""
    inbox = Inbox(failures=failures)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = inbox.receive(body, self.headers.get("Authorization"))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    inbox.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield inbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
