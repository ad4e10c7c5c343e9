"""A competitor's schedule as an APScheduler trigger, and a fingerprint to spot changes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from math import floor

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawlers.config.durations import format_duration
from crawlers.config.monitoring import ScheduleConfig


class SteadyInterval(IntervalTrigger):
    """An interval trigger whose jitter does not add up.

    APScheduler 3 computes the next time from the previous *jittered* one, so every run
    drifts later by half the jitter on average (measured: `every: 1m, jitter: 30s` ran every
    75 s). This one counts intervals from the start date and jitters each separately.
    """

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        if previous_fire_time is not None and previous_fire_time > self.start_date:
            elapsed = (previous_fire_time - self.start_date).total_seconds()
            steps = floor(elapsed / self.interval_length)
            previous_fire_time = self.start_date + timedelta(seconds=steps * self.interval_length)
        return super().get_next_fire_time(previous_fire_time, now)


def trigger_for(schedule: ScheduleConfig) -> BaseTrigger:
    """An interval or cron trigger in the schedule's time zone, with its jitter."""
    timezone = schedule.timezone or "UTC"
    jitter = _jitter_seconds(schedule.jitter)
    if schedule.cron is not None:
        trigger = CronTrigger.from_crontab(schedule.cron, timezone=timezone)
        trigger.jitter = jitter
        return trigger
    every = schedule.every or timedelta(hours=6)
    return SteadyInterval(seconds=every.total_seconds(), timezone=timezone, jitter=jitter)


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
