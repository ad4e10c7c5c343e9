"""The one place export formats are mapped to exporters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.exporters.base import Exporter
from pipeline.exporters.bundle import ExportBundle

EXPORTERS: dict[str, type[Exporter]] = {}
"""Format name -> exporter class, filled by `register` (complete once any lookup ran)."""


def register(fmt: str) -> Callable[[type[Exporter]], type[Exporter]]:
    """Class decorator: make `cls` the exporter for the format `fmt`."""

    def decorate(cls: type[Exporter]) -> type[Exporter]:
        if fmt in EXPORTERS:
            raise ValueError(f"format {fmt!r} already has exporter {EXPORTERS[fmt].__name__}")
        cls.format = fmt
        EXPORTERS[fmt] = cls
        return cls

    return decorate


def exporter_for(fmt: str) -> type[Exporter]:
    """Return the exporter class for `fmt`; a clear error lists the valid formats."""
    _load_all()
    try:
        return EXPORTERS[fmt]
    except KeyError:
        valid = ", ".join(sorted(EXPORTERS))
        raise ValueError(f"unknown export format {fmt!r}; valid formats: {valid}") from None


def available_formats() -> list[str]:
    """Return every registered format name, sorted."""
    _load_all()
    return sorted(EXPORTERS)


def export(bundle: ExportBundle, out_dir: Path, formats: Iterable[str]) -> list[Path]:
    """Run the exporters for `formats` (all validated first) and return every file written."""
    classes = [exporter_for(fmt) for fmt in formats]
    return [path for cls in classes for path in cls(out_dir).export(bundle)]


def _load_all() -> None:
    """Import the exporter modules so their decorators run."""
    import pipeline.exporters.csv_export
    import pipeline.exporters.json_export
    import pipeline.exporters.xlsx_export  # noqa: F401  (registers their exporters)
