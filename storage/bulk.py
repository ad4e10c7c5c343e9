"""Bulk inserts and upserts, the hot path of every run (50,000 rows a competitor is normal).

SQLite takes the DB-API executemany directly, skipping SQLAlchemy's per-row parameter
handling (a third of the time). PostgreSQL takes COPY, several times faster than
row-by-row INSERTs; upserts COPY into a temporary table and merge with one
INSERT ... SELECT ... ON CONFLICT. Values go through the columns' own SQLAlchemy bind
processors on every path, so all store exactly what `conn.execute` would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, column, select, table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, StatementError

CHUNK = 5000
"""Rows per executemany call: bounds memory without costing round trips."""
COPY_FROM = 200
"""Below this many rows PostgreSQL gets plain statements: COPY has a fixed cost too."""


def insert_rows(conn: Connection, target: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `target`."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(conn, target, target.name, rows)
        return
    _executemany(conn, target.insert(), target, rows)


def upsert_rows(
    conn: Connection,
    target: Table,
    rows: Sequence[dict[str, Any]],
    conflict: Sequence[str],
    insert_only: Sequence[str] = (),
) -> None:
    """Insert `rows`, replacing the other columns of rows that clash on `conflict`.

    `conflict` names the columns of a unique constraint; a key must appear once in `rows`.
    Columns in `insert_only` are written for new rows and left alone on existing ones.
    """
    if not rows:
        return
    names = list(rows[0])
    updated = [name for name in names if name not in conflict and name not in insert_only]
    dialect = conn.dialect.name
    if dialect == "postgresql" and len(rows) >= COPY_FROM:
        _copy_merge(conn, target, rows, names, conflict, updated)
        return
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(target)
    statement = statement.on_conflict_do_update(
        index_elements=list(conflict), set_={name: statement.excluded[name] for name in updated}
    )
    _executemany(conn, statement, target, rows)


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of `items`, `size` long (the last one shorter)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _executemany(
    conn: Connection, statement: Any, target: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Run `statement` once per row, in chunks.

    Positional drivers (SQLite) get the prepared values straight; others go through
    SQLAlchemy's own executemany.
    """
    names = list(rows[0])
    compiled = statement.compile(dialect=conn.dialect, column_keys=names)
    if not compiled.positiontup:
        for chunk in chunks(rows, CHUNK):
            conn.execute(statement, chunk)
        return
    convert = _converter(conn, target, compiled.positiontup)
    for chunk in chunks(rows, CHUNK):
        try:
            parameters = [convert(row) for row in chunk]
        except (TypeError, ValueError) as exc:  # a bind processor refused a value
            raise StatementError(str(exc), str(compiled), None, exc) from exc
        conn.exec_driver_sql(str(compiled), parameters)


def _converter(
    conn: Connection, target: Table, names: Sequence[str]
) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """Return a function turning a row dict into the driver's values for columns `names`."""
    dialect = conn.dialect
    processors = [
        (index, processor)
        for index, name in enumerate(names)
        if (processor := target.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]

    def convert(row: dict[str, Any]) -> tuple[Any, ...]:
        values = [row[name] for name in names]
        for index, processor in processors:  # most columns need none: skip them fast
            values[index] = processor(values[index])
        return tuple(values)

    return convert


def _copy_merge(
    conn: Connection,
    target: Table,
    rows: Sequence[dict[str, Any]],
    names: list[str],
    conflict: Sequence[str],
    updated: list[str],
) -> None:
    staging = f"staging_{target.name}"
    column_list = ", ".join(f'"{name}"' for name in names)
    conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{staging}"')
    conn.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{staging}" ON COMMIT DROP AS '
        f'SELECT {column_list} FROM "{target.name}" WITH NO DATA'
    )
    _copy(conn, target, staging, rows)
    source = table(staging, *(column(name) for name in names))
    statement = postgresql.insert(target).from_select(names, select(*source.c))
    statement = statement.on_conflict_do_update(
        index_elements=list(conflict), set_={name: statement.excluded[name] for name in updated}
    )
    conn.execute(statement)


def _copy(conn: Connection, target: Table, into: str, rows: Sequence[dict[str, Any]]) -> None:
    """COPY `rows` into table `into`, converted as `target`'s columns convert values.

    Driver errors are raised as SQLAlchemy's (IntegrityError ...), like every other path.
    """
    import psycopg  # only needed, and only installed, for PostgreSQL
    from psycopg import sql

    names = list(rows[0])
    convert = _converter(conn, target, names)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(into), sql.SQL(", ").join(sql.Identifier(name) for name in names)
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(convert(row))
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement.as_string(driver), None, exc, psycopg.Error) from exc
    except (TypeError, ValueError) as exc:  # a bind processor refused a value
        raise StatementError(str(exc), statement.as_string(driver), None, exc) from exc
