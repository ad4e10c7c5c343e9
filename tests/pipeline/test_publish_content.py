"""publish() from a real database: stored posts, videos, mentions and the homepage's social
profiles reach the JSON dossier, the CSV tables and the XLSX sheets."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from pipeline.publish import publish
from pipeline.schemas import load_schema
from storage.records import CompetitorKind, CompetitorSpec, FetchStatus, SnapshotIn, SnapshotKind
from storage.repository import Repository
from tests.pipeline.builders import content

NOW = datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
DAY = timedelta(days=1)
SOCIAL = ["https://www.facebook.com/acme", "https://t.me/acme"]


@pytest.fixture
def repository(migrated_database_url: str) -> Iterator[Repository]:
    repository = Repository.from_url(migrated_database_url)
    yield repository
    repository.close()


def _store(repository: Repository) -> None:
    """Acme: a homepage with two social profiles, two posts, a video and a mention."""
    (acme,) = repository.sync_competitors(
        [CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://a.test/")]
    ).values()
    run = repository.start_run("test")
    home = {"url": "https://a.test/", "title": "Acme", "social": SOCIAL}
    repository.add_snapshots(
        run.id,
        [
            SnapshotIn(
                competitor_id=acme.id,
                kind=SnapshotKind.POSITIONING,
                key="positioning",
                url="https://a.test/",
                fetch_status=FetchStatus.OK,
                content_hash="home",
                fetched_at=NOW - DAY,
                payload=home,
            )
        ],
    )
    seen = {"first_seen": NOW - 5 * DAY, "last_seen": NOW - DAY}
    states = [
        content(
            "post",
            "https://a.test/blog/hit",
            published=NOW - 3 * DAY,
            title="Our big launch",
            authors=["Ann"],
            signals={"comments": 20, "views": 1_000},
            previous={"comments": 10, "views": 1_000},
            previous_seen=NOW - 2 * DAY,
            **seen,
        ),
        content("post", "https://a.test/blog/quiet", published=NOW - 40 * DAY, title="Old", **seen),
        content(
            "video",
            "https://video.test/w/1",
            published=NOW - 2 * DAY,
            title="Demo",
            rating="4.8",
            signals={"views": 5_000, "rating_count": 50},
            **seen,
        ),
        content(
            "mention", "https://news.test/acme", published=NOW - DAY, title="Acme grows", **seen
        ),
    ]
    repository.save_content_states([replace(s, competitor_id=acme.id) for s in states])


def test_content_reaches_every_export(repository: Repository, tmp_path: Path) -> None:
    _store(repository)
    publish(repository, tmp_path, ["json", "csv", "xlsx"], now=NOW)

    dossier = json.loads((tmp_path / "dossiers" / "acme.json").read_text(encoding="utf-8"))
    jsonschema.validate(dossier, load_schema("dossier"))
    hit = dossier["posts"][0]
    assert (hit["url"], hit["rank"], hit["authors"], hit["first_seen"]) == (
        "https://a.test/blog/hit",
        1,
        ["Ann"],
        "2026-11-18T07:15:00Z",
    )
    # 30 engagement over 2 days of age, plus 10 gained in the day between readings
    assert (hit["popularity"], hit["growth"]) == (25.0, 10.0)
    assert [p["rank"] for p in dossier["posts"]] == [1, 2]
    assert dossier["videos"][0]["rating"] == "4.80"
    assert dossier["social"] == [
        {"url": "https://www.facebook.com/acme", "network": "facebook"},
        {"url": "https://t.me/acme", "network": "telegram"},
    ]
    assert [m["title"] for m in dossier["mentions"]] == ["Acme grows"]

    pivot = json.loads((tmp_path / "pivot.json").read_text(encoding="utf-8"))
    jsonschema.validate(pivot, load_schema("pivot"))
    (row,) = pivot["rows"]
    assert {k: row[k] for k in row if k.endswith("_30d") or k == "top_post"} == {
        "posts_30d": 1,
        "top_post": "Our big launch",
        "comments_30d": 20,
        "videos_30d": 1,
        "mentions_30d": 1,
    }

    for name, count in [("posts", 2), ("videos", 1), ("mentions", 1), ("social", 2)]:
        with (tmp_path / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == count and {r["competitor"] for r in rows} == {"Acme"}, name

    workbook = openpyxl.load_workbook(tmp_path / "rivalwatch.xlsx")
    titles = [row[2] for row in workbook["Posts"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Our big launch", "Old"]
    assert workbook["Videos"]["C2"].value == "Demo"
    assert workbook["Mentions"]["D2"].value == "Acme grows"
    assert [r[1] for r in workbook["Social"].iter_rows(min_row=2, values_only=True)] == [
        "facebook",
        "telegram",
    ]
