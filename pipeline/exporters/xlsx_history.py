"""The XLSX "Price history" sheet: price changes per day and competitor, with a line chart.

The sheet is a date x competitor grid of `price_changed` counts (days without a change in
between are left out, competitors without one that day count 0), and a native Excel line
chart draws one line per competitor over it.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.exporters.bundle import ExportBundle, Row
from pipeline.exporters.cells import CellKind
from pipeline.exporters.xlsx_cells import CellWriter


def write_price_history(
    workbook: Workbook, sheet: Worksheet, cells: CellWriter, bundle: ExportBundle
) -> None:
    """Fill `sheet` with the grid and chart, or a note when no price ever changed."""
    rows = bundle.price_history
    if not rows:
        cells.text(sheet, 0, 0, "No price changes recorded yet.")
        return
    competitors = list(dict.fromkeys(row["competitor"] for row in rows))
    days = sorted({row["date"] for row in rows})
    _write_grid(sheet, cells, competitors, days, rows)
    _add_chart(workbook, sheet, len(competitors), len(days))


def _write_grid(
    sheet: Worksheet,
    cells: CellWriter,
    competitors: Sequence[str],
    days: Sequence[str],
    rows: Sequence[Row],
) -> None:
    counts = {(row["date"], row["competitor"]): row["price_changes"] for row in rows}
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, len(competitors), 16)
    sheet.write_string(0, 0, "Date (UTC)", cells.header)
    for col, name in enumerate(competitors, start=1):
        cells.text(sheet, 0, col, name, cells.header)
    for row_index, day in enumerate(days, start=1):
        cells.write(sheet, row_index, 0, CellKind.DATE, day)
        for col, name in enumerate(competitors, start=1):
            cells.write(sheet, row_index, col, CellKind.INTEGER, counts.get((day, name), 0))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(days), len(competitors))


def _add_chart(workbook: Workbook, sheet: Worksheet, competitors: int, days: int) -> None:
    chart = workbook.add_chart({"type": "line"})
    for col in range(1, competitors + 1):
        chart.add_series(
            {
                "name": [sheet.name, 0, col],
                "categories": [sheet.name, 1, 0, days, 0],
                "values": [sheet.name, 1, col, days, col],
                "marker": {"type": "circle", "size": 4},
            }
        )
    chart.set_title({"name": "Price changes per day"})
    chart.set_x_axis({"date_axis": True, "num_format": "yyyy-mm-dd"})
    chart.set_y_axis({"name": "Price changes", "min": 0})
    chart.set_size({"width": 720, "height": 360})
    sheet.insert_chart(1, competitors + 2, chart)
