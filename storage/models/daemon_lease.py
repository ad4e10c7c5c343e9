"""The daemon_lease table: which process schedules crawls for this database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class DaemonLease(Base):
    """At most one row per role: the daemon holding it, renewed while it lives."""

    __tablename__ = "daemon_lease"

    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    """'scheduler': one daemon per database."""
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime]
    renewed_at: Mapped[datetime]
    """A lease not renewed for a while belongs to a daemon that died (on any host)."""
