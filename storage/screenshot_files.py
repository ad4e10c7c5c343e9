"""Screenshot files on disk: one PNG per competitor and moment, never seen half-written.

The database records where each file is (`ScreenshotRecord.path`, relative to the
screenshots directory, so the directory can move); this module names the files, checks
that the bytes are a PNG and writes them atomically (storage.atomic_files).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

from storage.atomic_files import atomic_target
from storage.keys import slugify

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
"""The eight bytes every PNG file starts with."""
_STAMP = "%Y-%m-%dT%H%M%SZ"  # ISO 8601 basic time: sortable, and no `:` (refused on Windows)


def screenshot_path(directory: Path, competitor_slug: str, taken_at: datetime) -> Path:
    """Return `<directory>/<slug>/<UTC time>.png`, e.g. `shots/acme/2026-11-23T071500Z.png`.

    The slug is slugified again, so any text makes a safe folder name. Names have second
    resolution: a second screenshot within the same second replaces the first.
    """
    if taken_at.tzinfo is None:
        raise ValueError(f"naive datetime {taken_at!r}: screenshots need timezone-aware times")
    name = taken_at.astimezone(UTC).strftime(_STAMP) + ".png"
    return Path(directory) / slugify(competitor_slug) / name


def png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) read from the PNG header; ValueError when `png` is no PNG."""
    if not png.startswith(PNG_SIGNATURE) or len(png) < 24 or png[12:16] != b"IHDR":
        raise ValueError(
            f"not a PNG image ({len(png)} bytes starting {png[:8]!r}); "
            f"a PNG starts with {PNG_SIGNATURE!r} followed by its IHDR header"
        )
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def write_screenshot(directory: Path, competitor_slug: str, taken_at: datetime, png: bytes) -> Path:
    """Write `png` to its `screenshot_path` atomically; return the path relative to `directory`.

    Bytes that are not a PNG are refused with a ValueError before anything is written.
    """
    png_size(png)
    target = screenshot_path(directory, competitor_slug, taken_at)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_target(target) as temp:
        temp.write_bytes(png)
    return target.relative_to(directory)
