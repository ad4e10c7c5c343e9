"""publish() from a real database: dossiers list screenshots whose paths open the PNGs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from pipeline.publish import publish
from pipeline.schemas import load_schema
from storage.records import CompetitorKind, CompetitorSpec, ScreenshotRecord
from storage.repository import Repository
from storage.screenshot_files import write_screenshot

T0 = datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00"
"""The start of a 1x1 PNG: enough for the signature and header checks."""


@pytest.fixture
def repository(migrated_database_url: str) -> Iterator[Repository]:
    repository = Repository.from_url(migrated_database_url)
    yield repository
    repository.close()


def _shoot(repository: Repository, screenshots_dir: Path, days: int) -> str:
    """Store Acme's homepage screenshot taken `days` after T0; return its stored path."""
    (acme,) = repository.competitors()
    run = repository.start_run("test")
    taken = T0 + timedelta(days=days)
    path = write_screenshot(screenshots_dir, acme.slug, taken, PNG).as_posix()
    record = ScreenshotRecord(
        run_id=run.id,
        competitor_id=acme.id,
        url=acme.homepage,
        path=path,
        taken_at=taken,
        width=1,
        height=1,
        size_bytes=len(PNG),
    )
    repository.add_screenshot(record)
    return path


def test_dossiers_list_screenshots_openable_from_the_exports(
    repository: Repository, tmp_path: Path
) -> None:
    spec = CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://a.test/")
    repository.sync_competitors([spec])
    exports, screenshots_dir = tmp_path / "exports", tmp_path / "data" / "screenshots"
    stored = [_shoot(repository, screenshots_dir, days) for days in (0, 2, 1)]
    now = T0 + timedelta(days=3)

    publish(repository, exports, ["json", "xlsx"], now=now, screenshots_dir=screenshots_dir)

    dossier = json.loads((exports / "dossiers" / "acme.json").read_text(encoding="utf-8"))
    jsonschema.validate(dossier, load_schema("dossier"))
    assert [s["taken_at"] for s in dossier["screenshots"]] == [
        "2026-11-25T07:15:00Z",
        "2026-11-24T07:15:00Z",
        "2026-11-23T07:15:00Z",
    ]
    assert dossier["screenshots"][0]["path"] == "../data/screenshots/" + stored[1]
    for shot in dossier["screenshots"]:
        assert (exports / shot["path"]).read_bytes() == PNG
    sheet = openpyxl.load_workbook(exports / "rivalwatch.xlsx")["Acme"]
    paths = [c.value for row in sheet.iter_rows() for c in row if c.hyperlink is not None]
    assert paths == [s["path"] for s in dossier["screenshots"][:1] + dossier["screenshots"]]


def test_without_a_screenshots_directory_the_list_is_empty(
    repository: Repository, tmp_path: Path
) -> None:
    spec = CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://a.test/")
    repository.sync_competitors([spec])
    _shoot(repository, tmp_path / "screenshots", 0)
    publish(repository, tmp_path / "exports", ["json"], now=T0 + timedelta(days=1))
    dossier = json.loads((tmp_path / "exports" / "dossiers" / "acme.json").read_text("utf-8"))
    assert dossier["screenshots"] == []
    jsonschema.validate(dossier, load_schema("dossier"))
