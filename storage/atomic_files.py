"""Files a reader never sees half-written: the exports and the screenshots both use this.

Each file is written to a temp file in the target's directory, flushed to disk and then
renamed over the target with `os.replace`, which is atomic on POSIX and Windows. It lives
in storage, the earliest step that writes files, so the pipeline's exporters share it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

DEFAULT_MODE = 0o644
"""Exports and screenshots are meant to be shared; mkstemp would leave them 0600."""


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


def _mode_of(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return DEFAULT_MODE


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
