"""The declarative base every model shares: stable constraint names and portable column types."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, MetaData, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Alembic needs named constraints to alter them later (SQLite batch mode above all)."""


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that is always UTC, also on SQLite (which stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: storage needs timezone-aware values")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """NUMERIC(18, 4) that gives back what was stored: 19.90 comes back as 19.9, not 19.9000.

    The value is exact; only the padding zeros the column scale adds are dropped. SQLite has
    no decimal type: values there keep 15 significant digits, plenty for any price.
    """

    impl = Numeric(18, 4)
    cache_ok = True

    def process_result_value(self, value: Decimal | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


JSONDocument = JSON().with_variant(JSONB(), "postgresql")
"""JSON everywhere, JSONB on PostgreSQL (smaller, indexable)."""


class Base(DeclarativeBase):
    """Declarative base of all rivalwatch tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute as is
        datetime: UtcDateTime(),
        Decimal: Money(),
        dict[str, Any]: JSONDocument,
    }


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC (the default of every timestamp column)."""
    return datetime.now(UTC)
