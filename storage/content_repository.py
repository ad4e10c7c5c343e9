"""The queries of content: the current view of competitors' posts, videos and mentions.

A part of `storage.repository.Repository` (which inherits it), like the rendering queries:
records in, records out, every write its own short transaction. Their observations are
ordinary snapshots (kinds post, video, mention), so history and growth come from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Engine, Table, select

from storage import bulk, convert
from storage.engine import writing
from storage.models import ContentStateRow
from storage.records import ContentKind, ContentState

CONTENT_STATE = cast(Table, ContentStateRow.__table__)
SELECT_CONTENT_STATE = select(*convert.columns(CONTENT_STATE, convert.CONTENT_STATE_COLUMNS))


class ContentRepository:
    """Content states, through the engine of the repository it is part of."""

    engine: Engine

    def content_states(
        self, competitor_id: int, kind: ContentKind | None = None
    ) -> dict[tuple[ContentKind, str], ContentState]:
        """A competitor's stored content (of one kind, when given), by (kind, key)."""
        query = SELECT_CONTENT_STATE.where(CONTENT_STATE.c.competitor_id == competitor_id)
        if kind is not None:
            query = query.where(CONTENT_STATE.c.kind == str(kind))
        with self.engine.connect() as conn:
            states = [convert.content_state_record(row) for row in conn.execute(query)]
        return {(state.kind, state.key): state for state in states}

    def save_content_states(self, states: Iterable[ContentState]) -> None:
        """Insert or replace content states (matched by competitor, kind and key)."""
        rows = {}
        for state in states:  # the last state of a key wins, as in sequential upserts
            values = convert.content_state_values(state)
            rows[(state.competitor_id, values["kind"], values["key_hash"])] = values
        if not rows:
            return
        with writing(self.engine) as conn:
            bulk.upsert_rows(
                conn, CONTENT_STATE, list(rows.values()), ["competitor_id", "kind", "key_hash"]
            )
