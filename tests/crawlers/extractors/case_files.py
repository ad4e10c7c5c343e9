"""Reading the extractor case folders (cases/): one loader for the tests and the benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

from crawlers.extractors.base import ExtractionContext, PageKind, Selectors
from crawlers.page import FetchedPage

CASES = Path(__file__).parent / "cases"


def case_dirs() -> list[Path]:
    """Every case folder, in name order."""
    return sorted(p for p in CASES.iterdir() if (p / "meta.json").is_file())


def load_case(case: Path) -> tuple[FetchedPage, ExtractionContext, PageKind]:
    """The saved page of `case`, the context its meta.json gives, and its page kind."""
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    bodies = sorted(case.glob("body.*"))
    assert len(bodies) == 1, f"{case.name}: expected exactly one body.<ext> file"
    page = FetchedPage(
        url=meta["url"],
        body=bodies[0].read_bytes(),
        status=meta.get("status", 200),
        headers={k.lower(): v for k, v in meta.get("headers", {}).items()},
    )
    raw_context = meta.get("context", {})
    context = ExtractionContext(
        homepage=raw_context["homepage"],
        selectors=Selectors(**raw_context.get("selectors", {})),
        currency_hint=raw_context.get("currency_hint"),
        product_links=tuple(raw_context.get("product_links", ())),
        product_url_template=raw_context.get("product_url_template"),
    )
    return page, context, PageKind(meta["kind"])
