"""Reading the extractor case folders (cases/): one loader for the tests and the benchmarks."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

from crawlers.extractors.base import Extraction, ExtractionContext, PageKind, Selectors
from crawlers.page import FetchedPage

CASES = Path(__file__).parent / "cases"


def case_dirs() -> list[Path]:
    """Every case folder, in name order."""
    return sorted(p for p in CASES.iterdir() if (p / "meta.json").is_file())


def saved_page(case: Path) -> tuple[FetchedPage, dict[str, Any]]:
    """The page saved in a case folder (`body.<ext>` as served) and its meta.json."""
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    bodies = sorted(case.glob("body.*"))
    assert len(bodies) == 1, f"{case.name}: expected exactly one body.<ext> file"
    page = FetchedPage(
        url=meta["url"],
        body=bodies[0].read_bytes(),
        status=meta.get("status", 200),
        headers={k.lower(): v for k, v in meta.get("headers", {}).items()},
    )
    return page, meta


def load_case(case: Path) -> tuple[FetchedPage, ExtractionContext, PageKind]:
    """The saved page of `case`, the context its meta.json gives, and its page kind."""
    page, meta = saved_page(case)
    raw_context = meta.get("context", {})
    context = ExtractionContext(
        homepage=raw_context["homepage"],
        selectors=Selectors(**raw_context.get("selectors", {})),
        currency_hint=raw_context.get("currency_hint"),
        product_links=tuple(raw_context.get("product_links", ())),
        product_url_template=raw_context.get("product_url_template"),
    )
    return page, context, PageKind(meta["kind"])


def link_problems(result: Extraction, expected: dict[str, Any]) -> list[str]:
    """Every difference between the links returned and expected.json's links_include,
    links_exclude and link_count, one line each.
    """
    found = []
    by_url = {link.url: link for link in result.links}
    if len(by_url) != len(result.links):
        found.append("links: duplicate URLs returned")
    for want in expected.get("links_include", []):
        want = {"url": want} if isinstance(want, str) else want
        link = by_url.get(want["url"])
        if link is None:
            found.append(f"links: missing {want['url']} (got {sorted(by_url)})")
            continue
        for key in ("kind", "priority"):
            got = getattr(link, key)
            got = got.value if isinstance(got, Enum) else got
            if key in want and got != want[key]:
                found.append(f"links[{want['url']}].{key}: got {got!r}, expected {want[key]!r}")
    found += [
        f"links: unexpected {url}" for url in expected.get("links_exclude", []) if url in by_url
    ]
    if "link_count" in expected and len(result.links) != expected["link_count"]:
        found.append(f"links: {len(result.links)} returned, expected {expected['link_count']}")
    return found
