from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

import storage.models  # noqa: F401 - the full metadata
from storage.base import Base
from storage.engine import make_engine
from storage.migrate import config_for, current_revision, head_revision, upgrade


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_upgrade_from_empty_reaches_head(engine: Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision() == "0001"
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


def _schema(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {
        table: sorted(
            [c["name"] for c in inspector.get_columns(table)]
            + [str(i["name"]) for i in inspector.get_indexes(table)]
        )
        for table in inspector.get_table_names()
    }
