"""`python -m benchmarks` (or `make benchmarks`): every benchmark, one after the other."""

from __future__ import annotations

from benchmarks import crawl_overhead, daemon_load, extraction_speed, pipeline_scale

if __name__ == "__main__":
    print("## Extraction speed")
    extraction_speed.main()
    print("\n## Crawl overhead")
    print(crawl_overhead.run())
    print("\n## Extraction workers")
    print(crawl_overhead.workers())
    print("\n## Pipeline at scale")
    pipeline_scale.main([])
    print("\n## Daemon under load")
    daemon_load.main([])
