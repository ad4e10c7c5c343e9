from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

import storage.models  # noqa: F401 - the full metadata
from storage.base import Base
from storage.engine import make_engine
from storage.migrate import config_for, current_revision, head_revision, upgrade
from storage.records import (
    CompetitorKind,
    CompetitorSpec,
    FetchDecision,
    Fetcher,
    FetchStatus,
    ScreenshotRecord,
    SnapshotIn,
    SnapshotKind,
)
from storage.repository import Repository

RENDERING_TABLES = {"fetch_decisions", "screenshots"}
"""The tables revision 0002 adds."""


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_upgrade_from_empty_reaches_head(engine: Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision() == "0004"
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_upgrade_is_idempotent(engine: Engine, database_url: str) -> None:
    upgrade(engine)
    before = _schema(engine)
    upgrade(engine)
    upgrade(database_url)  # a URL works as well as an engine
    assert _schema(engine) == before
    assert current_revision(database_url) == head_revision()


def test_models_and_migrations_agree(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_empty_and_back(engine: Engine, database_url: str) -> None:
    upgrade(engine)
    command.downgrade(config_for(database_url), "base")
    assert current_revision(engine) is None
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_upgrade_from_0001_keeps_the_data_and_adds_the_rendering_tables(
    engine: Engine, database_url: str
) -> None:
    command.upgrade(config_for(database_url), "0001")
    assert not RENDERING_TABLES & set(inspect(engine).get_table_names())
    old = Repository(engine)  # a repository of the 0001 era: its tables only
    spec = CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://a.test/")
    acme = old.sync_competitors([spec])["Acme"]
    run = old.start_run("cli")
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    snapshot = SnapshotIn(
        competitor_id=acme.id,
        kind=SnapshotKind.PRODUCT,
        key="https://a.test/p/1",
        url="https://a.test/p/1",
        fetch_status=FetchStatus.OK,
        content_hash="h1",
        fetched_at=at,
        payload={"name": "Thé", "price": "19.90"},
    )
    old.add_snapshots(run.id, [snapshot])
    before = (old.competitors(), old.runs(), old.run_snapshots(run.id, acme.id))

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= RENDERING_TABLES | {"daemon_lease"}
    assert (old.competitors(), old.runs(), old.run_snapshots(run.id, acme.id)) == before
    decision = FetchDecision(
        competitor_id=acme.id,
        page_kind="listing",
        fetcher=Fetcher.BROWSER,
        reason="rendered only",
        decided_at=at,
        confirmed_at=at,
    )
    old.save_fetch_decision(decision)
    shot = ScreenshotRecord(
        run_id=run.id,
        competitor_id=acme.id,
        url="https://a.test/",
        path="acme/2026-03-01T120000Z.png",
        taken_at=at,
        width=1280,
        height=2000,
        size_bytes=1234,
    )
    old.add_screenshot(shot)
    assert (old.fetch_decisions(acme.id), old.screenshots(acme.id)) == (
        {"listing": decision},
        [shot],
    )


def test_downgrade_to_0001_drops_only_the_rendering_tables(
    engine: Engine, database_url: str
) -> None:
    upgrade(engine)
    repository = Repository(engine)
    spec = CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://a.test/")
    repository.sync_competitors([spec])
    command.downgrade(config_for(database_url), "0001")
    assert current_revision(engine) == "0001"
    assert not RENDERING_TABLES & set(inspect(engine).get_table_names())
    assert [c.name for c in repository.competitors()] == ["Acme"]


def _schema(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {
        table: sorted(
            [c["name"] for c in inspector.get_columns(table)]
            + [str(i["name"]) for i in inspector.get_indexes(table)]
        )
        for table in inspector.get_table_names()
    }
