"""The rivalwatch.yaml that points the crawler at a running demo web."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schedules.demo.web.site import Site

CRAWL = {
    "concurrency": 16,
    "per_site_concurrency": 4,
    "download_delay": 0,
    "obey_robots": True,
    "max_pages_per_site": 5000,
    "timeout_s": 10,
    "retries": 2,
}
"""Crawl settings of the demo config: fast, polite, robust enough for the faults."""
HEADER = """\
# rivalwatch configuration for the demo web: fictional shops served on loopback.
# Generated at start-up: the ports change every time the demo web starts.
"""


def render(sites: list[Site], database_url: str, exports_dir: str) -> str:
    """Render a complete config as YAML text; screenshots go beside the exports."""
    config = {
        "database": database_url,
        "exports": {"dir": exports_dir, "formats": ["json", "csv", "xlsx"]},
        "screenshots": {"dir": str(PurePath(exports_dir).parent / "screenshots")},
        "crawl": CRAWL,
        "competitors": [_competitor(site) for site in sites],
    }
    return HEADER + "\n".join(_block(config, 0)) + "\n"


def _competitor(site: Site) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": site.name, "kind": site.kind, "homepage": site.base_url}
    if site.catalog_hints:
        entry["catalog"] = site.catalog_hints
    if site.render_mode:
        entry["render"] = site.render_mode
    entry |= {key: urls for key, urls in site.media_feeds.items() if urls}
    entry["notes"] = site.spec.notes
    return entry


def _block(mapping: dict[str, Any], indent: int) -> list[str]:
    """Block-style YAML for mappings and lists of mappings; everything else inline."""
    pad, rows = " " * indent, []
    for key, value in mapping.items():
        if isinstance(value, dict):
            rows += [f"{pad}{key}:", *_block(value, indent + 2)]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            rows.append(f"{pad}{key}:")
            for item in value:
                first, *rest = _block(item, indent + 4)
                rows += [f"{pad}  - {first.lstrip()}", *rest]
        else:
            rows.append(f"{pad}{key}: {_scalar(value)}")
    return rows


def _scalar(value: Any) -> str:
    """JSON is YAML's flow style, so json.dumps gives valid YAML scalars and lists."""
    return json.dumps(value, ensure_ascii=False)
