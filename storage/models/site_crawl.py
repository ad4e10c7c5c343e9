"""The site_crawl table: how complete each competitor's part of a run was."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class SiteCrawl(Base):
    """One competitor within one run; only a finished `ok` crawl may remove products."""

    __tablename__ = "site_crawl"
    __table_args__ = (
        UniqueConstraint("run_id", "competitor_id"),
        Index("ix_site_crawl_competitor", "competitor_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    status: Mapped[str] = mapped_column(String(16))
    """SiteStatus value; `partial` while still in progress (finished_at is then NULL)."""
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    pages: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
