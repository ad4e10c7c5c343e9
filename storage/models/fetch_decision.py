"""The fetch_decisions table: how each competitor's pages of each kind are best fetched."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class FetchDecisionRow(Base):
    """One remembered decision per (competitor, page kind); later runs skip re-deciding."""

    __tablename__ = "fetch_decisions"
    __table_args__ = (UniqueConstraint("competitor_id", "page_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    page_kind: Mapped[str] = mapped_column(String(64))
    """homepage, listing, product ..."""
    fetcher: Mapped[str] = mapped_column(String(16))
    """Fetcher value."""
    endpoint: Mapped[str | None] = mapped_column(Text)
    """The learned JSON data-API URL when the fetcher is `api`."""
    url_template: Mapped[str | None] = mapped_column(Text)
    """For `api`: how product URLs are built from records that carry only a slug or id."""
    reason: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime]
    confirmed_at: Mapped[datetime]
