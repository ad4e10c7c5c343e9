"""Schema migrations from code: every start brings the database to the newest schema.

Alembic is configured here rather than from an alembic.ini, so an installed rivalwatch
migrates any database URL it is given without files outside the package.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, text

from storage.engine import make_engine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x72697661
"""PostgreSQL advisory lock key, so two processes starting together migrate one at a time."""


def config_for(url: str | URL | None = None) -> Config:
    """Build an alembic Config for the package's migrations (and for `url` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        rendered = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


@functools.cache
def head_revision() -> str | None:
    """Return the newest revision the package ships."""
    return ScriptDirectory.from_config(config_for()).get_current_head()


def current_revision(target: Engine | str | URL) -> str | None:
    """Return the revision the database is at; None when it was never migrated."""
    with _engine(target) as engine, engine.connect() as connection:
        return _revision_of(connection)


def upgrade(target: Engine | str | URL) -> None:
    """Apply pending migrations; a quick no-op when the database is already at head."""
    with _engine(target) as engine:
        with engine.connect() as connection:
            if _revision_of(connection) == head_revision():
                return
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            if _revision_of(connection) == head_revision():
                return  # another process migrated while we waited for the lock
            config = config_for()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _engine(target: Engine | str | URL) -> Iterator[Engine]:
    if isinstance(target, Engine):
        yield target
        return
    engine = make_engine(target)
    try:
        yield engine
    finally:
        engine.dispose()
