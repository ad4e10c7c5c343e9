"""Items to JSON-ready payloads and content hashes: what storage keeps and diff compares."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from crawlers.items import Item

T = TypeVar("T")

_CENTS = Decimal("0.01")


def to_payload(item: Item) -> dict[str, Any]:
    """A JSON-ready dict of `item`: Decimals as text (never floats), enums as values, ISO dates."""
    return {f.name: _jsonable(getattr(item, f.name)) for f in dataclasses.fields(item)}


def from_payload(cls: type[T], payload: dict[str, Any]) -> T:
    """The item of type `cls` that `payload` (from `to_payload`) describes; unknown keys are
    ignored, so payloads stored before a field was removed still read.
    """
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {
        name: _typed(hints[name], value)
        for name, value in payload.items()
        if name in names and value is not None
    }
    return cls(**values)


def content_hash(payload: dict[str, Any]) -> str:
    """A stable hash of a payload, so 'unchanged' is one string comparison."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def decimal_text(value: Decimal) -> str:
    """Money as text, one form per amount: plain notation, at least two decimals.

    Shops write 389, 389.0 and 389.00 for the same price; one form keeps hashes stable
    and events readable ("389.00 -> 399.00"). More precise amounts keep their digits.
    """
    if value.is_finite() and value.as_tuple().exponent >= -2:  # type: ignore[operator]
        value = value.quantize(_CENTS)
    return format(value, "f")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def _typed(hint: Any, value: Any) -> Any:
    """`value` as JSON stored it, turned back into the type `hint` names."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    kind = next((o for o in options if o is not type(None)), hint)
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_hint = typing.get_args(kind)[0]
        return tuple(_typed(item_hint, v) for v in value)
    if isinstance(kind, type) and issubclass(kind, datetime):
        return datetime.fromisoformat(value)
    if isinstance(kind, type) and issubclass(kind, Decimal | Enum):
        return kind(value)
    return value
