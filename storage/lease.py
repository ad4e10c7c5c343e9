"""One daemon per database: a lease row the daemon takes at start and renews while it lives.

A lock file would only guard one host, and an advisory lock only PostgreSQL; a row works
for SQLite and for a PostgreSQL shared by several hosts. A lease is free when nobody holds
it, when its holder on this host is gone (kill -9: the next start takes over at once), or
when it was not renewed for `stale_after` (a holder on another host that died).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Row, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from storage.base import utcnow
from storage.engine import writing
from storage.liveness import pid_alive
from storage.models import DaemonLease

LEASE = cast(Table, DaemonLease.__table__)
SCHEDULER = "scheduler"


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaseHolder:
    """Who holds a lease, for the message a second daemon prints."""

    host: str
    pid: int
    started_at: datetime
    renewed_at: datetime

    def describe(self) -> str:
        """`pid 123 on host-a, running since 2026-11-23 14:00 UTC`."""
        return f"pid {self.pid} on {self.host}, running since {self.started_at:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True, slots=True)
class Lease:
    """A process's claim on a role; `renew` keeps it, `release` gives it back."""

    engine: Engine
    role: str = SCHEDULER
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)

    def acquire(self, stale_after: timedelta) -> LeaseHolder | None:
        """Take the lease; None when taken, else the live holder (nothing changed)."""
        now = utcnow()
        with writing(self.engine) as conn:
            holder = _holder(conn.execute(select(LEASE).where(LEASE.c.role == self.role)).first())
            if holder is not None:
                if self._alive(holder, now, stale_after):
                    return holder
                conn.execute(delete(LEASE).where(LEASE.c.role == self.role))
            values = {"host": self.host, "pid": self.pid, "started_at": now, "renewed_at": now}
            try:
                conn.execute(insert(LEASE).values(role=self.role, **values))
            except IntegrityError:  # another start won the race
                return self.holder()
        return None

    def renew(self) -> bool:
        """Refresh the lease; False when it is no longer ours (taken over while we stalled)."""
        with writing(self.engine) as conn:
            result = conn.execute(update(LEASE).where(*self._ours()).values(renewed_at=utcnow()))
        return result.rowcount == 1

    def release(self) -> None:
        """Give the lease back, if it is still ours."""
        with writing(self.engine) as conn:
            conn.execute(delete(LEASE).where(*self._ours()))

    def holder(self) -> LeaseHolder | None:
        """The current holder, if any."""
        with self.engine.connect() as conn:
            return _holder(conn.execute(select(LEASE).where(LEASE.c.role == self.role)).first())

    def _ours(self) -> tuple:
        return (LEASE.c.role == self.role, LEASE.c.host == self.host, LEASE.c.pid == self.pid)

    def _alive(self, holder: LeaseHolder, now: datetime, stale_after: timedelta) -> bool:
        if holder.host == self.host:
            return holder.pid != self.pid and pid_alive(holder.pid)
        return now - holder.renewed_at < stale_after


def _holder(row: Row | None) -> LeaseHolder | None:
    if row is None:
        return None
    return LeaseHolder(
        host=row.host, pid=row.pid, started_at=row.started_at, renewed_at=row.renewed_at
    )
