"""Context rotation with real browser contexts: a new one every N pages, a retired one closed
once its last page is done, never while a page still renders in it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from crawlers.browser.contexts import ContextRotation
from crawlers.browser.executable import Browser
from crawlers.browser.settings import chromium_args

pytestmark = pytest.mark.browser


class Pages:
    """Opens each page in the Playwright context named by the rotation, as the handler does."""

    def __init__(self, chromium: Any, rotation: ContextRotation) -> None:
        self.chromium, self.rotation = chromium, rotation
        self.contexts: dict[str, Any] = {}
        self.closed: dict[str, asyncio.Event] = {}

    async def open(self) -> tuple[dict[str, Any], Any]:
        meta: dict[str, Any] = {}
        name = self.rotation.assign(meta)
        if name not in self.contexts:
            context = self.contexts[name] = await self.chromium.new_context()
            closed = self.closed[name] = asyncio.Event()
            context.on("close", lambda _context: closed.set())
        page = await self.contexts[name].new_page()
        return meta, page

    async def done(self, opened: tuple[dict[str, Any], Any]) -> None:
        meta, page = opened
        await page.close()
        self.rotation.release(meta, page.context)

    async def closes(self, name: str) -> bool:
        try:
            await asyncio.wait_for(self.closed[name].wait(), timeout=10)
        except TimeoutError:
            return False
        return True


def test_contexts_turn_every_n_pages_and_close_when_their_last_page_is_done(
    browser: Browser,
) -> None:
    async def scenario() -> dict[str, Any]:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            executable = str(browser.executable) if browser.executable else None
            chromium = await playwright.chromium.launch(
                executable_path=executable, args=list(chromium_args())
            )
            pages = Pages(chromium, ContextRotation(recycle_after=2))
            first, second, third = [await pages.open() for _ in range(3)]
            names = [opened[0]["playwright_context"] for opened in (first, second, third)]
            await pages.done(second)
            await pages.done(third)
            # A round trip to the page: a close scheduled meanwhile would have closed it.
            open_while_first_renders = await first[1].evaluate("1 + 1") == 2
            await pages.done(first)
            first_closed = await pages.closes("rw-0")
            current_open = not pages.closed["rw-1"].is_set()
            await chromium.close()
            return {
                "names": names,
                "open_while_first_renders": open_while_first_renders,
                "first_closed": first_closed,
                "current_open": current_open,
            }

    seen = asyncio.run(scenario())

    assert seen["names"] == ["rw-0", "rw-0", "rw-1"]
    assert seen["open_while_first_renders"]
    assert seen["first_closed"]
    assert seen["current_open"]  # its turn is not over: the next page opens in it
