from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crawlers.config import ConfigError, parse_config
from crawlers.config.durations import format_duration, parse_duration
from crawlers.config.models import Config
from crawlers.config.monitoring import SITE_UNHEALTHY, NotifyConfig
from pipeline.events import ChangeKind

SOURCE = Path("rivalwatch.yaml")
TWO = """\
competitors:
  - name: Alpha
    homepage: https://alpha.example/
    schedule: {every: 1h}
  - name: Beta
    homepage: https://beta.example/
    schedule: {cron: "0 7 * * mon-fri"}
  - name: Gamma
    homepage: https://gamma.example/
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("15m", timedelta(minutes=15)),
        ("6h", timedelta(hours=6)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        ("2.5s", timedelta(seconds=2.5)),
        ("90", timedelta(seconds=90)),
        (45, timedelta(seconds=45)),
    ],
)
def test_durations_are_read_as_people_write_them(text: object, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "6 hours", "1h and 5m", "-5m", "h"])
def test_other_spellings_are_refused_with_the_valid_forms(text: str) -> None:
    with pytest.raises(ValueError, match="30s, 15m, 6h, 1d"):
        parse_duration(text)


@pytest.mark.parametrize("seconds", [1, 59, 90, 3600, 86_400 + 61, 2.5])
def test_a_duration_is_written_back_as_it_reads(seconds: float) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


def test_each_competitor_gets_its_own_keys_over_the_top_level_over_the_defaults() -> None:
    config = parse_config("schedule: {timezone: Europe/Berlin}\n" + TWO, source=SOURCE)
    alpha, beta, gamma = (config.schedule_for(c) for c in config.competitors)

    assert (alpha.every, alpha.cron, alpha.jitter) == (
        timedelta(hours=1),
        None,
        timedelta(minutes=10),
    )
    assert (beta.every, beta.cron) == (None, "0 7 * * mon-fri")
    assert (gamma.every, gamma.cron) == (timedelta(hours=6), None)
    assert {alpha.timezone, beta.timezone, gamma.timezone} == {"Europe/Berlin"}


def test_a_top_level_cron_is_the_default_and_a_competitor_every_replaces_it() -> None:
    config = parse_config('schedule: {cron: "*/5 * * * *", jitter: 0s}\n' + TWO, source=SOURCE)
    alpha, _beta, gamma = (config.schedule_for(c) for c in config.competitors)

    assert (alpha.every, alpha.cron, alpha.jitter) == (timedelta(hours=1), None, timedelta())
    assert (gamma.every, gamma.cron) == (None, "*/5 * * * *")


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("{every: 5 minutes}", "schedule.every: Value error, not a duration: '5 minutes'"),
        ("{every: 0s}", "schedule.every: Value error, every must be at least 1s"),
        ('{cron: "0 7 * *"}', "schedule.cron: Value error, not a crontab expression"),
        ("{timezone: Mars/Olympus}", "schedule.timezone: Value error, unknown time zone"),
        ('{every: 1h, cron: "0 * * * *"}', "schedule: Value error, a schedule has either"),
        ("{evry: 1h}", "schedule.evry: unknown key; valid keys here: cron, every, jitter"),
    ],
)
def test_a_bad_schedule_names_its_line_and_says_what_is_wrong(schedule: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"schedule: {schedule}\n" + TWO, source=SOURCE)
    assert any(
        m.startswith("rivalwatch.yaml:1: ") and expected in m for m in caught.value.messages
    ), caught.value.messages


def test_notify_on_is_a_key_not_a_yaml_boolean() -> None:
    text = (
        "notify:\n  - url: json://127.0.0.1:9/hook\n    on: [price_changed]\n"
        "    competitors: [alpha]\n" + TWO
    )
    target = parse_config(text, source=SOURCE).notify[0]

    assert (target.on, target.competitors, target.unhealthy_after) == (
        ["price_changed"],
        ["alpha"],
        3,
    )


def test_yes_and_no_stay_words_and_true_false_stay_booleans() -> None:
    text = "crawl: {obey_robots: false}\n" + TWO.replace(
        "    schedule: {every: 1h}", "    notes: no\n    currency: NOK"
    )
    config = parse_config(text, source=SOURCE)

    assert config.crawl.obey_robots is False
    assert config.competitors[0].notes == "no"


def test_notify_naming_an_unknown_competitor_lists_the_configured_ones() -> None:
    text = "notify: [{url: 'mailto://a:b@mail.example', competitors: [Omega]}]\n" + TWO
    with pytest.raises(ConfigError, match="unknown competitors \\['Omega'\\]; configured: Alpha"):
        parse_config(text, source=SOURCE)


def test_notify_without_on_sends_every_kind_and_the_kinds_match_the_diffs() -> None:
    every_kind = set(NotifyConfig(url="json://127.0.0.1/x").on)

    assert every_kind == {str(kind) for kind in ChangeKind} | {SITE_UNHEALTHY}


def test_the_config_survives_the_trip_to_a_crawl_process() -> None:
    config = parse_config(
        "schedule: {every: 1h30m, jitter: 2.5s}\ndaemon: {run_timeout: 10m}\n" + TWO, source=SOURCE
    )
    assert Config.model_validate(config.model_dump(mode="json")) == config
