"""Notifications after a run: one digest per competitor per target, through apprise URLs.

`notify_run` is the entry point; `build_digest` (pure) says what a message holds, `health`
decides when a site that stays down or empty is worth an alert, `sender` delivers.
"""

from __future__ import annotations

from pipeline.notifications.digest import Digest, build_digest
from pipeline.notifications.health import CrawlHealth, HealthNotice, assess, load_history
from pipeline.notifications.run import Delivery, NotifyReport, notify_run
from pipeline.notifications.sender import Outcome, Sender

__all__ = [
    "CrawlHealth",
    "Delivery",
    "Digest",
    "HealthNotice",
    "NotifyReport",
    "Outcome",
    "Sender",
    "assess",
    "build_digest",
    "load_history",
    "notify_run",
]
