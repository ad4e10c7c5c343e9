"""Log lines for a service: read well by journald, `docker logs` and grep.

One line per record (tracebacks folded onto it, so a multi-line error stays one entry).
Under systemd (JOURNAL_STREAM is set) lines start with a `<N>` syslog priority, which the
journal turns into the entry's priority, and carry no timestamp (the journal has one).
"""

from __future__ import annotations

import logging
import os
import sys

QUIETED = {"alembic": logging.WARNING, "apscheduler.executors": logging.WARNING}
"""Libraries whose INFO lines say nothing an operator needs (a migration check per run,
"job executed" per due competitor): only their warnings are shown."""
SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


class ServiceFormatter(logging.Formatter):
    """`2026-11-23 14:00:00 INFO schedules.daemon: message`, or `<6>schedules.daemon: ...`."""

    def __init__(self, *, journald: bool) -> None:
        pattern = (
            "%(name)s: %(message)s"
            if journald
            else "%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        super().__init__(pattern)
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        """The record on one line; tracebacks joined with ` | `."""
        line = " | ".join(super().format(record).splitlines())
        if self.journald:
            priority = SYSLOG_PRIORITY.get(record.levelno, 6 if record.levelno < 30 else 3)
            return f"<{priority}>{line}"
        return line


def service_handler(level: int) -> logging.Handler:
    """A stderr handler at `level` with the formatter that suits where stderr goes."""
    for name, quiet_level in QUIETED.items():
        logging.getLogger(name).setLevel(max(level, quiet_level))
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(ServiceFormatter(journald="JOURNAL_STREAM" in os.environ))
    return handler
