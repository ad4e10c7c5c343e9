"""`rivalwatch crawl` against a bare Scrapy spider fetching the same product pages.

Both crawl the same generated shop on loopback in this run, with the same concurrency;
the figure that matters is the ratio of their wall times (goal: at most 1.3).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import Measurement, measure
from crawlers.config import load_config
from schedules.demo.web import serve_generated_web


def run(n_products: int = 2000) -> dict[str, object]:
    """Measure both crawls; return their figures and the ratio."""
    workdir = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    try:
        with serve_generated_web(n_products=n_products) as web:
            site = next(iter(web.sites.values()))
            urls = workdir / "urls.txt"
            urls.write_text(
                "\n".join(p["url"] for p in web.expected_products(site.name)), encoding="utf-8"
            )
            config_file = workdir / "rivalwatch.yaml"
            config_file.write_text(
                web.config_yaml(
                    database_url=f"sqlite:///{workdir / 'rw.db'}",
                    exports_dir=str(workdir / "exports"),
                ),
                encoding="utf-8",
            )
            crawl = load_config(config_file).crawl
            bare = measure(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.bare_spider",
                    str(urls),
                    str(crawl.concurrency),
                    str(crawl.per_site_concurrency),
                ]
            )
            rivalwatch = measure(
                [sys.executable, "-m", "schedules", "-q", "crawl", "--config", str(config_file)]
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _result(n_products, bare, rivalwatch)


def _result(n_products: int, bare: Measurement, rivalwatch: Measurement) -> dict[str, object]:
    return {
        "products": n_products,
        "bare_scrapy_s": round(bare.seconds, 2),
        "rivalwatch_s": round(rivalwatch.seconds, 2),
        "ratio": round(rivalwatch.seconds / bare.seconds, 2),
        "bare_peak_rss_mib": round(bare.peak_rss_mib),
        "rivalwatch_peak_rss_mib": round(rivalwatch.peak_rss_mib),
    }


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
