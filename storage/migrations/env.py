"""Alembic environment: runs migrations on the connection `storage.migrate` hands over.

Used from code (`storage.migrate.upgrade`); developers generating a new revision call
`storage.migrate.config_for(url)` with alembic's `command.revision(..., autogenerate=True)`.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

import storage.models  # noqa: F401 - registers every table on Base.metadata
from storage.base import Base, Money, UtcDateTime
from storage.engine import make_engine


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render the project's column types as plain SQLAlchemy ones, so revisions stay frozen."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Money):
        return "sa.Numeric(precision=18, scale=4)"
    return False


FOREIGN_TABLES = frozenset({"apscheduler_jobs"})
"""Tables other libraries keep in the same database (the daemon's job store): not ours to
migrate, so autogenerate must not propose dropping them."""


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave FOREIGN_TABLES out of autogenerate's comparison."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def run_on(connection: Connection) -> None:
    """Configure the migration context on `connection` and run the pending migrations."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Use the caller's connection, else open one from the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as new_connection:
            run_on(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("rivalwatch migrations run online only: use storage.migrate.upgrade")
run_online()
