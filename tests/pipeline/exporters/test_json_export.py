from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline.exporters import ExportBundle
from pipeline.exporters.json_export import JsonExporter
from pipeline.schemas import load_schema


def test_json_files_validate_and_round_trip(bundle: ExportBundle, tmp_path: Path) -> None:
    JsonExporter(tmp_path).export(bundle)
    for slug, dossier in bundle.dossiers.items():
        loaded = json.loads((tmp_path / "dossiers" / f"{slug}.json").read_text(encoding="utf-8"))
        jsonschema.validate(loaded, load_schema("dossier"))
        assert loaded == dossier
    pivot = json.loads((tmp_path / "pivot.json").read_text(encoding="utf-8"))
    jsonschema.validate(pivot, load_schema("pivot"))
    assert pivot == bundle.pivot


def test_json_is_utf8_indented_and_keeps_non_ascii(bundle: ExportBundle, tmp_path: Path) -> None:
    JsonExporter(tmp_path).export(bundle)
    raw = (tmp_path / "dossiers" / "alpha.json").read_bytes()
    assert "Молоток".encode() in raw and b"\\u" not in raw
    assert raw.splitlines()[1].startswith(b'  "competitor"')
    assert raw.endswith(b"}\n")


def test_export_replaces_previous_files(bundle: ExportBundle, tmp_path: Path) -> None:
    (tmp_path / "pivot.json").write_text("stale", encoding="utf-8")
    JsonExporter(tmp_path).export(bundle)
    assert json.loads((tmp_path / "pivot.json").read_text(encoding="utf-8")) == bundle.pivot
