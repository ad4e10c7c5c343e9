"""scrapy-playwright's settings, from the validated config and the browser found."""

from __future__ import annotations

import os
from typing import Any

from crawlers.browser.blocking import abort_unneeded_request
from crawlers.browser.executable import Browser
from crawlers.config import CrawlConfig

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
BROWSER_SLOT = "browser"
"""The download slot of every browser request: its concurrency caps open pages."""
CHROMIUM_ARGS = (
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB; big pages crash the tab
    # No calls home: on closed networks they fail by the dozen and slow every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)


def browser_settings(crawl: CrawlConfig, browser: Browser) -> dict[str, Any]:
    """Settings that route requests marked `playwright` through the browser; others stay HTTP."""
    launch: dict[str, Any] = {"headless": True, "args": list(chromium_args())}
    if browser.executable is not None:
        launch["executable_path"] = str(browser.executable)
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": crawl.browser_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": crawl.timeout_s * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        "PLAYWRIGHT_ABORT_REQUEST": abort_unneeded_request,
        "DOWNLOAD_SLOTS": {BROWSER_SLOT: {"concurrency": crawl.browser_pages, "delay": 0}},
    }


def chromium_args() -> tuple[str, ...]:
    """Chromium's sandbox refuses to run as root (containers, CI): only then switch it off."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return (*CHROMIUM_ARGS, "--no-sandbox") if as_root else CHROMIUM_ARGS
