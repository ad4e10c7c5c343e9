"""Fixtures of the notification tests: a loopback endpoint and a stored history."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import Repository
from tests.pipeline.notifications.inbox import Inbox, serve_inbox
from tests.pipeline.notifications.shops import Shops


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with serve_inbox() as served:
        yield served


@pytest.fixture
def sqlite_repository(sqlite_template: Path, tmp_path: Path) -> Iterator[Repository]:
    """A migrated repository in a SQLite file of its own."""
    path = tmp_path / "rivalwatch.sqlite3"
    shutil.copyfile(sqlite_template, path)
    repository = Repository.from_url(f"sqlite:///{path}", migrate=False)
    yield repository
    repository.close()


@pytest.fixture
def shops(sqlite_repository: Repository) -> Shops:
    return Shops.create(sqlite_repository, ["Acme", "Bolt", "Cora"])
