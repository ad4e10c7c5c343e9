"""XLSX export: one workbook an analyst opens first (pivot, a sheet per competitor, a chart).

Written with XlsxWriter in `constant_memory` mode: rows stream to disk as they are
written, so memory stays flat however many products there are (the price is that every
sheet is written strictly top to bottom, and no Excel "tables", only one autofilter per
sheet). Excel caps a sheet at 1,048,576 rows; bigger catalogs are cut there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.exporters.base import Exporter, atomic_target
from pipeline.exporters.bundle import ExportBundle, Row
from pipeline.exporters.cells import (
    CHANGE_COLUMNS,
    COMPETITOR,
    MENTION_COLUMNS,
    PIVOT_COLUMNS,
    POST_COLUMNS,
    PRODUCT_COLUMNS,
    SCREENSHOT_COLUMNS,
    SOCIAL_COLUMNS,
    VIDEO_COLUMNS,
    CellKind,
    Column,
)
from pipeline.exporters.registry import register
from pipeline.exporters.xlsx_cells import CellWriter, sheet_names
from pipeline.exporters.xlsx_history import write_price_history

PIVOT_SHEET = "Pivot"
HISTORY_SHEET = "Price history"
CONTENT_SHEETS = {
    "Posts": ("posts", POST_COLUMNS),
    "Videos": ("videos", VIDEO_COLUMNS),
    "Mentions": ("mentions", MENTION_COLUMNS),
    "Social": ("social", SOCIAL_COLUMNS),
}
"""Sheets after Price history: every competitor's rows of one kind, a Competitor column first."""
_MAX_ROW = 1_048_575  # last 0-based row index Excel allows
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,  # belt and braces: text is written with write_string anyway
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


@register("xlsx")
class XlsxExporter(Exporter):
    """XLSX: exports/rivalwatch.xlsx with sheets Pivot, one per competitor, Price history,
    Posts, Videos, Mentions and Social.

    Each competitor sheet holds its positioning (with a link to the latest screenshot), its
    products (autofilter, frozen header), its changes and its screenshots (links to the PNG
    files when their paths are relative); prices are numeric cells, timestamps Excel dates
    in UTC.
    """

    filename = "rivalwatch.xlsx"

    def export(self, bundle: ExportBundle) -> list[Path]:
        target = self.path(self.filename)
        with atomic_target(target) as temp:
            workbook = Workbook(str(temp), _OPTIONS)
            _write_workbook(workbook, bundle)
            workbook.close()
        return [target]


def _write_workbook(workbook: Workbook, bundle: ExportBundle) -> None:
    workbook.set_properties({"title": "rivalwatch", "comments": _generated(bundle)})
    cells = CellWriter(workbook)
    pivot = workbook.add_worksheet(PIVOT_SHEET)
    _set_widths(pivot, [PIVOT_COLUMNS])
    _table(pivot, cells, 0, PIVOT_COLUMNS, bundle.pivot["rows"])
    dossiers = list(bundle.dossiers.values())
    names = sheet_names(
        (d["competitor"]["name"] for d in dossiers),
        taken=(PIVOT_SHEET, HISTORY_SHEET, *CONTENT_SHEETS),
    )
    for name, dossier in zip(names, dossiers, strict=True):
        _competitor_sheet(workbook.add_worksheet(name), cells, dossier)
    write_price_history(workbook, workbook.add_worksheet(HISTORY_SHEET), cells, bundle)
    for name, (rows, columns) in CONTENT_SHEETS.items():
        sheet, table = workbook.add_worksheet(name), (COMPETITOR, *columns)
        _set_widths(sheet, [table])
        _table(sheet, cells, 0, table, getattr(bundle, rows))


def _generated(bundle: ExportBundle) -> str:
    return f"Generated {bundle.pivot.get('generated_at') or ''} (UTC)".strip()


