"""A competitor's schedule as an APScheduler trigger, and a fingerprint to spot changes."""

from __future__ import annotations

import json
from datetime import timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawlers.config.durations import format_duration
from crawlers.config.monitoring import ScheduleConfig


def trigger_for(schedule: ScheduleConfig) -> BaseTrigger:
    """An interval or cron trigger in the schedule's time zone, with its jitter."""
    timezone = schedule.timezone or "UTC"
    jitter = _jitter_seconds(schedule.jitter)
    if schedule.cron is not None:
        trigger = CronTrigger.from_crontab(schedule.cron, timezone=timezone)
        trigger.jitter = jitter
        return trigger
    every = schedule.every or timedelta(hours=6)
    return IntervalTrigger(seconds=every.total_seconds(), timezone=timezone, jitter=jitter)


def fingerprint(schedule: ScheduleConfig) -> str:
    """Equal for equal schedules: a stored job whose fingerprint differs is rescheduled."""
    return json.dumps(schedule.model_dump(mode="json"), sort_keys=True)


def describe(schedule: ScheduleConfig) -> str:
    """`every 6h ±10m` or `cron 0 7 * * mon-fri (Europe/Berlin)`, for logs and status."""
    when = (
        f"cron {schedule.cron}"
        if schedule.cron
        else f"every {format_duration(schedule.every or timedelta(hours=6))}"
    )
    if schedule.jitter:
        when += f" +{format_duration(schedule.jitter)}"
    return when + (f" ({schedule.timezone})" if schedule.timezone else "")


def _jitter_seconds(jitter: timedelta | None) -> int | None:
    seconds = round(jitter.total_seconds()) if jitter else 0
    return seconds or None
