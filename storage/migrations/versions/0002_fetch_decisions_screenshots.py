"""Rendering: fetch decisions remembered per competitor and page kind, screenshots per run.

Written by hand like 0001, with plain SQLAlchemy types only (no project imports), so this
revision keeps meaning the same thing however the models evolve. Both tables are new:
existing data is untouched, on SQLite and PostgreSQL alike.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "fetch_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=False),
        sa.Column("page_kind", sa.String(length=64), nullable=False),
        sa.Column("fetcher", sa.String(length=16), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=True),
        sa.Column("url_template", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        _timestamp("decided_at"),
        _timestamp("confirmed_at"),
        _fk("competitor_id", "fetch_decisions", "competitor"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_decisions")),
        sa.UniqueConstraint(
            "competitor_id",
            "page_kind",
            name=op.f("uq_fetch_decisions_competitor_id_page_kind"),
        ),
    )
    op.create_table(
        "screenshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        _timestamp("taken_at"),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        _fk("competitor_id", "screenshots", "competitor"),
        _fk("run_id", "screenshots", "run"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenshots")),
    )
    op.create_index("ix_screenshots_competitor", "screenshots", ["competitor_id", "taken_at"])


def downgrade() -> None:
    """Downgrade schema."""
    for table in ("screenshots", "fetch_decisions"):
        op.drop_table(table)  # indexes go with their table
