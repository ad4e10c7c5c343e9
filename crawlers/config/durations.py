"""Durations as people write them in config (`30s`, `15m`, `6h`, `1d`), as timedeltas."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)


def parse_duration(value: object) -> timedelta:
    """`1h30m`, `6h`, `90` (seconds) or a timedelta; a ValueError that shows the forms."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return timedelta(seconds=float(text))
    parts = _PART.findall(text)
    if not parts or _PART.sub("", text).strip():
        raise ValueError(f"not a duration: {value!r} (write e.g. 30s, 15m, 6h, 1d or 1h30m)")
    return sum(
        (timedelta(**{UNITS[unit.lower()]: float(amount)}) for amount, unit in parts),
        timedelta(),
    )


def format_duration(value: timedelta) -> str:
    """The shortest config spelling of `value`: 90 s -> `1m30s`."""
    total = value.total_seconds()
    if total != int(total) or total <= 0:
        return f"{total:g}s"
    seconds = int(total)
    parts = []
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
]
"""A config field holding a duration; dumped to JSON as it would be written."""
