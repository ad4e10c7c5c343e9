"""scrapy-playwright's download handler, made safe for long unattended crawls: a cap on the
pages open at once, contexts in turns, every render ending, and a browser crash failing the
pages it held instead of leaving them waiting.

Without these one page can hang a whole crawl. When Chromium dies, a Playwright call already
on its way to it (opening a page in one of its contexts) may never be answered; and a page
whose scripts keep its main thread busy never hands over its HTML (Playwright gives
`page.content()` and `page.evaluate()` no time limit). The cap cannot be left to the browser
download slot: Scrapy 2.19 starts every request queued in a slot at once when several arrive
together (`Downloader._process_queue` counts a request as transferring only once its task
runs). Errors come out in one line (crawlers.browser.errors), not as Playwright's call logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from weakref import WeakKeyDictionary

from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawlers.browser.contexts import rotation_of
from crawlers.browser.errors import BrowserCrashed, RenderStalled, render_error
from crawlers.browser.session import session_of

logger = logging.getLogger(__name__)
BROWSER_PAGES_SETTING = "RIVALWATCH_BROWSER_PAGES"
"""Pages open at once, over the crawl's browsers (one per URL scheme)."""
DEFAULT_NAVIGATION_S = 30.0
"""Playwright's own navigation timeout, when none is configured."""
_page_caps: WeakKeyDictionary[Any, asyncio.Semaphore] = WeakKeyDictionary()


class RenderingDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """Renders requests marked `playwright`, within the cap and a time budget; others go
    over HTTP.
    """

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        if crawler not in _page_caps:  # Scrapy makes one handler for http, one for https
            _page_caps[crawler] = asyncio.Semaphore(
                crawler.settings.getint(BROWSER_PAGES_SETTING, 4)
            )
        self._pages = _page_caps[crawler]
        self._renders: set[asyncio.Future[Response]] = set()
        self._crashed: set[asyncio.Future[Response]] = set()
        self._started = False
        self._start_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:
        """Playwright starts on the first render, not with the engine: most crawls with
        `render: auto` render nothing, and each driver costs seconds of CPU (measured: 3-5 s
        of a 2,000-page crawl, and its first request 2-6 s later).
        """

    async def _start_playwright(self) -> None:
        async with self._start_lock:
            if not self._started:
                await super()._maybe_launch_in_thread()
                self._started = True

    async def download_request(self, request: Request) -> Response:  # type: ignore[override]
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        await self._start_playwright()
        async with self._pages:
            rotation, session = rotation_of(request.meta), session_of(request.meta)
            if rotation is not None:
                rotation.assign(request.meta)
            try:
                return await self._render(request)
            finally:
                if rotation is not None:
                    rotation.release(request.meta, session.context if session else None)

    async def _render(self, request: Request) -> Response:
        render = asyncio.ensure_future(super().download_request(request))
        self._renders.add(render)
        try:
            return await self._outcome(request, render)
        finally:
            self._renders.discard(render)
            self._crashed.discard(render)

    async def _outcome(self, request: Request, render: asyncio.Future[Response]) -> Response:
        budget = self._budget_s(request)
        try:
            done, _ = await asyncio.wait({render}, timeout=budget)
        except asyncio.CancelledError:  # the crawl is stopping
            render.cancel()
            raise
        if not done:
            render.cancel()
            await self._close_page(request)
            raise RenderStalled(f"the browser did not finish rendering the page in {budget:g} s")
        if render in self._crashed:
            raise BrowserCrashed("the browser crashed while it held the page")
        error = render.exception()
        if error is not None:
            raise render_error(error) from error
        return render.result()

    async def _browser_disconnected_callback(self) -> None:
        """The browser died (or was closed): every render in flight fails now, with a clear
        reason, instead of waiting for an answer that may never come. The next page
        launches a new browser (PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER).

        Overrides scrapy-playwright's own disconnect hook, which closes the contexts.
        """
        pending = [render for render in self._renders if not render.done()]
        if pending:
            logger.warning("the browser died; failing the %d page(s) it held", len(pending))
        for render in pending:
            self._crashed.add(render)
            render.cancel()
        await super()._browser_disconnected_callback()

    def _budget_s(self, request: Request) -> float:
        timeout_ms = self.config.navigation_timeout_ms
        navigation_s = timeout_ms / 1000 if timeout_ms else DEFAULT_NAVIGATION_S
        session = session_of(request.meta)
        return session.budget_s(navigation_s) if session else 4 * navigation_s

    async def _close_page(self, request: Request) -> None:
        """Close a stalled render's page, so its memory and its place in its context go."""
        session = session_of(request.meta)
        page = session.page if session else None
        if page is None or page.is_closed():
            return
        with contextlib.suppress(Exception):  # a wedged or dead browser: it goes anyway
            await asyncio.wait_for(page.close(), timeout=DEFAULT_NAVIGATION_S)
