"""What rendering does on a page after navigation: configured steps, waiting, a screenshot.

Each runs inside the download (as a scrapy-playwright PageMethod), so the page is open
only while its download slot is held and its HTML is taken after everything ran.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crawlers.config import BrowserStep

logger = logging.getLogger(__name__)
QUIET_S = 0.5
"""A page is settled when no request of its has been in flight for this long."""
POLL_S = 0.05
PAGE_HEIGHT_JS = (
    "Math.max(document.documentElement.scrollHeight,"
    " document.body ? document.body.scrollHeight : 0)"
)


class NetworkWatch:
    """Counts a page's requests in flight, so 'settled' means the app stopped fetching.

    Playwright's own `networkidle` is reached once after loading; a click that fetches
    more data later would not wait for it.
    """

    def __init__(self, page: Any) -> None:
        self.in_flight = 0
        self.last_change = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, _request: Any) -> None:
        self.in_flight += 1
        self.last_change = time.monotonic()

    def _ended(self, _request: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.last_change = time.monotonic()

    async def settled(self, timeout_s: float) -> bool:
        """Wait until nothing was in flight for QUIET_S; False if `timeout_s` passed first."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.in_flight == 0 and time.monotonic() - self.last_change >= QUIET_S:
                return True
            await asyncio.sleep(POLL_S)
        return False


async def run_steps(page: Any, watch: NetworkWatch, steps: Sequence[BrowserStep]) -> None:
    """Run `steps` in order; a step that does not apply to this page is skipped, not fatal."""
    from playwright.async_api import Error as PlaywrightError

    for step in steps:
        try:
            await _run_step(page, watch, step)
        except PlaywrightError as error:
            logger.debug("browser step %s skipped on %s: %s", step, page.url, error)


async def _run_step(page: Any, watch: NetworkWatch, step: BrowserStep) -> None:
    timeout_ms = step.timeout_s * 1000
    if step.click:
        for _ in range(step.repeat):
            target = page.locator(step.click).first
            if not await target.is_visible():
                return
            await target.click(timeout=timeout_ms)
            await watch.settled(step.timeout_s)
    elif step.scroll:
        for _ in range(step.repeat):
            height = await page.evaluate(PAGE_HEIGHT_JS)
            await page.evaluate(f"window.scrollTo(0, {PAGE_HEIGHT_JS})")
            await watch.settled(step.timeout_s)
            if await page.evaluate(PAGE_HEIGHT_JS) <= height:
                return
    elif step.wait_for:
        await page.wait_for_selector(step.wait_for, timeout=timeout_ms)
    elif step.fill:
        await page.fill(step.fill, step.value or "", timeout=timeout_ms)
        await watch.settled(step.timeout_s)
    elif step.wait_s:
        await page.wait_for_timeout(step.wait_s * 1000)


def steps_budget_s(steps: Sequence[BrowserStep]) -> float:
    """The longest `steps` may take: each action and each wait for the page to settle."""
    total = 0.0
    for step in steps:
        if step.click:
            total += step.repeat * 2 * step.timeout_s
        elif step.scroll:
            total += step.repeat * step.timeout_s
        elif step.fill:
            total += 2 * step.timeout_s
        else:
            total += step.wait_s or step.timeout_s
    return total


@dataclass(slots=True)
class Screenshot:
    """A PNG of a page, filled in by `take_screenshot` during the download."""

    png: bytes = b""
    width: int = 0
    height: int = 0


async def take_screenshot(page: Any, into: Screenshot, max_height: int) -> None:
    """A full-page PNG, cut at `max_height` pixels so one screenshot stays bounded."""
    height = min(int(await page.evaluate(PAGE_HEIGHT_JS)), max_height)
    width = (page.viewport_size or {}).get("width", 1280)
    clip = {"x": 0, "y": 0, "width": width, "height": max(1, height)}
    into.png = await page.screenshot(full_page=True, clip=clip, type="png")
    into.width, into.height = width, height
