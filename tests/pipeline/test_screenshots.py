"""A dossier's screenshot paths open the PNG from the exports directory, wherever it is."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.screenshots import ScreenshotLink, reader_path, screenshot_links
from storage.records import ScreenshotRecord

STORED = "acme/2026-11-23T071500Z.png"


def _layout(root: Path, exports: str, screenshots: str) -> tuple[Path, Path, Path]:
    """Create the exports folder and a stored PNG; return (exports, screenshots, png)."""
    exports_dir, screenshots_dir = root / exports, root / screenshots
    exports_dir.mkdir(parents=True, exist_ok=True)
    png = screenshots_dir / STORED
    png.parent.mkdir(parents=True)
    png.write_bytes(b"png")
    return exports_dir, screenshots_dir, png


@pytest.mark.parametrize(
    ("exports", "screenshots", "expected"),
    [
        ("exports", "exports/screenshots", "screenshots/" + STORED),  # inside
        ("exports", "screenshots", "../screenshots/" + STORED),  # beside
        ("exports", "data/screenshots", "../data/screenshots/" + STORED),  # the config defaults
        ("out/exports", "out/shots", "../shots/" + STORED),
    ],
)
def test_inside_or_beside_the_exports_the_path_is_relative_to_them(
    tmp_path: Path, exports: str, screenshots: str, expected: str
) -> None:
    exports_dir, screenshots_dir, png = _layout(tmp_path, exports, screenshots)
    path = reader_path(screenshots_dir, exports_dir, STORED)
    assert path == expected
    assert (exports_dir / path).resolve() == png.resolve()


def test_elsewhere_the_path_is_absolute(tmp_path: Path) -> None:
    exports_dir, screenshots_dir, png = _layout(tmp_path, "a/exports", "b/screenshots")
    path = reader_path(screenshots_dir, exports_dir, STORED)
    assert Path(path).is_absolute()
    assert Path(path) == png.resolve()


def test_relative_directories_are_taken_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _layout(tmp_path, "exports", "data/screenshots")
    monkeypatch.chdir(tmp_path)
    path = reader_path(Path("data/screenshots"), Path("exports"), STORED)
    assert path == "../data/screenshots/" + STORED


def test_a_symlinked_exports_folder_links_from_where_it_really_is(tmp_path: Path) -> None:
    real_exports, screenshots_dir, png = _layout(tmp_path, "share/exports", "share/shots")
    (tmp_path / "home").mkdir()
    exports_link = tmp_path / "home" / "exports"
    exports_link.symlink_to(real_exports, target_is_directory=True)
    path = reader_path(screenshots_dir, exports_link, STORED)
    assert path == "../shots/" + STORED
    assert (exports_link / path).resolve() == png.resolve()


def test_screenshot_links_keep_order_and_times(tmp_path: Path) -> None:
    times = [datetime(2026, 11, 23, 7, 15, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)]
    records = [
        ScreenshotRecord(
            run_id=1,
            competitor_id=1,
            url="https://acme.test/",
            path=f"acme/{n}.png",
            taken_at=at,
            width=1280,
            height=4000,
            size_bytes=1000,
        )
        for n, at in enumerate(times)
    ]
    links = screenshot_links(records, tmp_path / "shots", tmp_path / "exports")
    assert links == [
        ScreenshotLink(taken_at=times[0], path="../shots/acme/0.png"),
        ScreenshotLink(taken_at=times[1], path="../shots/acme/1.png"),
    ]
