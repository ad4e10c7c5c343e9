"""Reading and checking the content case folders (feeds/, discovery/, posts/).

A case folder holds `body.<ext>` (the response body, bytes as served), `meta.json` (`url`,
`status`, `headers`, and for feeds the `kind` of entries) and `expected.json`: `items` (the
full list in order, each with `type` and the fields to check; datetimes as ISO 8601 text,
Decimals as strings, tuples as lists, `null` for an empty field), `links_include` (URLs, or
objects with `url`, `kind`, `priority`), `links_exclude`, `link_count`, `next_page`.
Every mismatching field is reported, not just the first.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from crawlers.extractors.base import Extraction
from crawlers.page import FetchedPage
from tests.crawlers.extractors.case_files import link_problems, saved_page

ROOT = Path(__file__).parent


def case_dirs(group: str) -> list[Path]:
    """Every case folder of `group`, in name order."""
    return sorted(p for p in (ROOT / group).iterdir() if (p / "meta.json").is_file())


def load(case: Path) -> tuple[FetchedPage, dict[str, Any], dict[str, Any]]:
    """The saved page of `case`, its meta.json and its expected.json."""
    page, meta = saved_page(case)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return page, meta, expected


def plain(value: Any) -> Any:
    """A field value in expected.json's terms."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def problems(result: Extraction, expected: dict[str, Any]) -> list[str]:
    """Every difference between `result` and `expected`, one line each."""
    found = []
    items = expected.get("items")
    if items is not None and len(result.items) != len(items):
        found.append(f"items: {len(result.items)} returned, expected {len(items)}")
    for index, (actual, want) in enumerate(zip(result.items, items or [], strict=False)):
        found.extend(_item_problems(index, actual, want))
    if "next_page" in expected and result.next_page != expected["next_page"]:
        found.append(f"next_page: got {result.next_page!r}, expected {expected['next_page']!r}")
    return found + link_problems(result, expected)


def _item_problems(index: int, actual: Any, want: dict[str, Any]) -> list[str]:
    if type(actual).__name__ != want.get("type"):
        return [f"items[{index}]: type {type(actual).__name__} != {want.get('type')}: {actual}"]
    names = {f.name for f in fields(actual)}
    found = []
    for name, value in want.items():
        if name == "type":
            continue
        if name not in names:
            found.append(f"items[{index}].{name}: no such field")
        elif plain(getattr(actual, name)) != value:
            got = plain(getattr(actual, name))
            found.append(f"items[{index}].{name}: got {got!r}, expected {value!r}")
    return found
