"""The config of continuous monitoring: schedules, the daemon's limits and notifications."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawlers.config.durations import Duration

SITE_UNHEALTHY = "site_unhealthy"
"""Notification kind: a competitor's site down or empty for `unhealthy_after` runs in a row."""
NotifyKind = Literal[  # pipeline.events.ChangeKind's values (a test keeps them equal), and:
    "product_added",
    "product_removed",
    "product_returned",
    "price_changed",
    "availability_changed",
    "positioning_changed",
    "post_published",
    "post_updated",
    "video_published",
    "mention_found",
    "social_profile_added",
    "social_profile_removed",
    "site_down",
    "site_partial",
    "site_unhealthy",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScheduleConfig(_Strict):
    """When a competitor is crawled: `{every: 6h}` or `{cron: "0 7 * * mon-fri"}`; a
    competitor's schedule overrides the top-level one key by key.
    """

    every: Duration | None = None
    cron: str | None = None
    jitter: Duration | None = None
    """Each run starts up to this much later, at random: due runs spread out."""
    timezone: str | None = None
    """IANA name (Europe/Berlin) the cron fields are read in; default UTC."""

    @field_validator("every")
    @classmethod
    def _positive(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(seconds=1):
            raise ValueError("every must be at least 1s")
        return value

    @field_validator("jitter")
    @classmethod
    def _not_negative(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta():
            raise ValueError("jitter cannot be negative")
        return value

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(value)
            except ValueError as error:
                raise ValueError(
                    f"not a crontab expression: {value!r} ({error}); "
                    "write five fields: minute hour day month day_of_week"
                ) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                message = f"unknown time zone {value!r} (write e.g. Europe/Berlin)"
                raise ValueError(message) from None
        return value

    @model_validator(mode="after")
    def _every_or_cron(self) -> ScheduleConfig:
        if self.every is not None and self.cron is not None:
            raise ValueError("a schedule has either every or cron, not both")
        return self

    def over(self, default: ScheduleConfig) -> ScheduleConfig:
        """Its own keys, and the default's where it has none (its cron replaces an every)."""
        keys = {k: v for k, v in default.model_dump().items() if v is not None}
        if self.every is not None or self.cron is not None:
            keys.pop("every", None)
            keys.pop("cron", None)
        keys |= {k: v for k, v in self.model_dump().items() if v is not None}
        return ScheduleConfig(**keys)


DEFAULT_SCHEDULE = ScheduleConfig(every=timedelta(hours=6), jitter=timedelta(minutes=10))


class DaemonConfig(_Strict):
    """Limits of `rivalwatch daemon`."""

    run_timeout: Duration = timedelta(hours=2)
    """A run still crawling after this long is stopped and recorded as timed out."""
    grace_period: Duration = timedelta(seconds=30)
    """On SIGTERM, how long a running crawl may finish before it is stopped."""
    parallel_runs: int = Field(2, ge=1, le=32)
    """Runs (each a crawl process) at once; competitors due together share a run."""
    batch_size: int = Field(50, ge=1, le=10_000)
    """At most this many due competitors crawled by one run."""


class NotifyConfig(_Strict):
    """One notification target: an apprise URL and what to send there."""

    url: str = Field(min_length=3)
    """Any apprise URL: mailto://, slack://, tgram://, json://, ... (see apprise's docs)."""
    on: list[NotifyKind] = Field(default_factory=lambda: list(NotifyKind.__args__))
    """Which changes to send; default: all, and unhealthy sites."""
    competitors: list[str] = Field(default_factory=list)
    """Only these competitors; default: all."""
    unhealthy_after: int = Field(3, ge=1, le=1000)
    """Runs in a row a site must be down or empty before `site_unhealthy` is sent."""

    @field_validator("url")
    @classmethod
    def _has_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(f"not an apprise URL: {value!r} (write e.g. mailto://user:pass@host)")
        return value
