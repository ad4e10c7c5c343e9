"""Screenshots: PNG files written atomically under safe names, their records newest first."""

from __future__ import annotations

import stat
import struct
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storage.records import (
    CompetitorKind,
    CompetitorRecord,
    CompetitorSpec,
    RunRecord,
    ScreenshotRecord,
)
from storage.repository import Repository
from storage.screenshot_files import png_size, screenshot_path, write_screenshot
from tests.storage.conftest import T0

TAKEN = datetime(2026, 11, 23, 7, 15, 0, tzinfo=UTC)


def _png(width: int, height: int) -> bytes:
    """A real, decodable PNG: white 8-bit greyscale."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _files(directory: Path) -> list[str]:
    """Every file below `directory`, hidden temp files included."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


# -- files -------------------------------------------------------------------------------------


def test_write_screenshot_names_the_file_by_slug_and_utc_time(tmp_path: Path) -> None:
    png = _png(3, 5)
    india = timezone(timedelta(hours=5, minutes=30))
    relative = write_screenshot(tmp_path, "acme", TAKEN.astimezone(india), png)
    assert relative == Path("acme/2026-11-23T071500Z.png")
    assert (tmp_path / relative).read_bytes() == png
    assert stat.S_IMODE((tmp_path / relative).stat().st_mode) == 0o644
    assert _files(tmp_path) == ["acme/2026-11-23T071500Z.png"]  # no temp file left behind
    assert png_size(png) == (3, 5)


@pytest.mark.parametrize(
    ("slug", "folder"),
    [
        ("Café Müller", "cafe-muller"),
        ("../../etc", "etc"),
        ("a/b\\c:d", "a-b-c-d"),
        ("", "competitor"),
    ],
)
def test_any_slug_makes_one_safe_folder(tmp_path: Path, slug: str, folder: str) -> None:
    assert screenshot_path(tmp_path, slug, TAKEN) == tmp_path / folder / "2026-11-23T071500Z.png"


def test_a_second_write_at_the_same_second_replaces_the_first(tmp_path: Path) -> None:
    write_screenshot(tmp_path, "acme", TAKEN, _png(1, 1))
    relative = write_screenshot(tmp_path, "acme", TAKEN.replace(microsecond=900), _png(2, 2))
    assert png_size((tmp_path / relative).read_bytes()) == (2, 2)
    assert _files(tmp_path) == ["acme/2026-11-23T071500Z.png"]


def test_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "acme" / "2026-11-23T071500Z.png").mkdir(parents=True)  # in the way
    with pytest.raises(IsADirectoryError):
        write_screenshot(tmp_path, "acme", TAKEN, _png(1, 1))
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<!DOCTYPE html><html><body>Access denied</body></html>",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,  # a JPEG
        b"\x89PNG\r\n\x1a\n",  # the signature alone
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 16,  # no IHDR header
    ],
)
def test_bytes_that_are_not_a_png_are_refused_before_writing(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ValueError, match="not a PNG image"):
        write_screenshot(tmp_path, "acme", TAKEN, data)
    assert _files(tmp_path) == []
    assert not (tmp_path / "acme").exists()


def test_naive_times_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        write_screenshot(tmp_path, "acme", TAKEN.replace(tzinfo=None), _png(1, 1))


# -- records -----------------------------------------------------------------------------------


def _record(competitor: CompetitorRecord, run: RunRecord, at: datetime) -> ScreenshotRecord:
    return ScreenshotRecord(
        run_id=run.id,
        competitor_id=competitor.id,
        url="https://acme.test/",
        path=f"acme/{at:%Y-%m-%dT%H%M%SZ}.png",
        taken_at=at,
        width=1280,
        height=9_800,
        size_bytes=2_345_678,
    )


def test_screenshots_come_back_newest_first(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    times = [T0 + timedelta(days=n) for n in (1, 3, 0, 2)]  # stored out of order
    for at in times:
        repository.add_screenshot(_record(competitor, run, at))
    newest_first = [_record(competitor, run, at) for at in sorted(times, reverse=True)]
    assert repository.screenshots(competitor.id) == newest_first
    assert repository.screenshots(competitor.id, limit=2) == newest_first[:2]
    assert repository.screenshots(competitor.id)[0].taken_at.utcoffset() == timedelta(0)


def test_screenshots_are_per_competitor(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    spec = CompetitorSpec(name="Béta", kind=CompetitorKind.FOREIGN, homepage="https://b.test/")
    other = repository.sync_competitors([spec])["Béta"]
    repository.add_screenshot(_record(competitor, run, T0))
    assert repository.screenshots(other.id) == []
    assert len(repository.screenshots(competitor.id)) == 1
