"""`rivalwatch crawl` against a bare Scrapy spider fetching the same product pages.

Both crawl the same generated shop on loopback in this run, with the same concurrency,
alternating, each rivalwatch crawl into a fresh database; the figure that matters is the
median ratio of their wall times (goal: at most 1.3). Wall times include start-up.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

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
                config_file = _config(web, workdir, attempt)
                rivalwatch_command = [sys.executable, "-m", "schedules", "-q", "crawl", "--config"]
                pairs.append(
                    (measure(bare_command), measure([*rivalwatch_command, str(config_file)]))
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _result(n_products, pairs)


def _bare_command(web: DemoWeb, workdir: Path) -> list[str]:
    site = next(iter(web.sites.values()))
    urls = workdir / "urls.txt"
    urls.write_text("\n".join(p["url"] for p in web.expected_products(site.name)), encoding="utf-8")
    crawl = load_config(_config(web, workdir, 0)).crawl
    return [
        *(sys.executable, "-m", "benchmarks.bare_spider", str(urls)),
        *(str(crawl.concurrency), str(crawl.per_site_concurrency)),
    ]


def _config(web: DemoWeb, workdir: Path, attempt: int) -> Path:
    config_file = workdir / f"rivalwatch-{attempt}.yaml"
    config_file.write_text(
        web.config_yaml(
            database_url=f"sqlite:///{workdir / f'rw-{attempt}.db'}",
            exports_dir=str(workdir / f"exports-{attempt}"),
        ),
        encoding="utf-8",
    )
    return config_file


def _result(n_products: int, pairs: list[tuple[Measurement, Measurement]]) -> dict[str, object]:
    bare = [b.seconds for b, _ in pairs]
    rivalwatch = [r.seconds for _, r in pairs]
    return {
        "products": n_products,
        "repeats": len(pairs),
        "bare_scrapy_s": round(statistics.median(bare), 2),
        "rivalwatch_s": round(statistics.median(rivalwatch), 2),
        "ratio": round(statistics.median(r / b for b, r in zip(bare, rivalwatch, strict=True)), 2),
        "bare_peak_rss_mib": round(max(b.peak_rss_mib for b, _ in pairs)),
        "rivalwatch_peak_rss_mib": round(max(r.peak_rss_mib for _, r in pairs)),
    }


if __name__ == "__main__":
    products = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(run(products, int(sys.argv[2]) if len(sys.argv) > 2 else 3))
