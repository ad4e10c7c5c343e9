"""Typed, injection-safe cell writing and sheet naming for the XLSX exporter.

Text always goes through `write_string` (never `write`, which would turn `=...` into a
formula and URLs into hyperlinks) after `neutralise`; prices become numeric cells with a
number format, timestamps real Excel dates (UTC, as Excel has no time zones).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.exporters.cells import CellKind, neutralise
from pipeline.values import parse_decimal, parse_iso

MAX_SHEET_NAME = 31
"""Excel's limit, counted in UTF-16 code units."""

RESERVED_SHEET_NAMES = ("History",)
"""Names Excel refuses for a worksheet."""

MAX_LINKS = 65_530
"""Excel's limit of hyperlinks per worksheet; past it, file paths are written as text."""
MAX_LINK_LENGTH = 2_000
"""Excel refuses link targets past 2,079 characters (UTF-16 units); keep clear of it."""

_EXCEL_EPOCH = datetime(1899, 12, 30)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


class CellWriter:
    """Writes values into cells by column kind, with the workbook's shared formats."""

    def __init__(self, workbook: Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.label = workbook.add_format({"bold": True})
        self._formats = {
            CellKind.DECIMAL: workbook.add_format({"num_format": "#,##0.00##"}),
            CellKind.INTEGER: workbook.add_format({"num_format": "0"}),
            CellKind.SHARE: workbook.add_format({"num_format": "0.0%"}),
            CellKind.SCORE: workbook.add_format({"num_format": "#,##0.000"}),
            CellKind.DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            CellKind.DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }

    def write(self, sheet: Worksheet, row: int, col: int, kind: CellKind, value: Any) -> None:
        """Write `value` typed as `kind`; None and empty text leave the cell empty."""
        if value is None or value == "":
            return
        if kind is CellKind.TEXT:  # the common case first: this runs once per cell
            sheet.write_string(row, col, neutralise(str(value)))
            return
        if kind is CellKind.FILE:
            self.file_link(sheet, row, col, str(value))
            return
        number = _number(kind, value)
        if number is None:  # does not parse as its kind: keep it visible, as text
            sheet.write_string(row, col, neutralise(str(value)))
        else:
            sheet.write_number(row, col, number, self._formats[kind])

    def file_link(self, sheet: Worksheet, row: int, col: int, path: str) -> None:
        """Write a `/`-separated file path as a link to the file, or as text if it cannot be one.

        Only relative paths become links: Excel resolves them from the workbook's folder on
        any OS, while XlsxWriter renders absolute POSIX paths as Windows ones.
        """
        if _linkable(path) and sheet.hlink_count < MAX_LINKS:
            sheet.write_url(row, col, "external:" + path, string=neutralise(path))
        else:
            sheet.write_string(row, col, neutralise(path))

    def text(self, sheet: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """Write neutralised text (labels, joined lists) with an optional format."""
        if value not in (None, ""):
            sheet.write_string(row, col, neutralise(str(value)), fmt)


def _linkable(path: str) -> bool:
    """Whether `path` makes a working relative link (`#` would start an anchor, `%` escapes)."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).drive or not path:
        return False
    if "#" in path or "%" in path:
        return False
    return len(path.encode("utf-16-le")) // 2 <= MAX_LINK_LENGTH


def _number(kind: CellKind, value: Any) -> float | int | None:
    """Convert `value` to the cell number for `kind`; None when it does not parse as such."""
    if kind is CellKind.DECIMAL:
        number = parse_decimal(value)
        return None if number is None else float(number)  # Excel cells are IEEE doubles
    if kind in (CellKind.INTEGER, CellKind.SHARE, CellKind.SCORE):
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return excel_serial(str(value))


@functools.lru_cache(maxsize=4096)  # a run stamps thousands of cells with one timestamp
def excel_serial(text: str) -> float | None:
    """Convert an ISO date or UTC timestamp to an Excel serial day number (None if invalid).

    Excel has no time zones, so the UTC wall time is stored. Counting from 1899-12-30 is
    exact for every date after 1900-02-28, where Excel's phantom 1900-02-29 no longer matters.
    """
    try:
        moment = parse_iso(text)
    except ValueError:
        return None
    if moment is None:
        return None
    return (moment.replace(tzinfo=None) - _EXCEL_EPOCH) / timedelta(days=1)


def sheet_names(names: Iterable[str], *, taken: Iterable[str] = ()) -> list[str]:
    r"""Make valid sheet names for `names`, unique case-insensitively like Excel, in order.

    Forbidden characters `[]:*?/\` and control characters are dropped, apostrophes
    trimmed from both ends, the result cut to 31 UTF-16 units; clashes get ` (2)`, ` (3)`...
    """
    used = {name.casefold() for name in (*RESERVED_SHEET_NAMES, *taken)}
    result = []
    for name in names:
        base = _clean_sheet_name(name) or "Competitor"
        candidate, n = base, 2
        while candidate.casefold() in used:
            suffix = f" ({n})"
            candidate = _clip(base, MAX_SHEET_NAME - len(suffix)) + suffix
            n += 1
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _clean_sheet_name(name: str) -> str:
    text = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split())
    return _clip(text, MAX_SHEET_NAME)


def _clip(text: str, limit: int) -> str:
    """Cut `text` to `limit` UTF-16 units, without apostrophes or spaces at either end."""
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return text.strip(" '")
