"""The demo web for the tests of schedules/: one to read, a private one to change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schedules.demo.web import DemoWeb, serve_demo_web


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    """Day 0, no faults; tests using it only read."""
    with serve_demo_web() as served:
        yield served
        assert served.errors == []


@pytest.fixture
def fresh_web() -> Iterator[DemoWeb]:
    """A private web for tests that change the day, an API version, take sites down or
    read the log."""
    with serve_demo_web() as served:
        yield served
        assert served.errors == []
