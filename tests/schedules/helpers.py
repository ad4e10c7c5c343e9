"""Shared by the end-to-end tests of schedules/: run the real `rivalwatch` command, write
demo configs, and compare stored products with the demo web's ground truth.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from pipeline.schemas import load_schema
from schedules.demo.web import DemoSite, DemoWeb
from schedules.demo.web.config import render
from storage.records import ChangeEventRecord, ProductState

COMMAND_TIMEOUT = 180
"""Seconds before a hung `rivalwatch` process fails the test instead of hanging it."""
CSV_FILES = (
    "pivot.csv",
    "products.csv",
    "changes.csv",
    "posts.csv",
    "videos.csv",
    "mentions.csv",
    "social.csv",
)
"""The files `rivalwatch export --format csv` writes."""
FAST_CRAWL = {"retry_backoff_s": 0.01, "timeout_s": 10}
"""Crawl settings that keep retries of the demo web's faults quick."""


def rivalwatch_command(*args: str | Path) -> list[str]:
    """The console script as users run it: `python -m schedules` is `rivalwatch`."""
    return [sys.executable, "-m", "schedules", *(str(a) for a in args)]


def cli_env() -> dict[str, str]:
    """The test's environment, without a COLUMNS that would change how output is laid out."""
    return {k: v for k, v in os.environ.items() if k != "COLUMNS"}


def start_rivalwatch(*args: str | Path) -> subprocess.Popen[str]:
    """Start `rivalwatch ARGS` in its own process group (so a test can kill it with its
    crawl child), capturing its output."""
    return subprocess.Popen(
        rivalwatch_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        start_new_session=True,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started `rivalwatch` and return what it printed."""
    try:
        stdout, stderr = process.communicate(timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def selecting(names: Sequence[str]) -> list[str]:
    """`--competitor NAME` for each of `names`."""
    return [arg for name in names for arg in ("--competitor", name)]


def rivalwatch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run `rivalwatch ARGS` in a subprocess and capture its output."""
    return finish(start_rivalwatch(*args))


def write_config(
    path: Path, sites: Sequence[DemoSite], *, database_url: str, exports_dir: Path
) -> Path:
    """Write the demo web's config for `sites` to `path`, with quick retries; return `path`."""
    data = yaml.safe_load(render(list(sites), database_url, str(exports_dir)))
    data["crawl"].update(FAST_CRAWL)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def demo_config(web: DemoWeb, tmp: Path, database_url: str | None = None) -> Path:
    """Write `tmp/rivalwatch.yaml` for every shop of `web`, storing into `tmp/rw.db`."""
    return write_config(
        tmp / "rivalwatch.yaml",
        list(web.sites.values()),
        database_url=database_url or f"sqlite:///{tmp / 'rw.db'}",
        exports_dir=tmp / "exports",
    )


def by_url(states: dict[str, ProductState]) -> dict[str, ProductState]:
    """States findable by URL or key, trailing slashes ignored."""
    found = {}
    for state in states.values():
        found[state.url.rstrip("/")] = state
        found[state.key.rstrip("/")] = state
    return found


def matched(
    expected: list[dict[str, Any]], states: dict[str, ProductState]
) -> list[tuple[dict[str, Any], ProductState]]:
    """(ground truth, stored state) pairs of the expected products that were stored."""
    found = by_url(states)
    return [(e, found[e["url"].rstrip("/")]) for e in expected if e["url"].rstrip("/") in found]


def expected_changes(before: list[dict], after: list[dict]) -> set[tuple[str, str]]:
    """(kind, url) pairs the ground truth implies between two days."""
    old = {p["url"].rstrip("/"): p for p in before}
    new = {p["url"].rstrip("/"): p for p in after}
    changes = {("product_added", u) for u in new.keys() - old.keys()}
    changes |= {("product_removed", u) for u in old.keys() - new.keys()}
    for url in old.keys() & new.keys():
        if Decimal(old[url]["price"]) != Decimal(new[url]["price"]):
            changes.add(("price_changed", url))
        if old[url]["availability"] != new[url]["availability"]:
            changes.add(("availability_changed", url))
    return changes


def reported(events: list[ChangeEventRecord]) -> set[tuple[str, str]]:
    """(kind, url) pairs of the product events stored for a run."""
    return {(e.kind, (e.url or e.key).rstrip("/")) for e in events if e.entity == "product"}


def validated_exports(exports: Path, competitors: int) -> dict[str, Any]:
    """Check the pivot and one dossier per competitor against docs/schemas and that the
    CSVs and workbook exist; return the pivot."""
    import jsonschema

    pivot = json.loads((exports / "pivot.json").read_text(encoding="utf-8"))
    jsonschema.validate(pivot, load_schema("pivot"))
    assert len(pivot["rows"]) == competitors
    dossiers = sorted((exports / "dossiers").glob("*.json"))
    assert len(dossiers) == competitors
    for path in dossiers:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), load_schema("dossier"))
    assert {p.name for p in exports.glob("*.csv")} == set(CSV_FILES)
    assert (exports / "rivalwatch.xlsx").stat().st_size > 0
    return pivot
