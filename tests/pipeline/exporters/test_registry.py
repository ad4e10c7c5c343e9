from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.exporters import ExportBundle, available_formats, export, exporter_for, register
from pipeline.exporters.json_export import JsonExporter


def test_every_exporter_is_registered() -> None:
    assert available_formats() == ["csv", "json", "xlsx"]
    assert exporter_for("json") is JsonExporter
    assert JsonExporter.format == "json"


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(
        ValueError, match=r"unknown export format 'pdf'; valid formats: csv, json, xlsx"
    ):
        exporter_for("pdf")


def test_a_format_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="already has exporter JsonExporter"):
        register("json")(JsonExporter)


def test_export_validates_all_formats_before_writing(bundle: ExportBundle, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bogus"):
        export(bundle, tmp_path, ["json", "bogus"])
    assert list(tmp_path.iterdir()) == []


def test_export_runs_every_requested_format(bundle: ExportBundle, tmp_path: Path) -> None:
    written = export(bundle, tmp_path, available_formats())
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "dossiers/alpha.json",
        "dossiers/long-one.json",
        "dossiers/long-two.json",
        "pivot.json",
        "pivot.csv",
        "products.csv",
        "changes.csv",
        "posts.csv",
        "videos.csv",
        "mentions.csv",
        "social.csv",
        "rivalwatch.xlsx",
    }
    assert all(p.stat().st_size > 0 for p in written)
