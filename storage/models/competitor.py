"""The competitors table: who is watched, as last configured."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class Competitor(Base):
    """A watched competitor (or our own shop, kind `self`)."""

    __tablename__ = "competitor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    """ASCII identifier for file names and URLs; fixed once created."""
    kind: Mapped[str] = mapped_column(String(16))
    """CompetitorKind value."""
    homepage: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
