"""Which browser renders: the configured one, else Playwright's own, else the system's.

Playwright's browser download needs the internet; many servers have a distribution
Chromium instead (Debian's `chromium`), which Playwright drives just as well.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

SYSTEM_BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
"""Command names of Chromium-family browsers, most specific first."""
SYSTEM_PATHS = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
)
HOW_TO_INSTALL = (
    "install one with `playwright install chromium` (downloads Playwright's own Chromium), "
    "or your distribution's package (Debian/Ubuntu: `apt-get install chromium`), "
    "or set crawl.browser_executable to a Chromium or Chrome binary"
)


@dataclass(frozen=True, slots=True)
class Browser:
    """A browser binary to launch, and where it was found (for messages)."""

    executable: Path | None
    """None: Playwright's own browser, found by Playwright itself."""
    origin: str


class NoBrowser(RuntimeError):
    """No browser can render here; the message says how to get one."""


def find_browser(configured: Path | None = None) -> Browser:
    """The browser to render with, or NoBrowser saying how to install one."""
    if configured is not None:
        if _runnable(configured):
            return Browser(configured, "crawl.browser_executable")
        raise NoBrowser(f"crawl.browser_executable {configured} is not an executable file")
    if playwright_browser_installed():
        return Browser(None, "Playwright's own Chromium")
    system = system_browser()
    if system is not None:
        return Browser(system, "the system's browser")
    raise NoBrowser(f"no browser found for rendering JavaScript pages: {HOW_TO_INSTALL}")


def playwright_browser_installed() -> bool:
    """Whether `playwright install chromium` has put a browser where Playwright looks."""
    root = _playwright_browsers_root()
    if root is None or not root.is_dir():
        return False
    binaries = [
        *root.glob("chromium*/chrome-*/chrome*"),  # Linux, Windows
        *root.glob("chromium*/chrome-*/headless_shell*"),
        *root.glob("chromium*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium"),
    ]
    return any(_runnable(path) for path in binaries)


def system_browser() -> Path | None:
    """A Chromium or Chrome installed on this system, if any."""
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((Path(p) for p in SYSTEM_PATHS if _runnable(Path(p))), None)


def _playwright_browsers_root() -> Path | None:
    """Where Playwright keeps its browsers (PLAYWRIGHT_BROWSERS_PATH, else its cache dir)."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":
        return None  # browsers inside the package: Playwright finds them itself
    if configured:
        return Path(configured)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)
