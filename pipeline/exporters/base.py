"""What every exporter shares: file naming under the export directory and atomic writes.

A reader (a spreadsheet open on a share, a web server, a sync client) must never see half
a file: each file is written to a temp file in the target's directory, flushed to disk and
then renamed over the target with `os.replace`, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pipeline.exporters.bundle import ExportBundle

_DEFAULT_MODE = 0o644  # exports are meant to be shared; mkstemp would leave them 0600
_UNSAFE_NAME = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


class Exporter(ABC):
    """Writes an `ExportBundle` in one format below `out_dir`; the class docstring is its help."""

    format: ClassVar[str]
    """Registry name, set by `pipeline.exporters.registry.register`."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)

    @abstractmethod
    def export(self, bundle: ExportBundle) -> list[Path]:
        """Write the bundle; return the files written."""

    def path(self, *parts: str) -> Path:
        """Return `out_dir/parts...` (each part a safe file name), creating parent directories."""
        target = self.out_dir.joinpath(*(safe_name(part) for part in parts))
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def slug_file(slug: str, suffix: str) -> str:
    """Return the file name for a competitor `slug` (`alpha` + `.json`), refusing unsafe slugs."""
    return safe_name(slug) + suffix


def safe_name(name: str) -> str:
    """Return `name` if it is usable as one file name on every OS, else raise ValueError."""
    if not name or name in {".", ".."} or _UNSAFE_NAME.search(name) or len(name) > 200:
        raise ValueError(f"unsafe file name {name!r}: use a slug of letters, digits, - and _")
    return name


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temp path next to `target`; on success it replaces `target` atomically.

    The caller writes the temp file (by name, so libraries that open files themselves, like
    XlsxWriter, work too). On exit the file is fsynced and renamed over `target`; on an
    exception it is deleted and `target` keeps its old content. The new file takes the old
    one's permission bits, or 0644.
    """
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        temp.chmod(_mode_of(target))
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


@contextlib.contextmanager
def open_atomic(
    target: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a text file whose content replaces `target` atomically when the block ends."""
    with atomic_target(target) as temp, temp.open("w", encoding=encoding, newline=newline) as fh:
        yield fh


def _mode_of(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return _DEFAULT_MODE


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself; directories cannot be opened on Windows, so skip there."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
