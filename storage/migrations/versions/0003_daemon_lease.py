"""The daemon: a lease so that one daemon schedules crawls per database.

Written by hand like 0001, plain SQLAlchemy types only. A new table; existing data is
untouched. (APScheduler creates its own `apscheduler_jobs` table in the same database.)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "daemon_lease",
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_daemon_lease")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("daemon_lease")
