from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from storage.engine import StorageError, make_engine, normalize_url, session_factory, writing
from tests.fixtures.postgres import PostgresServer


def test_sqlite_file_gets_its_folder_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "rivalwatch.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            pragmas = {
                name: conn.execute(text(f"PRAGMA {name}")).scalar()
                for name in (
                    "journal_mode",
                    "synchronous",
                    "foreign_keys",
                    "busy_timeout",
                    "temp_store",
                )
            }
    finally:
        engine.dispose()
    assert path.is_file()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 30000,
        "temp_store": 2,
    }


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:p@db.example/rw",
        "postgresql://u:p@db.example/rw",
        "postgresql+psycopg://u:p@db.example/rw",
    ],
)
def test_postgres_urls_use_psycopg3(url: str) -> None:
    parsed = normalize_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.host, parsed.database, parsed.password) == ("db.example", "rw", "p")


def test_unreachable_postgres_names_the_host_but_not_the_password() -> None:
    port = _closed_port()
    with pytest.raises(StorageError) as raised:
        make_engine(f"postgres://scott:tiger-secret@127.0.0.1:{port}/rivalwatch")
    message = str(raised.value)
    assert f"127.0.0.1:{port}/rivalwatch" in message
    assert "scott" in message
    assert "tiger-secret" not in message


def test_sqlite_path_below_a_file_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StorageError, match="not-a-folder"):
        make_engine(f"sqlite:///{blocker / 'db.sqlite3'}")


def test_sqlite_path_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="cannot open the database"):
        make_engine(f"sqlite:///{tmp_path}")


def test_missing_driver_is_reported_with_masked_password() -> None:
    with pytest.raises(StorageError, match="no database driver") as raised:
        make_engine("postgresql+pg8000://scott:tiger-secret@db.example/rivalwatch")
    assert "tiger-secret" not in str(raised.value)
    assert "db.example" in str(raised.value)


def test_garbage_url_is_reported() -> None:
    with pytest.raises(StorageError, match="not a database URL"):
        make_engine("not a url at all")


def test_session_factory_sessions_run_queries(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with session_factory(engine)() as session:
            assert session.execute(text("SELECT 41 + 1")).scalar() == 42
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_engine_connects(postgres_server: PostgresServer) -> None:
    url = postgres_server.url("postgres").replace("postgresql+psycopg://", "postgres://")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.dialect.driver == "psycopg"
            assert conn.execute(text("SELECT current_database()")).scalar() == "postgres"
    finally:
        engine.dispose()


def _closed_port() -> int:
    """A loopback port nothing listens on: bound by the OS, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sqlite_schema_changes_roll_back_with_their_transaction(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with pytest.raises(RuntimeError), engine.begin() as conn:
            conn.execute(text("CREATE TABLE half_done (id INTEGER)"))
            raise RuntimeError("crash mid-migration")
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT name FROM sqlite_master")).scalars().all()
    finally:
        engine.dispose()
    assert "half_done" not in tables


def _counter(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'counter.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
    return engine


def _read_then_add(conn: Connection, amount: int) -> None:
    n = conn.exec_driver_sql("SELECT n FROM counter").scalar_one()
    conn.exec_driver_sql("UPDATE counter SET n = ?", (n + amount,))


def test_a_plain_transaction_that_read_fails_to_write_after_another_commit(tmp_path: Path) -> None:
    """Why `writing` exists: SQLite in WAL mode does not wait here, busy_timeout or not."""
    engine = _counter(tmp_path)
    with engine.connect() as late, late.begin():
        late.exec_driver_sql("SELECT n FROM counter").scalar_one()
        with writing(engine) as early:
            _read_then_add(early, 10)
        with pytest.raises(OperationalError, match="locked"):
            late.exec_driver_sql("UPDATE counter SET n = n + 1")


def test_write_transactions_that_read_first_queue_up_instead_of_failing(tmp_path: Path) -> None:
    engine = _counter(tmp_path)
    errors: list[BaseException] = []

    def add_one() -> None:
        try:
            with writing(engine) as conn:
                _read_then_add(conn, 1)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    with writing(engine) as first:
        _read_then_add(first, 10)
        others = [threading.Thread(target=add_one) for _ in range(3)]
        for other in others:
            other.start()
    for other in others:
        other.join(60)

    with engine.connect() as conn:
        assert (errors, conn.exec_driver_sql("SELECT n FROM counter").scalar_one()) == ([], 13)
