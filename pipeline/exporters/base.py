"""What every exporter shares: file naming under the export directory and atomic writes.

A reader (a spreadsheet open on a share, a web server, a sync client) must never see half
a file: every export goes through `storage.atomic_files.atomic_target`.
"""

from __future__ import annotations

import contextlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar

from storage.atomic_files import atomic_target

if TYPE_CHECKING:
    from pipeline.exporters.bundle import ExportBundle

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
def open_atomic(
    target: Path, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """Open a text file whose content replaces `target` atomically when the block ends."""
    with atomic_target(target) as temp, temp.open("w", encoding=encoding, newline=newline) as fh:
        yield fh
