"""Find the JSON Schemas of the exports, whose one source of truth is docs/schemas/.

The schemas are documentation first, so they live with the docs at the repository root;
this loader resolves them from the checkout (an editable install), which is where tests and
the validation tooling run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "docs" / "schemas"
"""docs/schemas/ of the checkout this package was imported from."""

SCHEMAS = ("dossier", "pivot")
"""Names of the shipped schemas: `<name>.schema.json`."""


def schema_path(name: str) -> Path:
    """Return the path of the schema called `name` (`dossier`, `pivot`)."""
    if name not in SCHEMAS:
        raise ValueError(f"unknown schema {name!r}; valid schemas: {', '.join(SCHEMAS)}")
    path = SCHEMA_DIR / f"{name}.schema.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: schemas ship in the source checkout")
    return path


def load_schema(name: str) -> dict[str, Any]:
    """Load the parsed JSON Schema called `name`."""
    result: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return result
