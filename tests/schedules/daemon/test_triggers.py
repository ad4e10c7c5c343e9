from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

from crawlers.config.monitoring import ScheduleConfig
from schedules.daemon.triggers import describe, trigger_for

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def fires(schedule: ScheduleConfig, count: int) -> list[datetime]:
    trigger = trigger_for(schedule)
    trigger.start_date = START  # as if created at START
    times, previous = [], None
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, previous or START)
        times.append(previous)
    return times


def test_jittered_runs_stay_within_their_interval_instead_of_drifting_later() -> None:
    every, jitter = timedelta(minutes=1), timedelta(seconds=30)
    times = fires(ScheduleConfig(every=every, jitter=jitter), 200)

    for n, when in enumerate(times):
        assert START + n * every <= when <= START + n * every + jitter, n
    assert len({when.second for when in times}) > 20, "the jitter is random, not a fixed offset"


def test_without_jitter_runs_fall_exactly_on_the_interval() -> None:
    times = fires(ScheduleConfig(every=timedelta(hours=6)), 4)

    assert times == [START + n * timedelta(hours=6) for n in range(4)]


def test_a_cron_schedule_fires_at_its_times_in_its_time_zone() -> None:
    schedule = ScheduleConfig(cron="0 7 * * mon-fri", timezone="Europe/Berlin")
    times = fires(schedule, 6)

    assert {when.astimezone(UTC).hour for when in times} == {6}  # 07:00 CET
    assert {when.weekday() for when in times} <= {0, 1, 2, 3, 4}


def test_triggers_survive_the_job_store() -> None:
    trigger = trigger_for(ScheduleConfig(every=timedelta(minutes=5), jitter=timedelta(seconds=9)))

    restored = pickle.loads(pickle.dumps(trigger))

    assert type(restored) is type(trigger)
    assert (restored.interval, restored.jitter) == (timedelta(minutes=5), 9)


def test_schedules_are_described_as_they_are_written() -> None:
    assert describe(ScheduleConfig(every=timedelta(hours=6), jitter=timedelta(minutes=10))) == (
        "every 6h +10m"
    )
    assert describe(ScheduleConfig(cron="0 7 * * mon-fri", timezone="Europe/Berlin")) == (
        "cron 0 7 * * mon-fri (Europe/Berlin)"
    )
