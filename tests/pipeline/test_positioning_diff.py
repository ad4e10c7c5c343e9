"""Social profiles on the homepage: one event per profile added or removed, never a
positioning_changed, quiet on the baseline and while a profile flaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from pipeline.positioning_diff import diff_positioning
from tests.pipeline.builders import T1

FB, IG, X = "https://facebook.com/alpha", "https://instagram.com/alpha", "https://x.com/alpha"


def _home(*social: str, **fields: Any) -> dict[str, Any]:
    return {"url": "https://c1.example/", "languages": [], "social": list(social), **fields}


@dataclass(frozen=True)
class SocialCase:
    name: str
    history: list[dict[str, Any]]
    """Previous payloads, OLDEST first."""
    current: dict[str, Any] | None
    expected: list[tuple[str, str | None, str | None]]
    """(kind, old, new) per event."""


CASES = [
    SocialCase(
        name="a profile added and one removed",
        history=[_home(FB, IG)],
        current=_home(IG, X),
        expected=[("social_profile_removed", FB, None), ("social_profile_added", None, X)],
    ),
    SocialCase(name="baseline is quiet", history=[], current=_home(FB, IG), expected=[]),
    SocialCase(name="site down is quiet", history=[_home(FB)], current=None, expected=[]),
    SocialCase(
        name="first profiles ever are reported",
        history=[_home()],
        current=_home(FB),
        expected=[("social_profile_added", None, FB)],
    ),
    SocialCase(
        name="a payload from before the social field is quiet",
        history=[{"url": "https://c1.example/", "h1": "Hi"}],
        current=_home(FB, h1="Hi"),
        expected=[],
    ),
    SocialCase(
        name="a flapping profile stays quiet inside the window",
        history=[_home(FB), _home(FB, X), _home(FB)],
        current=_home(FB, X),
        expected=[],
    ),
    SocialCase(
        name="its first return is still reported",
        history=[_home(FB, X), _home(FB)],
        current=_home(FB, X),
        expected=[("social_profile_added", None, X)],
    ),
    SocialCase(
        name="whitespace around a URL is no change",
        history=[_home(FB)],
        current=_home(f" {FB}\n"),
        expected=[],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_social_profile_events(case: SocialCase) -> None:
    events = diff_positioning(
        competitor_id=1, run_id=2, detected_at=T1, history=case.history[::-1], current=case.current
    )
    assert [(e.kind, e.old, e.new) for e in events] == case.expected
    for e in events:
        assert e.entity == "social" and e.field == "social"
        assert e.key == e.url == (e.new or e.old)


def test_social_events_follow_the_positioning_fields() -> None:
    events = diff_positioning(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        history=[_home(FB, h1="Hi")],
        current=_home(FB, IG, h1="Hello"),
    )
    assert [(e.kind, e.field) for e in events] == [
        ("positioning_changed", "h1"),
        ("social_profile_added", "social"),
    ]
