"""Items to JSON-ready payloads and content hashes: what storage keeps and diff compares."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from crawlers.items import Item


def to_payload(item: Item) -> dict[str, Any]:
    """A JSON-ready dict of `item`: Decimals as strings (never floats), enums as values."""
    return {f.name: _jsonable(getattr(item, f.name)) for f in dataclasses.fields(item)}


def content_hash(payload: dict[str, Any]) -> str:
    """A stable hash of a payload, so 'unchanged' is one string comparison."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value
