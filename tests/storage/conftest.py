"""Storage test fixtures: a migrated repository on each backend and a few stored parents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from storage.records import CompetitorKind, CompetitorRecord, CompetitorSpec, RunRecord
from storage.repository import Repository

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def repository(migrated_database_url: str) -> Iterator[Repository]:
    repository = Repository.from_url(migrated_database_url)
    yield repository
    repository.close()


@pytest.fixture
def competitor(repository: Repository) -> CompetitorRecord:
    spec = CompetitorSpec(name="Acme", kind=CompetitorKind.DIRECT, homepage="https://acme.test/")
    return repository.sync_competitors([spec])["Acme"]


@pytest.fixture
def run(repository: Repository) -> RunRecord:
    return repository.start_run("test")
