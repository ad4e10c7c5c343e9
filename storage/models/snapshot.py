"""The snapshot table: append-only observations, never updated or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base

BigId = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit ids; SQLite only auto-increments a column declared exactly INTEGER."""


class Snapshot(Base):
    """What one fetch of one page observed, with its fetch status and content hash."""

    __tablename__ = "snapshot"
    __table_args__ = (
        Index("ix_snapshot_key", "competitor_id", "kind", "key_hash", "id"),
        Index("ix_snapshot_run", "run_id", "competitor_id", "kind", "key_hash"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    kind: Mapped[str] = mapped_column(String(16))
    """SnapshotKind value."""
    key: Mapped[str] = mapped_column(Text)
    """Entity identity (a product's canonical URL ...), any length."""
    key_hash: Mapped[str] = mapped_column(String(32))
    """storage.keys.key_hash(key): what the indexes hold instead of the long key."""
    url: Mapped[str] = mapped_column(Text)
    fetch_status: Mapped[str] = mapped_column(String(16))
    """FetchStatus value."""
    http_status: Mapped[int | None]
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]
    error: Mapped[str | None] = mapped_column(Text)
