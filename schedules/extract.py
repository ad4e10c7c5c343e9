"""`rivalwatch extract`: run an extractor on saved pages, to debug selectors without crawling."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from crawlers.config import CompetitorConfig
from crawlers.extractors.base import ExtractionContext
from crawlers.extractors.registry import extractor_for
from crawlers.items.codec import to_payload
from crawlers.page import FetchedPage
from crawlers.targets import SiteTarget


def extract_files(
    paths: Sequence[Path],
    *,
    url: str | None,
    kind: str,
    competitor: CompetitorConfig | None = None,
    links: bool = False,
) -> Iterator[str]:
    """One JSON line per item (and per link with `links`) found in each file."""
    extractor = extractor_for(kind)
    for path in paths:
        page = _page(path, url)
        context = _context(page.url, competitor)
        extraction = extractor.extract(page, context)
        for item in extraction.items:
            yield _line(path, type(item).__name__.lower(), to_payload(item))
        if links:
            for link in extraction.links:
                yield _line(
                    path, "link", {"url": link.url, "kind": link.kind, "priority": link.priority}
                )


def _page(path: Path, url: str | None) -> FetchedPage:
    body = path.read_bytes()
    if path.suffix == ".gz":
        body = gzip.decompress(body)
    content_type = "application/json" if path.name.endswith((".json", ".json.gz")) else "text/html"
    return FetchedPage(
        url=url or path.resolve().as_uri(), body=body, headers={"content-type": content_type}
    )


def _context(url: str, competitor: CompetitorConfig | None) -> ExtractionContext:
    if competitor is None:
        return ExtractionContext(homepage=url)
    return SiteTarget.from_config(competitor, competitor_id=0).context()


def _line(path: Path, type_: str, payload: dict[str, object]) -> str:
    return json.dumps({"file": str(path), "type": type_, **payload}, ensure_ascii=False)
