from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pipeline.exporters import ExportBundle, atomic_target, open_atomic
from pipeline.exporters.json_export import JsonExporter


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_reader_sees_old_content_until_the_write_completes(tmp_path: Path) -> None:
    target = tmp_path / "pivot.json"
    target.write_text("old", encoding="utf-8")
    with open_atomic(target) as fh:
        fh.write("new, but only half")
        fh.flush()
        assert target.read_text(encoding="utf-8") == "old"
        fh.write(" and the rest")
    assert target.read_text(encoding="utf-8") == "new, but only half and the rest"
    assert _leftovers(tmp_path) == []


def test_failed_write_keeps_old_content_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"), atomic_target(target) as temp:
        temp.write_bytes(b"partial")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_failing_exporter_leaves_previous_export_intact(
    bundle: ExportBundle, tmp_path: Path
) -> None:
    JsonExporter(tmp_path).export(bundle)
    before = (tmp_path / "pivot.json").read_bytes()
    broken = ExportBundle.from_dossiers(bundle.dossiers, {**bundle.pivot, "extra": {1, 2}})
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        JsonExporter(tmp_path).export(broken)
    assert (tmp_path / "pivot.json").read_bytes() == before
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "dossiers") == []


def test_new_files_are_shareable_and_existing_modes_kept(tmp_path: Path) -> None:
    fresh, private = tmp_path / "fresh.csv", tmp_path / "private.csv"
    private.write_text("x", encoding="utf-8")
    private.chmod(0o600)
    for target in (fresh, private):
        with open_atomic(target) as fh:
            fh.write("y")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@pytest.mark.parametrize("slug", ["../escape", "a/b", "", "..", "con:1"])
def test_unsafe_slugs_are_refused(bundle: ExportBundle, tmp_path: Path, slug: str) -> None:
    dossier = next(iter(bundle.dossiers.values()))
    unsafe = ExportBundle.from_dossiers({slug: dossier}, bundle.pivot)
    with pytest.raises(ValueError, match="unsafe file name"):
        JsonExporter(tmp_path / "out").export(unsafe)
    assert not (tmp_path / "escape.json").exists()
