"""The glue between storage and the content diff: a run's posts, videos and mentions of one
competitor in, their events and states stored.

Part of `pipeline.update.apply_run`; its states are saved here, its events returned for the
caller to store with the run's others.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.content_diff import diff_content
from storage.records import ChangeEventRecord, ContentKind, SnapshotKind
from storage.repository import Repository

SNAPSHOT_KINDS = {
    ContentKind.POST: SnapshotKind.POST,
    ContentKind.VIDEO: SnapshotKind.VIDEO,
    ContentKind.MENTION: SnapshotKind.MENTION,
}


def apply_content(
    repository: Repository, run_id: int, competitor_id: int, now: datetime
) -> list[ChangeEventRecord]:
    """Diff the run's content of each kind against the stored states; save the new states."""
    events: list[ChangeEventRecord] = []
    for kind, snapshot_kind in SNAPSHOT_KINDS.items():
        observed = repository.run_snapshots(run_id, competitor_id, snapshot_kind)
        if not observed:
            continue
        stored = repository.content_states(competitor_id, kind)
        diff = diff_content(
            competitor_id=competitor_id,
            run_id=run_id,
            detected_at=now,
            kind=kind,
            stored={key: state for (_kind, key), state in stored.items()},
            observed=observed,
        )
        repository.save_content_states(diff.states)
        events += diff.events
    return events
