"""Extraction CPU time per page kind, as a ratio to parsing the same bytes with bare lxml.

`rivalwatch crawl` extracts on Scrapy's reactor thread, so extraction time slows the whole
crawl. The corpus: the extractor case pages (two of them 250-300 KB real-world-sized pages),
and pages fetched over loopback from the demo web (five shops on five platforms) and from a
generated shop. Every page runs through its extractor and through `lxml.html.fromstring`
`repeats` times, interleaved, after one untimed warm-up pass (in a crawl, the caches shared
across a site's pages are warm too); per page the median of the thread's CPU time counts, so
other processes on the machine barely move the figures. The ratio "extraction / bare parse"
is the one to compare across machines.

Run: `python -m benchmarks.extraction_speed [repeats]`.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from crawlers.config import load_config
from crawlers.extractors.base import ExtractionContext, PageKind, Selectors
from crawlers.extractors.registry import extractor_for
from crawlers.extractors.urls import (
    canonicalise,
    is_excluded,
    looks_like_category,
    looks_like_product,
)
from crawlers.page import FetchedPage
from schedules.demo.web import DemoWeb, serve_demo_web, serve_generated_web
from tests.crawlers.extractors.case_files import case_dirs, load_case

LISTINGS_PER_SITE = 4
PRODUCTS_PER_SITE = 12
GENERATED_PRODUCTS = 200


@dataclass(frozen=True, slots=True)
class Sample:
    """One page of the corpus and how the crawl would extract it."""

    source: str
    """Where the page comes from: 'cases', 'demo' or 'generated'."""
    kind: PageKind
    """The extractor that runs on it."""
    page: FetchedPage
    """The page as fetched."""
    context: ExtractionContext
    """Site knowledge passed to the extractor."""


@dataclass(frozen=True, slots=True)
class Timing:
    """Median seconds per run of one sample."""

    sample: Sample
    """The page measured."""
    extract_s: float
    """Median time of the extractor on it."""
    parse_s: float
    """Median time of `lxml.html.fromstring` on its body."""


def corpus() -> list[Sample]:
    """The case pages, then the demo web's and a generated shop's pages, fetched now."""
    samples = list(_case_samples())
    with serve_demo_web() as web:
        samples.extend(_web_samples(web, "demo", PRODUCTS_PER_SITE))
    with serve_generated_web(GENERATED_PRODUCTS) as web:
        samples.extend(_web_samples(web, "generated", PRODUCTS_PER_SITE * 4))
    return samples


def _case_samples() -> Iterator[Sample]:
    for case in case_dirs():
        page, context, kind = load_case(case)
        yield Sample("cases", kind, page, context)


def _web_samples(web: DemoWeb, source: str, n_products: int) -> Iterator[Sample]:
    """Per shop: the homepage, a few category pages it links to, the first products."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rivalwatch.yaml"
        path.write_text(web.config_yaml(database_url="sqlite://", exports_dir=tmp), "utf-8")
        competitors = load_config(path).competitors
    for competitor in competitors:
        homepage = str(competitor.homepage)
        context = ExtractionContext(
            homepage=homepage,
            selectors=Selectors(**competitor.catalog.selectors.model_dump()),
            currency_hint=competitor.currency,
        )
        home = _fetch(homepage)
        if home is None:
            continue
        yield Sample(source, PageKind.HOMEPAGE, home, context)
        starts = [str(url) for url in competitor.catalog.start_urls]
        for url in [*starts, *_category_links(home)][:LISTINGS_PER_SITE]:
            if (page := _fetch(url)) is not None:
                yield Sample(source, PageKind.LISTING, page, context)
        for product in web.expected_products(competitor.name)[:n_products]:
            if (page := _fetch(product["url"])) is not None:
                yield Sample(source, PageKind.PRODUCT, page, context)


def _category_links(home: FetchedPage) -> list[str]:
    """Category-shaped same-host links of a homepage, by URL shape only (not by extraction)."""
    root = lxml.html.fromstring(home.body, base_url=home.url)
    root.make_links_absolute(handle_failures="discard")
    host = home.url.split("/")[2]
    urls = (canonicalise(anchor.get("href") or "") for anchor in root.iter("a"))
    found = [url for url in urls if url and url.split("/")[2] == host and _category_shaped(url)]
    return list(dict.fromkeys(found))


def _category_shaped(url: str) -> bool:
    return looks_like_category(url) and not looks_like_product(url) and not is_excluded(url)


def _fetch(url: str) -> FetchedPage | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return FetchedPage(url=response.url, body=response.read(), headers=headers)
    except urllib.error.URLError:
        return None


def measure(samples: list[Sample], repeats: int) -> list[Timing]:
    """Median extraction and bare-parse time of every sample; one untimed warm-up pass."""
    extractors = {kind: extractor_for(kind) for kind in PageKind}
    runs: list[tuple[list[float], list[float]]] = [([], []) for _ in samples]
    for round_ in range(repeats + 1):
        for sample, (extract_s, parse_s) in zip(samples, runs, strict=True):
            started = time.thread_time()
            extractors[sample.kind].extract(sample.page, sample.context)
            extracted = time.thread_time()
            _bare_parse(sample.page.body)
            parsed = time.thread_time()
            if round_:
                extract_s.append(extracted - started)
                parse_s.append(parsed - extracted)
    return [
        Timing(sample, statistics.median(e), statistics.median(p))
        for sample, (e, p) in zip(samples, runs, strict=True)
    ]


def _bare_parse(body: bytes) -> None:
    # An empty or undecodable body has nothing to parse; its (tiny) cost still counts.
    with contextlib.suppress(etree.ParserError, ValueError):
        lxml.html.fromstring(body)


def report(timings: list[Timing]) -> list[dict[str, object]]:
    """One row per (source, kind) and per kind over all sources: pages, ms/page, ratio."""
    groups: dict[tuple[str, str], list[Timing]] = {}
    for timing in timings:
        kind = timing.sample.kind.value
        groups.setdefault((timing.sample.source, kind), []).append(timing)
        groups.setdefault(("all", kind), []).append(timing)
    groups[("all", "all")] = timings
    return [_row(source, kind, group) for (source, kind), group in groups.items()]


def _row(source: str, kind: str, group: list[Timing]) -> dict[str, object]:
    extract = sum(t.extract_s for t in group)
    parse = sum(t.parse_s for t in group)
    return {
        "source": source,
        "kind": kind,
        "pages": len(group),
        "kb_per_page": round(sum(len(t.sample.page.body) for t in group) / len(group) / 1024, 1),
        "extract_ms": round(1000 * extract / len(group), 2),
        "parse_ms": round(1000 * parse / len(group), 3),
        "ratio": round(extract / parse, 1) if parse else None,
    }


COLUMNS = ("source", "kind", "pages", "kb_per_page", "extract_ms", "parse_ms", "ratio")
_WIDTHS = (10, 21, 6, 12, 11, 9, 6)


def main(repeats: int = 5) -> None:
    """Build the corpus, measure it and print the table."""
    rows = report(measure(corpus(), repeats))
    print(" ".join(f"{c:>{w}}" for c, w in zip(COLUMNS, _WIDTHS, strict=True)))
    for row in sorted(rows, key=lambda r: (r["source"] == "all", r["source"], r["kind"])):
        print(" ".join(f"{row[c]!s:>{w}}" for c, w in zip(COLUMNS, _WIDTHS, strict=True)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
