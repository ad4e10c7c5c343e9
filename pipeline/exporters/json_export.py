"""JSON export: one dossier file per competitor plus the pivot, for tools and the web."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.exporters.base import Exporter, open_atomic, slug_file
from pipeline.exporters.bundle import ExportBundle
from pipeline.exporters.registry import register


@register("json")
class JsonExporter(Exporter):
    """JSON: exports/dossiers/<slug>.json per competitor and exports/pivot.json.

    UTF-8, indented by 2, non-ASCII kept as is; shapes in docs/schemas/.
    """

    def export(self, bundle: ExportBundle) -> list[Path]:
        written = [
            self._write(self.path("dossiers", slug_file(slug, ".json")), dossier)
            for slug, dossier in bundle.dossiers.items()
        ]
        written.append(self._write(self.path("pivot.json"), bundle.pivot))
        return written

    @staticmethod
    def _write(target: Path, document: Mapping[str, Any]) -> Path:
        with open_atomic(target, encoding="utf-8", newline="\n") as fh:
            json.dump(document, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        return target
