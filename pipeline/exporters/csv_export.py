"""CSV export: pivot, products, changes and content as flat tables for spreadsheets and scripts.

Files are UTF-8 *with* a byte-order mark: without it Excel guesses the legacy ANSI code
page and shows Cyrillic, umlauts or CJK as mojibake; every other CSV reader skips the BOM
(Python: encoding="utf-8-sig"). Fields are comma-separated with CRLF rows (RFC 4180);
headers are the snake_case keys of the JSON exports.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.exporters.base import Exporter, open_atomic
from pipeline.exporters.bundle import ExportBundle
from pipeline.exporters.cells import (
    CHANGE_COLUMNS,
    COMPETITOR,
    MENTION_COLUMNS,
    PIVOT_COLUMNS,
    POST_COLUMNS,
    PRODUCT_COLUMNS,
    SOCIAL_COLUMNS,
    VIDEO_COLUMNS,
    Column,
    csv_value,
)
from pipeline.exporters.registry import register


@register("csv")
class CsvExporter(Exporter):
    """CSV: exports/pivot.csv, products.csv, changes.csv, posts.csv, videos.csv, mentions.csv
    and social.csv (UTF-8 with BOM).
    """

    def export(self, bundle: ExportBundle) -> list[Path]:
        tables: list[tuple[str, Sequence[Column], Iterable[Mapping[str, Any]]]] = [
            ("pivot.csv", PIVOT_COLUMNS, bundle.pivot["rows"]),
            ("products.csv", (COMPETITOR, *PRODUCT_COLUMNS), bundle.products),
            ("changes.csv", (COMPETITOR, *CHANGE_COLUMNS), bundle.changes),
            ("posts.csv", (COMPETITOR, *POST_COLUMNS), bundle.posts),
            ("videos.csv", (COMPETITOR, *VIDEO_COLUMNS), bundle.videos),
            ("mentions.csv", (COMPETITOR, *MENTION_COLUMNS), bundle.mentions),
            ("social.csv", (COMPETITOR, *SOCIAL_COLUMNS), bundle.social),
        ]
        return [self._write(self.path(name), columns, rows) for name, columns, rows in tables]

    @staticmethod
    def _write(target: Path, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> Path:
        with open_atomic(target, encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.key for c in columns])
            writer.writerows([csv_value(c, row.get(c.key)) for c in columns] for row in rows)
        return target
