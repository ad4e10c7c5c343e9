"""Playwright's errors from a real Chromium, told in one line: a page that never loads, a
closed browser, a port the browser refuses to open."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from crawlers.browser.errors import (
    BrowserCrashed,
    PageLoadTimeout,
    RenderError,
    render_error,
)
from crawlers.browser.executable import Browser
from crawlers.browser.settings import chromium_args

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hanging_url() -> Iterator[str]:
    """A page whose response never comes while the test runs."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            release.wait(30)

        def log_message(self, *_args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    release.set()
    server.shutdown()
    server.server_close()


def error_of(browser: Browser, action: Callable[[Any, Any], Awaitable[Any]]) -> Exception:
    """The exception `action(chromium, page)` raises in a real Chromium."""

    async def run() -> Exception:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            executable = str(browser.executable) if browser.executable else None
            chromium = await playwright.chromium.launch(
                executable_path=executable, args=list(chromium_args())
            )
            page = await chromium.new_page()
            try:
                await action(chromium, page)
            except Exception as error:
                return error
            finally:
                await chromium.close()
        raise AssertionError("the action did not fail")

    return asyncio.run(run())


def test_a_navigation_timeout_says_the_page_did_not_load_in_time(
    browser: Browser, hanging_url: str
) -> None:
    error = error_of(browser, lambda _chromium, page: page.goto(hanging_url, timeout=500))

    told = render_error(error)

    assert isinstance(told, PageLoadTimeout)
    assert str(told) == "rendering timed out: the page did not finish loading within 0.5 s"
    assert "Call log" in str(error)  # what it replaces


def test_a_page_of_a_closed_browser_is_a_browser_crash(browser: Browser) -> None:
    async def close_then_navigate(chromium: Any, page: Any) -> None:
        await chromium.close()
        await page.goto("about:blank")

    told = render_error(error_of(browser, close_then_navigate))

    assert isinstance(told, BrowserCrashed)
    assert "\n" not in str(told) and "Page.goto" in str(told)


def test_other_browser_errors_keep_their_first_line(browser: Browser) -> None:
    error = error_of(browser, lambda _chromium, page: page.goto("http://127.0.0.1:9/"))

    told = render_error(error)

    assert type(told) is RenderError
    assert str(told) == "browser error in Page.goto: net::ERR_UNSAFE_PORT at http://127.0.0.1:9/"
    assert "\n" not in str(told)


def test_errors_that_are_not_the_browser_s_pass_unchanged() -> None:
    error = ValueError("not a browser error")

    assert render_error(error) is error
