"""One rendered page's session: what it captures and does between navigation and its HTML.

The spider creates a RenderSession per browser request and reads it back in the callback:
the JSON responses the page fetched (candidates for a data API), and its screenshot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crawlers.browser.blocking import allow_everything_on
from crawlers.browser.page_actions import (
    NetworkWatch,
    Screenshot,
    run_steps,
    steps_budget_s,
    take_screenshot,
)
from crawlers.config import BrowserStep

logger = logging.getLogger(__name__)
SESSION_META = "rw_render_session"
"""The request meta key of a browser request's RenderSession."""
SCREENSHOT_S = 30.0
"""Playwright's own time limit for a screenshot."""
MAX_CAPTURED = 40
"""JSON responses kept per page; an app that fetches more is polling, not loading data."""
MAX_CAPTURED_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class CapturedJson:
    """A JSON response a rendered page fetched with GET: replayable over plain HTTP."""

    url: str
    body: bytes


@dataclass
class RenderSession:  # no slots: Playwright keeps its wrapper of a handler on the handler's object
    """Set up on the page before navigation, finished after it, read in the callback."""

    steps: Sequence[BrowserStep] = ()
    screenshot_height: int | None = None
    """Take a screenshot, cut at this height; None: no screenshot."""
    settle_s: float = 10.0
    captured: list[CapturedJson] = field(default_factory=list)
    screenshot: Screenshot = field(default_factory=Screenshot)
    page: Any = None
    """The Playwright page, once opened: closed by the handler if the render stalls."""
    context: Any = None
    """The page's browser context, so it can be closed when its turn is over."""
    _watch: NetworkWatch | None = None

    async def start(self, page: Any, _request: Any = None) -> None:
        """playwright_page_init_callback: watch the network and capture JSON answers.

        Runs again for each new page should scrapy-playwright open another after a failure.
        """
        self.page, self.context = page, page.context
        self.captured.clear()
        self._watch = NetworkWatch(page)
        page.on("response", self._on_response)
        if self.screenshot_height is not None:
            allow_everything_on(page)

    async def finish(self, page: Any) -> None:
        """PageMethod: let the app settle, run the steps, take the screenshot."""
        assert self._watch is not None, "start() runs first, as the page's init callback"
        await self._watch.settled(self.settle_s)
        if self.steps:
            await run_steps(page, self._watch, self.steps)
        if self.screenshot_height is not None:
            await take_screenshot(page, self.screenshot, self.screenshot_height)

    def budget_s(self, navigation_s: float) -> float:
        """The longest rendering this page may take: opening it, navigation, settling, the
        steps, the waits for the load state and for its HTML, and the screenshot.
        """
        screenshot = SCREENSHOT_S if self.screenshot_height is not None else 0.0
        return 4 * navigation_s + self.settle_s + steps_budget_s(self.steps) + screenshot

    async def _on_response(self, response: Any) -> None:
        from crawlers.extractors.app_shell import is_json_response

        request = response.request
        if request.method != "GET" or response.status >= 400 or len(self.captured) >= MAX_CAPTURED:
            return
        content_type = (await response.all_headers()).get("content-type", "")
        if request.resource_type not in ("fetch", "xhr") and "json" not in content_type:
            return
        try:
            body = await response.body()
        except Exception:  # redirects and pages closed meanwhile have no body to read
            return
        if len(body) <= MAX_CAPTURED_BYTES and is_json_response(content_type, body[:64]):
            self.captured.append(CapturedJson(url=response.url, body=body))


def session_of(meta: dict[str, Any]) -> RenderSession | None:
    """The RenderSession of a browser request, None for other requests."""
    session = meta.get(SESSION_META)
    return session if isinstance(session, RenderSession) else None
