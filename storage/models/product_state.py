"""The product_state table: the current, diffed view of every product (one row each)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class ProductStateRow(Base):
    """One product of one competitor: its last good observation and lifecycle status."""

    __tablename__ = "product_state"
    __table_args__ = (UniqueConstraint("competitor_id", "key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitor.id"))
    key: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(32))
    """storage.keys.key_hash(key), the upsert target together with competitor_id."""
    url: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    sku: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal | None]
    regular_price: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    """ProductStatus value."""
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
