"""Browser steps and screenshots on a real page in a real Chromium: the demo SPA's catalog,
whose 'Visa fler' button loads 12 more products per click."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from crawlers.browser.executable import Browser
from crawlers.browser.page_actions import NetworkWatch, Screenshot, run_steps, take_screenshot
from crawlers.browser.settings import chromium_args
from crawlers.config import BrowserStep
from schedules.demo.web import DemoWeb, serve_demo_web

pytestmark = pytest.mark.browser
SPA = "Vildmarksboden"
CARD_LINKS = "#app a[href^='/p/']"


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    with serve_demo_web() as web:
        yield web


async def on_catalog(
    browser: Browser, url: str, steps: list[BrowserStep], shot_height: int
) -> tuple[int, Screenshot]:
    """Open `url`, let it settle, run `steps`, photograph it; return (links, screenshot)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        executable = str(browser.executable) if browser.executable else None
        chromium = await playwright.chromium.launch(
            executable_path=executable, args=list(chromium_args())
        )
        page = await chromium.new_page()
        watch = NetworkWatch(page)
        await page.goto(url)
        await watch.settled(10)
        await run_steps(page, watch, steps)
        links = await page.locator(CARD_LINKS).count()
        shot = Screenshot()
        await take_screenshot(page, shot, shot_height)
        await chromium.close()
        return links, shot


def test_clicking_load_more_until_it_is_gone_shows_the_whole_catalog(
    web: DemoWeb, browser: Browser
) -> None:
    catalog = web.sites[SPA].url("/sortiment")
    steps = [BrowserStep(click="button.load-more", repeat=20)]

    before, _ = asyncio.run(on_catalog(browser, catalog, [], 2000))
    after, _ = asyncio.run(on_catalog(browser, catalog, steps, 2000))

    assert before < len(web.expected_products(SPA))
    assert after == len(web.expected_products(SPA))


def test_a_step_that_does_not_apply_is_skipped(web: DemoWeb, browser: Browser) -> None:
    steps = [
        BrowserStep(wait_for="#no-such-thing", timeout_s=0.5),
        BrowserStep(click="button.load-more", repeat=20),
    ]

    links, _ = asyncio.run(on_catalog(browser, web.sites[SPA].url("/sortiment"), steps, 2000))

    assert links == len(web.expected_products(SPA))


def test_screenshots_are_cut_at_the_maximum_height(web: DemoWeb, browser: Browser) -> None:
    steps = [BrowserStep(click="button.load-more", repeat=20)]

    _, shot = asyncio.run(on_catalog(browser, web.sites[SPA].url("/sortiment"), steps, 700))

    assert shot.png.startswith(b"\x89PNG")
    assert shot.height == 700
    assert int.from_bytes(shot.png[20:24], "big") == 700  # the PNG's own height
