"""The one input of every exporter: dossiers, pivot and the flat rows derived from them.

Deriving the flat tables once here keeps each exporter down to "write these rows".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.events import ChangeKind
from pipeline.values import parse_decimal

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportBundle:
    """What to export, all JSON-ready (ISO strings, decimal strings)."""

    dossiers: Mapping[str, Mapping[str, Any]]
    """Competitor slug -> dossier (`pipeline.dossier.build_dossier`), in output order."""
    pivot: Mapping[str, Any]
    """The pivot (`pipeline.pivot.build_pivot`)."""
    products: Sequence[Row]
    """Every dossier product with a leading `competitor` (name) column."""
    changes: Sequence[Row]
    """Every dossier change with a leading `competitor` column, newest first per competitor."""
    price_history: Sequence[Row]
    """Price moves per UTC day and competitor: `date` (YYYY-MM-DD), `competitor`,
    `price_changes`, `increases`, `decreases`; sorted by date, then competitor."""
    posts: Sequence[Row] = ()
    """Every dossier post with a leading `competitor` column (authors joined by ", ")."""
    videos: Sequence[Row] = ()
    """Every dossier video with a leading `competitor` column."""
    mentions: Sequence[Row] = ()
    """Every dossier mention with a leading `competitor` column."""
    social: Sequence[Row] = ()
    """Every dossier social profile with a leading `competitor` column."""

    @classmethod
    def from_dossiers(
        cls, dossiers: Mapping[str, Mapping[str, Any]], pivot: Mapping[str, Any]
    ) -> ExportBundle:
        """Derive the flat tables from the dossiers."""
        return cls(
            dossiers=dossiers,
            pivot=pivot,
            products=_flatten(dossiers, "products"),
            changes=_flatten(dossiers, "changes"),
            price_history=_price_history(dossiers),
            posts=_flatten(dossiers, "posts"),
            videos=_flatten(dossiers, "videos"),
            mentions=_flatten(dossiers, "mentions"),
            social=_flatten(dossiers, "social"),
        )


def _flatten(dossiers: Mapping[str, Mapping[str, Any]], section: str) -> list[Row]:
    """A section's rows of every dossier, competitor first, lists joined into one cell."""
    return [
        {"competitor": dossier["competitor"]["name"], **_flat(row)}
        for dossier in dossiers.values()
        for row in dossier.get(section, ())
    ]


def _flat(row: Row) -> Row:
    if not any(isinstance(value, list) for value in row.values()):
        return row
    return {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}


def _price_history(dossiers: Mapping[str, Mapping[str, Any]]) -> list[Row]:
    """Count `price_changed` events on `price` per day, split by direction."""
    tally: Counter[tuple[str, str, str]] = Counter()
    for dossier in dossiers.values():
        name = dossier["competitor"]["name"]
        for change in dossier["changes"]:
            if change["kind"] == ChangeKind.PRICE_CHANGED and change["field"] == "price":
                day = change["detected_at"][:10]
                tally[day, name, "price_changes"] += 1
                tally[day, name, _direction(change["old"], change["new"])] += 1
    days = sorted({(day, name) for day, name, _ in tally})
    return [
        {
            "date": day,
            "competitor": name,
            "price_changes": tally[day, name, "price_changes"],
            "increases": tally[day, name, "increases"],
            "decreases": tally[day, name, "decreases"],
        }
        for day, name in days
    ]


def _direction(old: str | None, new: str | None) -> str:
    before, after = parse_decimal(old), parse_decimal(new)
    if before is None or after is None or before == after:
        return "other"
    return "increases" if after > before else "decreases"
