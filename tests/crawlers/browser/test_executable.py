"""Finding a browser: configured, then Playwright's own, then the system's, else how to get one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from crawlers.browser.executable import NoBrowser, find_browser


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No browser anywhere: an empty PATH and an empty Playwright browser folder."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    monkeypatch.setattr("crawlers.browser.executable.SYSTEM_PATHS", ())
    return tmp_path


def test_the_configured_browser_comes_first(bare_machine: Path) -> None:
    chrome = executable(bare_machine / "opt" / "chrome")
    executable(bare_machine / "bin" / "chromium")

    browser = find_browser(chrome)

    assert (browser.executable, browser.origin) == (chrome, "crawl.browser_executable")


def test_a_configured_browser_that_is_missing_is_an_error_not_a_fallback(
    bare_machine: Path,
) -> None:
    executable(bare_machine / "bin" / "chromium")

    with pytest.raises(NoBrowser, match="is not an executable file"):
        find_browser(bare_machine / "nowhere" / "chrome")


def test_playwrights_own_browser_comes_before_the_systems(bare_machine: Path) -> None:
    executable(bare_machine / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    executable(bare_machine / "bin" / "chromium")

    browser = find_browser()

    assert browser.executable is None  # Playwright launches its own
    assert browser.origin == "Playwright's own Chromium"


def test_the_systems_chromium_is_found_on_the_path(bare_machine: Path) -> None:
    chromium = executable(bare_machine / "bin" / "chromium")

    assert find_browser().executable == chromium


def test_without_any_browser_the_message_says_how_to_install_one(bare_machine: Path) -> None:
    with pytest.raises(NoBrowser) as raised:
        find_browser()

    message = str(raised.value)
    assert "playwright install chromium" in message
    assert "apt-get install chromium" in message
    assert "crawl.browser_executable" in message
