"""Content: the current view of competitors' posts, videos and mentions.

Written by hand like 0001, plain SQLAlchemy types only. A new table; existing data is
untouched. (Their observations are snapshots of new kinds in the existing snapshot table.)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "content_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        _timestamp("published", nullable=True),
        _timestamp("modified", nullable=True),
        sa.Column("payload", JSON_DOCUMENT, nullable=False),
        sa.Column("signals", JSON_DOCUMENT, nullable=False),
        sa.Column("previous_signals", JSON_DOCUMENT, nullable=False),
        _timestamp("previous_seen", nullable=True),
        _timestamp("first_seen"),
        _timestamp("last_seen"),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["competitor_id"],
            ["competitor.id"],
            name=op.f("fk_content_state_competitor_id_competitor"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_state")),
        sa.UniqueConstraint(
            "competitor_id",
            "kind",
            "key_hash",
            name=op.f("uq_content_state_competitor_id_kind_key_hash"),
        ),
    )
    op.create_index(
        "ix_content_state_competitor_kind_published",
        "content_state",
        ["competitor_id", "kind", "published"],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_content_state_competitor_kind_published", table_name="content_state")
    op.drop_table("content_state")
