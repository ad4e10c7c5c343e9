"""Engines from database URLs: SQLite tuned for a single host, PostgreSQL through psycopg 3.

Every way a database can be unusable (missing driver, unreachable server, unwritable path)
surfaces as one `StorageError` whose message names the URL with its password masked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "busy_timeout=30000",  # first, so switching the journal mode waits for other writers
    "journal_mode=WAL",  # readers (exports) never block the crawl's writes
    "synchronous=NORMAL",  # safe with WAL; a power cut may lose the last commit, not corrupt
    "foreign_keys=ON",
    "cache_size=-65536",  # 64 MiB (default 2): the snapshot indexes of 500k rows stay cached
    "temp_store=MEMORY",  # window-function sorts of the history queries
)
POSTGRES_CONNECT_TIMEOUT = 10
"""Seconds before an unreachable PostgreSQL host is reported, unless the URL sets its own."""


class StorageError(Exception):
    """The database cannot be used; the message says which one (password masked) and why."""


def make_engine(url: str | URL) -> Engine:
    """Create an engine for `url` and check it by connecting once.

    `postgres://` and `postgresql://` URLs use psycopg 3; SQLite files get their folder
    created and the pragmas in `SQLITE_PRAGMAS` on every connection.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        _create_sqlite_folder(parsed)
    try:
        engine = create_engine(parsed, json_serializer=_json_dumps, **_connect_options(parsed))
    except (ImportError, NoSuchModuleError) as exc:
        hint = " (pip install 'rivalwatch[postgres]')" if "postgres" in parsed.drivername else ""
        raise StorageError(f"no database driver for {safe_url(parsed)}: {exc}{hint}") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _apply_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    _check_connection(engine, parsed)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Make sessions bound to `engine` whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def normalize_url(url: str | URL) -> URL:
    """Parse `url`, pointing bare PostgreSQL schemes at the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database URL: {exc}") from exc
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """Render `url` with its password masked, fit for logs and error messages."""
    return make_url(url).render_as_string(hide_password=True)


def _connect_options(url: URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_args": {"connect_timeout": POSTGRES_CONNECT_TIMEOUT}}
    return {}


def _create_sqlite_folder(url: URL) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the folder of {safe_url(url)}: {exc}") from exc


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    # The sqlite3 module only opens transactions before INSERT/UPDATE/DELETE, so DDL (the
    # migrations) and reads would run outside them; SQLAlchemy's recipe: let it open none
    # and emit BEGIN ourselves (docs.sqlalchemy.org, "Serializable isolation / Savepoints /
    # Transactional DDL" in the SQLite dialect).
    dbapi_connection.isolation_level = None


IMMEDIATE = "rivalwatch_immediate"
"""Execution option of a connection opened by `writing`: SQLite takes the write lock at BEGIN."""


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed on success.

    SQLite in WAL mode fails a transaction that read and then writes after another
    connection committed (SQLITE_BUSY at once, busy_timeout or not): with several crawls,
    the daemon and its exports at work, `sync_competitors` failed so. BEGIN IMMEDIATE takes
    the write lock first, so writers queue up (busy_timeout) instead; reads stay lock-free.
    """
    with engine.connect() as connection:
        connection.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            yield connection


def _begin_sqlite_transaction(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(IMMEDIATE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _check_connection(engine: Engine, url: URL) -> None:
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip()
        if url.password:
            reason = reason.replace(str(url.password), "***")
        raise StorageError(f"cannot open the database {safe_url(url)}: {reason}") from exc


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # prices stay exact: never a float
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_json_dumps = json.JSONEncoder(  # one encoder: json.dumps(**options) builds one per call
    default=_json_default, ensure_ascii=False, separators=(",", ":")
).encode