def _table(
    sheet: Worksheet,
    cells: CellWriter,
    top: int,
    columns: Sequence[Column],
    rows: Sequence[Row],
    *,
    filtered: bool = True,
) -> int:
    """Header at `top`, then rows; with `filtered`, autofilter and freeze the header.

    Returns the first row after the table.
    """
    for col, column in enumerate(columns):
        sheet.write_string(top, col, column.header, cells.header)
    last = min(top + len(rows), _MAX_ROW)
    for row_index, row in zip(range(top + 1, last + 1), rows, strict=False):
        for col, column in enumerate(columns):
            cells.write(sheet, row_index, col, column.kind, row.get(column.key))
    if filtered:
        sheet.autofilter(top, 0, last, len(columns) - 1)
        sheet.freeze_panes(top + 1, 0)
    return last + 1


def _set_widths(sheet: Worksheet, tables: Sequence[Sequence[Column]]) -> None:
    """Each column as wide as the widest table column sharing it."""
    widths: dict[int, int] = {}
    for columns in tables:
        for col, column in enumerate(columns):
            widths[col] = max(widths.get(col, 0), column.width)
    for col, width in widths.items():
        sheet.set_column(col, col, width)


def _competitor_sheet(sheet: Worksheet, cells: CellWriter, dossier: Mapping[str, Any]) -> None:
    """Positioning block on top, products (filtered, frozen header), changes, screenshots."""
    _set_widths(sheet, [PRODUCT_COLUMNS, CHANGE_COLUMNS, SCREENSHOT_COLUMNS])
    top = _positioning_block(sheet, cells, dossier) + 1
    after_products = _table(sheet, cells, top, PRODUCT_COLUMNS, dossier["products"])
    after_changes = _titled_table(
        sheet, cells, after_products + 1, "Changes", CHANGE_COLUMNS, dossier["changes"]
    )
    _titled_table(
        sheet, cells, after_changes + 1, "Screenshots", SCREENSHOT_COLUMNS, dossier["screenshots"]
    )


def _titled_table(
    sheet: Worksheet,
    cells: CellWriter,
    top: int,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
) -> int:
    """A title at `top`, the unfiltered table below it; returns the first row after it.

    Nothing is written once the sheet is full (a catalog cut at Excel's last row).
    """
    if top >= _MAX_ROW:
        return top
    cells.text(sheet, top, 0, title, cells.title)
    return _table(sheet, cells, top + 1, columns, rows, filtered=False)


def _positioning_block(sheet: Worksheet, cells: CellWriter, dossier: Mapping[str, Any]) -> int:
    """Label/value rows about the competitor; returns the first free row."""
    competitor, crawl, positioning = (
        dossier["competitor"],
        dossier["last_crawl"],
        dossier["positioning"],
    )
    cells.text(sheet, 0, 0, competitor["name"], cells.title)
    cells.text(sheet, 0, 1, competitor["kind"])
    finished = crawl["finished_at"] if crawl else None
    rows: list[tuple[str, Any, Any]] = [  # label, text, finish time (written as a date)
        ("Homepage", competitor["homepage"], None),
        ("Notes", competitor["notes"], None),
        ("Last crawl", _crawl_summary(crawl), finished),
        ("Title", positioning["title"], None),
        ("Meta description", positioning["meta_description"], None),
        ("H1", positioning["h1"], None),
        ("USP", positioning["usp"], None),
        ("Languages", ", ".join(positioning["languages"]), None),
        ("Social", ", ".join(positioning["social"]), None),
    ]
    for row, (label, value, moment) in enumerate(rows, start=1):  # top-down: constant_memory
        cells.text(sheet, row, 0, label, cells.label)
        cells.text(sheet, row, 1, value)
        cells.write(sheet, row, 2, CellKind.DATETIME, moment)
    return _latest_screenshot(sheet, cells, len(rows) + 1, dossier["screenshots"])


def _latest_screenshot(
    sheet: Worksheet, cells: CellWriter, row: int, screenshots: Sequence[Row]
) -> int:
    """A "Latest screenshot" row (link, time taken) when there is one; returns the next row."""
    if not screenshots:
        return row
    latest = screenshots[0]
    cells.text(sheet, row, 0, "Latest screenshot", cells.label)
    cells.write(sheet, row, 1, CellKind.FILE, latest["path"])
    cells.write(sheet, row, 2, CellKind.DATETIME, latest["taken_at"])
    return row + 1


def _crawl_summary(crawl: Mapping[str, Any] | None) -> str:
    if crawl is None:
        return "never crawled"
    return f"{crawl['status']}: {crawl['pages']} pages, {crawl['errors']} errors"
