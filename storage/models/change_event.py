"""The change_event table: the diff's output, what changed when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.models.snapshot import BigId


class ChangeEventRow(Base):
    """One field of one entity going from one value to another."""

    __tablename__ = "change_event"
    __table_args__ = (
        Index("ix_change_event_competitor", "competitor_id", "detected_at"),
        Index("ix_change_event_detected", "detected_at"),
        Index("ix_change_event_run", "run_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"))
    kind: Mapped[str] = mapped_column(String(64))
    """ChangeKind value."""
    detected_at: Mapped[datetime]
    entity: Mapped[str] = mapped_column(String(32))
    """product, positioning or site."""
    key: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    sku: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
