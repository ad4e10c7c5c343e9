"""Data-driven extractor cases: each folder under cases/ is one saved page and what it must yield.

A case folder holds `body.<ext>` (the raw response body, bytes as served), `meta.json` (url,
status, headers, kind, context) and `expected.json`. Only the fields listed in expected.json are
checked; every mismatching field is reported, not just the first.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from crawlers.extractors.base import Extraction
from crawlers.extractors.registry import extractor_for
from tests.crawlers.extractors.case_files import case_dirs, link_problems, load_case

DECIMAL_FIELDS = {"price", "regular_price"}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else f"{text[:200]}... ({len(text)} chars)"


def _compare_item(index: int, actual: Any, expected: dict[str, Any]) -> list[str]:
    problems = []
    wanted_type = expected.get("type")
    if wanted_type and type(actual).__name__ != wanted_type:
        return [f"items[{index}]: type {type(actual).__name__} != {wanted_type}"]
    names = {f.name for f in fields(actual)} if is_dataclass(actual) else set()
    for name, want in expected.items():
        if name == "type":
            continue
        if name not in names:
            problems.append(f"items[{index}].{name}: no such field on {type(actual).__name__}")
            continue
        got = getattr(actual, name)
        if name in DECIMAL_FIELDS and want is not None:
            ok = isinstance(got, Decimal) and got == Decimal(want)
        else:
            ok = _plain(got) == want
        if not ok:
            problems.append(f"items[{index}].{name}: got {_short(got)}, expected {want!r}")
    return problems


def _compare(result: Extraction, expected: dict[str, Any]) -> list[str]:
    problems = []
    items = expected.get("items")
    if items is not None and len(result.items) != len(items):
        problems.append(
            f"items: {len(result.items)} returned, expected {len(items)}: {result.items!r}"
        )
    for index, (actual, want) in enumerate(zip(result.items, items or [], strict=False)):
        problems.extend(_compare_item(index, actual, want))
    for key in ("platform", "next_page", "currency_hint", "url_template"):
        if key in expected and getattr(result, key) != expected[key]:
            problems.append(f"{key}: got {getattr(result, key)!r}, expected {expected[key]!r}")
    return problems + link_problems(result, expected)


@pytest.mark.parametrize("case", case_dirs(), ids=lambda p: p.name)
def test_case(case: Path) -> None:
    page, context, kind = load_case(case)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = extractor_for(kind).extract(page, context)
    problems = _compare(result, expected)
    assert not problems, f"{case.name}:\n  " + "\n  ".join(problems)


def test_there_are_enough_cases() -> None:
    assert len(case_dirs()) >= 25


def test_a_second_extraction_gives_the_same_result() -> None:
    """Caches shared across pages (URLs, price texts, class names) must not change results."""
    for case in case_dirs():
        page, context, kind = load_case(case)
        first = extractor_for(kind).extract(page, context)
        assert extractor_for(kind).extract(page, context) == first, case.name
