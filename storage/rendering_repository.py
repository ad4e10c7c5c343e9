"""The queries of rendering: fetch decisions remembered per site, screenshots per run.

A part of `storage.repository.Repository` (which inherits it), kept in its own module
because it is its own concept; the same rules hold: records in, records out, and every
write commits its own short transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Engine, Table, delete, select, update

from storage import bulk, convert
from storage.engine import writing
from storage.models import FetchDecisionRow, ScreenshotRow
from storage.records import FetchDecision, ScreenshotRecord

FETCH_DECISION = cast(Table, FetchDecisionRow.__table__)
SCREENSHOT = cast(Table, ScreenshotRow.__table__)

SELECT_FETCH_DECISION = select(*convert.columns(FETCH_DECISION, convert.FETCH_DECISION_COLUMNS))
SELECT_SCREENSHOT = select(*convert.columns(SCREENSHOT, convert.SCREENSHOT_COLUMNS))


class RenderingRepository:
    """Fetch decisions and screenshots, through the engine of the repository it is part of."""

    engine: Engine

    # -- fetch decisions ---------------------------------------------------------------------

    def fetch_decisions(self, competitor_id: int) -> dict[str, FetchDecision]:
        """Return a competitor's remembered decisions, by page kind."""
        query = SELECT_FETCH_DECISION.where(FETCH_DECISION.c.competitor_id == competitor_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(FETCH_DECISION.c.page_kind)).all()
        decisions = (convert.fetch_decision_record(row) for row in rows)
        return {decision.page_kind: decision for decision in decisions}

    def save_fetch_decision(self, decision: FetchDecision) -> None:
        """Store `decision`, replacing every field of the one stored for its competitor and kind."""
        row = convert.fetch_decision_values(decision)
        with writing(self.engine) as conn:
            bulk.upsert_rows(conn, FETCH_DECISION, [row], ["competitor_id", "page_kind"])

    def confirm_fetch_decision(self, competitor_id: int, page_kind: str, at: datetime) -> None:
        """Record that a run found the decision still good at `at`.

        `confirmed_at` only moves forward (a late, older confirmation changes nothing), and
        nothing happens when no decision is stored (it was forgotten meanwhile).
        """
        statement = (
            update(FETCH_DECISION)
            .where(*self._decision_of(competitor_id, page_kind))
            .where(FETCH_DECISION.c.confirmed_at < at)
            .values(confirmed_at=at)
        )
        with writing(self.engine) as conn:
            conn.execute(statement)

    def forget_fetch_decision(self, competitor_id: int, page_kind: str) -> None:
        """Drop the decision, so the next run decides afresh (a no-op when none is stored)."""
        statement = delete(FETCH_DECISION).where(*self._decision_of(competitor_id, page_kind))
        with writing(self.engine) as conn:
            conn.execute(statement)

    @staticmethod
    def _decision_of(competitor_id: int, page_kind: str) -> tuple[ColumnElement[bool], ...]:
        return (
            FETCH_DECISION.c.competitor_id == competitor_id,
            FETCH_DECISION.c.page_kind == str(page_kind),
        )

    # -- screenshots (append-only) -----------------------------------------------------------

    def add_screenshot(self, record: ScreenshotRecord) -> None:
        """Append a screenshot (its PNG already written by storage.screenshot_files)."""
        with writing(self.engine) as conn:
            conn.execute(SCREENSHOT.insert().values(**convert.screenshot_values(record)))

    def screenshots(self, competitor_id: int, limit: int | None = None) -> list[ScreenshotRecord]:
        """Return a competitor's screenshots, newest first (the newest `limit` when given)."""
        query = (
            SELECT_SCREENSHOT.where(SCREENSHOT.c.competitor_id == competitor_id)
            .order_by(SCREENSHOT.c.taken_at.desc(), SCREENSHOT.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [convert.screenshot_record(row) for row in conn.execute(query).all()]
