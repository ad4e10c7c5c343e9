from __future__ import annotations

import csv
from pathlib import Path

from pipeline.exporters import ExportBundle
from pipeline.exporters.csv_export import CsvExporter
from tests.pipeline.exporters.conftest import HOSTILE


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_files_start_with_a_bom(bundle: ExportBundle, tmp_path: Path) -> None:
    for path in CsvExporter(tmp_path).export(bundle):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_products_csv_round_trips_with_competitor_column(
    bundle: ExportBundle, tmp_path: Path
) -> None:
    CsvExporter(tmp_path).export(bundle)
    rows = _read(tmp_path / "products.csv")
    dossier_keys = list(bundle.dossiers["alpha"]["products"][0])
    assert list(rows[0]) == ["competitor", *dossier_keys]
    assert len(rows) == len(bundle.products)
    hammer = next(r for r in rows if r["name"] == "Молоток")
    assert (hammer["competitor"], hammer["price"], hammer["regular_price"]) == (
        "Alpha/Beta: [Test]*?",
        "1299.00",
        "1499.00",
    )
    assert hammer["sku"] == ""
    assert hammer["first_seen"].endswith("Z")


def test_hostile_text_is_neutralised(bundle: ExportBundle, tmp_path: Path) -> None:
    CsvExporter(tmp_path).export(bundle)
    names = {r["name"] for r in _read(tmp_path / "products.csv")}
    assert {"'" + text for text in HOSTILE} <= names
    assert "Äxte für Küche & Garten" in names
    changes = _read(tmp_path / "changes.csv")
    assert "'" + HOSTILE[0] in {r["new"] for r in changes}


def test_pivot_and_changes_csv(bundle: ExportBundle, tmp_path: Path) -> None:
    CsvExporter(tmp_path).export(bundle)
    pivot = _read(tmp_path / "pivot.csv")
    assert [r["competitor"] for r in pivot] == [r["competitor"] for r in bundle.pivot["rows"]]
    assert pivot[0]["price_median"] == bundle.pivot["rows"][0]["price_median"]
    assert len(_read(tmp_path / "changes.csv")) == len(bundle.changes)


def test_content_tables_one_row_per_item_competitor_first(
    bundle: ExportBundle, tmp_path: Path
) -> None:
    CsvExporter(tmp_path).export(bundle)
    posts = _read(tmp_path / "posts.csv")
    assert list(posts[0])[:4] == ["competitor", "rank", "title", "url"]
    assert [(p["rank"], p["title"], p["authors"]) for p in posts] == [
        ("1", "'" + HOSTILE[1], "Ann, Bo"),
        ("2", "Frühling", ""),
    ]
    assert posts[0]["popularity"] == "5.5" and posts[0]["comments"] == "3"
    (video,) = _read(tmp_path / "videos.csv")
    assert (video["rating"], video["rating_count"]) == ("4.50", "21")
    (mention,) = _read(tmp_path / "mentions.csv")
    assert mention["title"] == "'-50% bei Alpha"
    social = _read(tmp_path / "social.csv")
    assert [(s["competitor"], s["network"]) for s in social] == [
        ("Alpha/Beta: [Test]*?", "instagram"),
        ("Alpha/Beta: [Test]*?", "x"),
    ]
