"""Screenshots as a dossier reader finds them: paths relative to the exports when possible.

The database stores each PNG's path relative to the screenshots directory. A reader opens
the exports, so a dossier gives the path relative to the exports directory (the folder
of pivot.json and rivalwatch.xlsx) when the screenshots directory is inside it or beside
it (anywhere under the exports directory's parent folder): `screenshots/acme/...png` or
`../screenshots/acme/...png`. Copied or synced together, such links keep working.
Anywhere else the path is absolute. Separators are always `/`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from storage.records import ScreenshotRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenshotLink:
    """One screenshot as the dossier lists it."""

    taken_at: datetime
    """When it was taken (UTC)."""
    path: str
    """Where the reader finds the PNG (see `reader_path`)."""


def reader_path(screenshots_dir: Path, exports_dir: Path, stored: str) -> str:
    """Return the reader's path to a PNG stored at `stored` under `screenshots_dir`.

    Relative to `exports_dir` when the file is under the parent of `exports_dir`, else
    absolute; `/`-separated either way. Symlinks are resolved first, as the operating
    system resolves `..` in the real directory, not in the symlink's.
    """
    target = (Path(screenshots_dir) / PurePosixPath(stored)).resolve()
    exports = Path(exports_dir).resolve()
    if target.is_relative_to(exports.parent):
        return Path(os.path.relpath(target, exports)).as_posix()
    return target.as_posix()


def screenshot_links(
    records: Iterable[ScreenshotRecord], screenshots_dir: Path, exports_dir: Path
) -> list[ScreenshotLink]:
    """Turn stored screenshots into the links a dossier lists, in the given order."""
    return [
        ScreenshotLink(
            taken_at=record.taken_at,
            path=reader_path(screenshots_dir, exports_dir, record.path),
        )
        for record in records
    ]
