"""The runs table: one row per crawl run, the spine of the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Run(Base):
    """One crawl run across one or more competitors."""

    __tablename__ = "run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    trigger: Mapped[str] = mapped_column(String(100))
    """What started it: cli, daemon, schedule name ..."""
    status: Mapped[str] = mapped_column(String(16), index=True)
    """RunStatus value; indexed to find runs left `running` quickly."""
    error: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int | None]
    """Process id of the process running it, to tell live runs from orphans."""
