"""scrapy-playwright's settings, from the validated config and the browser found."""

from __future__ import annotations

import os
from typing import Any

from crawlers.browser.blocking import abort_unneeded_request
from crawlers.browser.executable import Browser
from crawlers.config import CrawlConfig

BROWSER_SLOT = "browser"
"""The download slot of every browser request."""
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
    """Settings that route requests marked `playwright` through the browser; others stay HTTP.

    Pages a browser crash took down are retried like network errors (they did nothing
    wrong); a page that does not load within the timeout is not.
    """
    from scrapy.settings import default_settings

    from crawlers.browser.errors import BrowserCrashed
    from crawlers.browser.handler import BROWSER_PAGES_SETTING, RenderingDownloadHandler

    launch: dict[str, Any] = {"headless": True, "args": list(chromium_args())}
    if browser.executable is not None:
        launch["executable_path"] = str(browser.executable)
    return {
        "DOWNLOAD_HANDLERS": {"http": RenderingDownloadHandler, "https": RenderingDownloadHandler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": crawl.browser_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": crawl.timeout_s * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        "PLAYWRIGHT_ABORT_REQUEST": abort_unneeded_request,
        BROWSER_PAGES_SETTING: crawl.browser_pages,  # the handler enforces it
        # Browser requests in one slot of their own, not in their sites' (no download
        # delay between renders); Scrapy 2.19 does not hold bursts to its concurrency.
        "DOWNLOAD_SLOTS": {BROWSER_SLOT: {"concurrency": crawl.browser_pages, "delay": 0}},
        "RETRY_EXCEPTIONS": [*default_settings.RETRY_EXCEPTIONS, BrowserCrashed],
    }


def chromium_args() -> tuple[str, ...]:
    """Chromium's sandbox refuses to run as root (containers, CI): only then switch it off."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return (*CHROMIUM_ARGS, "--no-sandbox") if as_root else CHROMIUM_ARGS
