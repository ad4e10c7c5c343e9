"""A failed or crashed write loses nothing committed before it, and leaves nothing half-done."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from storage.records import CompetitorRecord, FetchStatus, RunStatus, SnapshotIn, SnapshotKind
from storage.repository import Repository
from tests.storage.conftest import T0

CRASHING_WRITER = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime
    from storage.records import FetchStatus, SnapshotIn, SnapshotKind
    from storage.repository import SNAPSHOT, Repository
    from storage.convert import snapshot_values

    repository = Repository.from_url(sys.argv[1])
    competitor_id = int(sys.argv[2])
    run = repository.start_run("crash-test", pid=os.getpid())
    def snap(key):
        return SnapshotIn(competitor_id=competitor_id, kind=SnapshotKind.PRODUCT, key=key,
            url=key, fetch_status=FetchStatus.OK, content_hash="h",
            fetched_at=datetime.now(UTC), payload={})
    repository.add_snapshots(run.id, [snap("committed")])
    conn = repository.engine.connect()
    conn.begin()
    conn.execute(SNAPSHOT.insert(), [snapshot_values(run.id, snap("uncommitted"))])
    print(run.id, flush=True)
    os._exit(1)  # die mid-transaction, like a killed crawl
    """
)


def _snapshots(competitor: CompetitorRecord, keys: list[str]) -> list[SnapshotIn]:
    return [
        SnapshotIn(
            competitor_id=competitor.id,
            kind=SnapshotKind.PRODUCT,
            key=key,
            url=key,
            fetch_status=FetchStatus.OK,
            content_hash="h",
            fetched_at=T0,
        )
        for key in keys
    ]


def test_failed_batch_is_rolled_back_whole(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    run = repository.start_run("cli")
    repository.add_snapshots(run.id, _snapshots(competitor, ["kept"]))
    batch = _snapshots(competitor, [f"k{n}" for n in range(8000)])
    orphan = _snapshots(competitor, ["orphan"])[0]
    batch[7000] = dataclasses.replace(orphan, competitor_id=competitor.id + 999)
    with pytest.raises(IntegrityError):
        repository.add_snapshots(run.id, batch)  # fails in its second chunk
    assert [s.key for s in repository.run_snapshots(run.id, competitor.id)] == ["kept"]
    stored = repository.run(run.id)
    assert stored is not None and stored.status == RunStatus.RUNNING


@pytest.mark.parametrize("size", [2, 500])  # PostgreSQL: plain INSERT, then COPY
def test_naive_datetimes_are_refused_before_anything_is_written(
    repository: Repository, competitor: CompetitorRecord, size: int
) -> None:
    run = repository.start_run("cli")
    naive = dataclasses.replace(
        _snapshots(competitor, ["n"])[0], fetched_at=T0.replace(tzinfo=None)
    )
    with pytest.raises(StatementError, match="timezone-aware"):
        batch = _snapshots(competitor, [f"k{n}" for n in range(size - 1)])
        repository.add_snapshots(run.id, [*batch, naive])
    assert repository.run_snapshots(run.id, competitor.id) == []


def test_crashed_writer_keeps_its_commits_and_its_run_is_recovered(
    repository: Repository, competitor: CompetitorRecord, migrated_database_url: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, migrated_database_url, str(competitor.id)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    run_id = int(done.stdout.split()[0])
    assert [s.key for s in repository.run_snapshots(run_id, competitor.id)] == ["committed"]
    assert repository.recover_stale_runs() == [run_id]
    recovered = repository.run(run_id)
    assert recovered is not None and recovered.status == RunStatus.INTERRUPTED
