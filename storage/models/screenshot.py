"""The screenshots table: a full-page PNG of each competitor's homepage per run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class ScreenshotRow(Base):
    """Where one screenshot's PNG file lives and what it shows; the file itself is on disk."""

    __tablename__ = "screenshots"
    __table_args__ = (Index("ix_screenshots_competitor", "competitor_id", "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    url: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    """Relative to the screenshots directory, `/`-separated."""
    taken_at: Mapped[datetime]
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
