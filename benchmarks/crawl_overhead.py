"""`rivalwatch crawl` against a bare Scrapy spider fetching the same product pages.

Both crawl the same generated shop on loopback in this run, with the same concurrency,
alternating, each rivalwatch crawl into a fresh database; the figure that matters is the
median ratio of their wall times (goal: at most 1.3). Wall times include start-up.

`workers` measures the extraction workers instead: `rivalwatch crawl` of a shop with
real-world-size product pages, parsing in the crawler's process (`extraction_workers: 0`,
the baseline) against the default (one worker per spare core).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

from benchmarks.measure import Measurement, measure
from crawlers.config import load_config
from schedules.demo.web import DemoWeb, serve_generated_web


def run(n_products: int = 2000, repeats: int = 3) -> dict[str, object]:
    """Measure both crawls `repeats` times, alternating; return medians and the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    pairs: list[tuple[Measurement, Measurement]] = []
    try:
        with serve_generated_web(n_products=n_products) as web:
            bare_command = _bare_command(web, workdir)
            for attempt in range(repeats):
                config_file = _config(web, workdir, str(attempt))
                pairs.append((measure(bare_command), measure(_crawl_command(config_file))))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _result(n_products, pairs)


def workers(n_products: int = 500, page_kib: int = 250, repeats: int = 3) -> dict[str, object]:
    """Crawl heavy pages with and without extraction workers, alternating; medians and ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    pairs: list[tuple[Measurement, Measurement]] = []
    try:
        with serve_generated_web(n_products=n_products, page_kib=page_kib) as web:
            for attempt in range(repeats):
                inline, pooled = (
                    _config(web, workdir, f"{attempt}-{mode}", extraction_workers=count)
                    for mode, count in (("inline", 0), ("pooled", None))
                )
                pairs.append((measure(_crawl_command(inline)), measure(_crawl_command(pooled))))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    inline_s, pooled_s = ([m[i].seconds for m in pairs] for i in (0, 1))
    return {
        "products": n_products,
        "page_kib": page_kib,
        "repeats": repeats,
        "in_crawler_s": round(statistics.median(inline_s), 2),
        "with_workers_s": round(statistics.median(pooled_s), 2),
        "speed_up": round(statistics.median(_ratios(inline_s, pooled_s)), 2),
    }


def _ratios(numerators: list[float], denominators: list[float]) -> list[float]:
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


def _crawl_command(config_file: Path) -> list[str]:
    return [sys.executable, "-m", "schedules", "-q", "crawl", "--config", str(config_file)]


def _bare_command(web: DemoWeb, workdir: Path) -> list[str]:
    site = next(iter(web.sites.values()))
    urls = workdir / "urls.txt"
    urls.write_text("\n".join(p["url"] for p in web.expected_products(site.name)), encoding="utf-8")
    crawl = load_config(_config(web, workdir, "0")).crawl
    return [
        *(sys.executable, "-m", "benchmarks.bare_spider", str(urls)),
        *(str(crawl.concurrency), str(crawl.per_site_concurrency)),
    ]


def _config(web: DemoWeb, workdir: Path, attempt: str, **crawl: object) -> Path:
    """A config for the web's shops storing into a fresh database; `crawl` overrides."""
    config_file = workdir / f"rivalwatch-{attempt}.yaml"
    data = yaml.safe_load(
        web.config_yaml(
            database_url=f"sqlite:///{workdir / f'rw-{attempt}.db'}",
            exports_dir=str(workdir / f"exports-{attempt}"),
        )
    )
    data["crawl"].update(crawl)
    data["screenshots"] = {"enabled": False}  # crawling is measured here, not the browser
    config_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config_file


def _result(n_products: int, pairs: list[tuple[Measurement, Measurement]]) -> dict[str, object]:
    bare = [b.seconds for b, _ in pairs]
    rivalwatch = [r.seconds for _, r in pairs]
    return {
        "products": n_products,
        "repeats": len(pairs),
        "bare_scrapy_s": round(statistics.median(bare), 2),
        "rivalwatch_s": round(statistics.median(rivalwatch), 2),
        "ratio": round(statistics.median(_ratios(rivalwatch, bare)), 2),
        "cpu_ratio": round(
            statistics.median(
                _ratios([r.cpu_seconds for _, r in pairs], [b.cpu_seconds for b, _ in pairs])
            ),
            2,
        ),
        "bare_peak_rss_mib": round(max(b.peak_rss_mib for b, _ in pairs)),
        "rivalwatch_peak_rss_mib": round(max(r.peak_rss_mib for _, r in pairs)),
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["workers"]:
        print(workers(*(int(a) for a in sys.argv[2:])))
    else:
        print(run(*(int(a) for a in sys.argv[1:])))
