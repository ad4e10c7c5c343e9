"""The content_state table: the current view of every post, video and mention (one row each)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class ContentStateRow(Base):
    """One post, video or mention of one competitor: last observation and audience figures."""

    __tablename__ = "content_state"
    __table_args__ = (
        UniqueConstraint("competitor_id", "kind", "key_hash"),
        Index("ix_content_state_competitor_kind_published", "competitor_id", "kind", "published"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    kind: Mapped[str] = mapped_column(String(16))
    """ContentKind value."""
    key: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None]
    modified: Mapped[datetime | None]
    payload: Mapped[dict[str, Any]]
    signals: Mapped[dict[str, Any]]
    previous_signals: Mapped[dict[str, Any]]
    previous_seen: Mapped[datetime | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
