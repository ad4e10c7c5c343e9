from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.exporters import ExportBundle
from pipeline.exporters.cells import neutralise
from pipeline.exporters.xlsx_cells import sheet_names
from pipeline.exporters.xlsx_export import XlsxExporter
from tests.pipeline.exporters.conftest import HOSTILE, LONG_NAME, SCREENSHOTS


@pytest.fixture
def workbook(bundle: ExportBundle, tmp_path: Path) -> openpyxl.Workbook:
    (path,) = XlsxExporter(tmp_path).export(bundle)
    assert path == tmp_path / "rivalwatch.xlsx"
    return openpyxl.load_workbook(path)


def _find(sheet: Worksheet, value: str) -> tuple[int, int]:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not on sheet {sheet.title}")


def test_sheet_order_and_valid_names(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [
        "Pivot",
        "Alpha Beta Test",
        LONG_NAME[:31].rstrip(),
        LONG_NAME[:27].rstrip() + " (2)",
        "Price history",
        "Posts",
        "Videos",
        "Mentions",
        "Social",
    ]


def test_pivot_sheet_has_typed_cells_filter_and_frozen_header(
    workbook: openpyxl.Workbook,
) -> None:
    sheet = workbook["Pivot"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R4"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Competitor", "Kind", "Active products"]
    alpha = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Alpha/Beta: [Test]*?")
    median = alpha[header.index("Median price")]
    assert median.data_type == "n" and median.value == pytest.approx(1.0)
    assert "0.00" in median.number_format
    assert alpha[header.index("Active products")].value == 7
    assert isinstance(alpha[header.index("Last crawled (UTC)")].value, datetime)


def test_content_sheets_have_a_competitor_column_and_typed_cells(
    workbook: openpyxl.Workbook,
) -> None:
    posts = workbook["Posts"]
    header = [c.value for c in posts[1]]
    assert header[:4] == ["Competitor", "Rank", "Title", "URL"]
    assert posts.freeze_panes == "A2" and posts.auto_filter.ref == "A1:P3"
    first = {h: c for h, c in zip(header, posts[2], strict=True)}
    assert (first["Rank"].value, first["Title"].value) == (1, "'" + HOSTILE[1])
    assert first["Popularity"].value == 5.5  # (3 comments + 250 views / 100) in one day
    assert "0.000" in first["Popularity"].number_format
    assert first["Published (UTC)"].value == datetime(2024, 5, 1, 8)
    assert first["Authors"].value == "Ann, Bo"
    videos = workbook["Videos"]
    rating = videos.cell(2, [c.value for c in videos[1]].index("Rating") + 1)
    assert (rating.data_type, rating.value) == ("n", 4.5)
    assert [c.value for c in workbook["Mentions"][2]][:3] == [
        "Alpha/Beta: [Test]*?",
        datetime(2024, 5, 2, 8),
        None,
    ]
    assert [[c.value for c in row] for row in workbook["Social"].iter_rows(min_row=2)] == [
        ["Alpha/Beta: [Test]*?", "instagram", "https://www.instagram.com/alpha"],
        ["Alpha/Beta: [Test]*?", "x", "https://x.com/alpha"],
    ]


def test_pivot_sheet_has_the_content_columns(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Pivot"]
    header = [c.value for c in sheet[1]]
    assert header[-5:] == [
        "Posts (30d)",
        "Top post",
        "Comments (30d)",
        "Videos (30d)",
        "Mentions (30d)",
    ]
    alpha = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Alpha/Beta: [Test]*?")
    assert [c.value for c in alpha[-5:]] == [2, "'" + HOSTILE[1], 3, 1, 1]


def test_competitor_sheet_blocks(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Alpha Beta Test"]
    assert sheet["A1"].value == "Alpha/Beta: [Test]*?"
    assert sheet.cell(*_find(sheet, "H1"))  # positioning block label
    header_row, _ = _find(sheet, "Price")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.auto_filter.ref == f"A{header_row}:J{header_row + 8}"
    headers = [c.value for c in sheet[header_row]]
    rows = list(sheet.iter_rows(min_row=header_row + 1, max_row=header_row + 8))
    first = next(r for r in rows if r[headers.index("Name")].value == "Äxte für Küche & Garten")
    price = first[headers.index("Price")]
    assert (price.data_type, price.value) == ("n", pytest.approx(19.9))
    assert isinstance(first[headers.index("First seen (UTC)")].value, datetime)
    changes_row, _ = _find(sheet, "Changes")
    assert changes_row > header_row + 8
    assert sheet.cell(changes_row + 1, 1).value == "URL"


def test_competitor_sheet_lists_screenshots_newest_first_with_file_links(
    workbook: openpyxl.Workbook,
) -> None:
    sheet = workbook["Alpha Beta Test"]
    title_row, _ = _find(sheet, "Screenshots")
    assert title_row > _find(sheet, "Changes")[0]
    assert [c.value for c in sheet[title_row + 1]][:2] == ["Taken (UTC)", "Screenshot"]
    newest, oldest = sheet[title_row + 2][:2], sheet[title_row + 3][:2]
    assert (newest[0].value, oldest[0].value) == (datetime(2024, 5, 2, 8), datetime(2024, 5, 1, 8))
    assert newest[1].value == SCREENSHOTS[1].path
    assert newest[1].hyperlink.target.replace("\\", "/") == SCREENSHOTS[1].path
    assert (oldest[1].value, oldest[1].hyperlink) == (SCREENSHOTS[0].path, None)  # absolute
    assert sheet.cell(title_row + 4, 2).value is None  # two rows, no more


def test_positioning_block_links_the_latest_screenshot(workbook: openpyxl.Workbook) -> None:
    row, col = _find(workbook["Alpha Beta Test"], "Latest screenshot")
    link, taken = (workbook["Alpha Beta Test"].cell(row, col + n) for n in (1, 2))
    assert (link.value, taken.value) == (SCREENSHOTS[1].path, datetime(2024, 5, 2, 8))
    assert link.hyperlink is not None
    never = workbook[LONG_NAME[:31].rstrip()]
    assert all(cell.value != "Latest screenshot" for row in never.iter_rows() for cell in row)


def test_hostile_text_never_becomes_a_formula(workbook: openpyxl.Workbook) -> None:
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert {"'" + text for text in HOSTILE} <= set(texts)
    assert "'=cmd" in texts  # the positioning title
    assert not any(t.startswith(("=", "+", "-", "@", "\t")) for t in texts)


def test_price_history_sheet_with_a_native_chart(
    workbook: openpyxl.Workbook, tmp_path: Path
) -> None:
    sheet = workbook["Price history"]
    assert [c.value for c in sheet[1]] == [
        "Date (UTC)",
        "Alpha/Beta: [Test]*?",
        LONG_NAME + " zwei",
    ]
    assert [
        (r[0].value.date().isoformat(), r[1].value, r[2].value) for r in sheet.iter_rows(2)
    ] == [
        ("2024-05-01", 1, 0),
        ("2024-05-02", 2, 1),
    ]
    assert sheet.freeze_panes == "B2"
    with zipfile.ZipFile(tmp_path / "rivalwatch.xlsx") as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:lineChart>" in chart and "'Price history'!$B$1" in chart


def test_no_price_changes_means_a_note_and_no_chart(bundle: ExportBundle, tmp_path: Path) -> None:
    quiet = ExportBundle.from_dossiers(
        {slug: {**d, "changes": []} for slug, d in bundle.dossiers.items()}, bundle.pivot
    )
    (path,) = XlsxExporter(tmp_path).export(quiet)
    assert openpyxl.load_workbook(path)["Price history"]["A1"].value.startswith("No price")
    with zipfile.ZipFile(path) as archive:
        assert not any(name.startswith("xl/charts/") for name in archive.namelist())


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a[b]:c*d?e/f\\g"], ["a b c d e f g"]),
        (["'quoted'"], ["quoted"]),
        (["Shop", "shop", "SHOP"], ["Shop", "shop (2)", "SHOP (3)"]),
        (["History", "Pivot"], ["History (2)", "Pivot (2)"]),
        (["", "///"], ["Competitor", "Competitor (2)"]),
        (["😀" * 20], ["😀" * 15]),
    ],
)
def test_sheet_names(names: list[str], expected: list[str]) -> None:
    assert sheet_names(names, taken=["Pivot"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Hammer -20%", "Hammer -20%"),
        ("", ""),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected
