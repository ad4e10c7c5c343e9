"""What the pipeline after a crawl costs at 5,000 and 50,000 products: seconds and peak RSS.

For each size a child process stores ten runs of history (ten shops sharing the products,
see `benchmarks.pipeline_history`) and diffs the first nine; a second, fresh child then
does what `run_once` does after the crawl of the tenth run, `apply_run` and `publish`
(dossiers, pivot, JSON, CSV, XLSX), so its peak RSS is the pipeline's alone. The
smallest size is the baseline: the growth ratio largest/smallest is ~10 when the
pipeline scales linearly from 5,000 to 50,000. Goal at 50,000: under 60 s and 1 GiB.

Run: `python -m benchmarks.pipeline_scale [--sizes 5000,50000] [--runs 10]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMATS = ("json", "csv", "xlsx")
COLUMNS = (
    ("products", "products"),
    ("store_s", "store last run (s)"),
    ("diff_s", "diff last run (s)"),
    ("publish_s", "publish (s)"),
    ("pipeline_s", "diff + publish (s)"),
    ("pipeline_cpu_s", "diff + publish CPU (s)"),
    ("peak_rss_mib", "peak RSS (MiB)"),
)


def main(argv: list[str] | None = None) -> None:
    """Measure every size, print one JSON line each, then a markdown table."""
    args = _parser().parse_args(argv)
    if args.child == "build":
        _print({"store_s": _build(args.db, args.products, args.runs)})
    elif args.child == "pipeline":
        _print(_pipeline(args.db, args.out, args.runs))
    else:
        results = [_measure(size, args.runs) for size in args.sizes]
        print(table(results))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline_scale")
    parser.add_argument("--sizes", type=_sizes, default=[5_000, 50_000])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child", choices=("build", "pipeline"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, help=argparse.SUPPRESS)
    return parser


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _measure(products: int, runs: int) -> dict[str, Any]:
    """Build the history in one child, run the pipeline in another; return both's figures."""
    workdir = Path(tempfile.mkdtemp(prefix="rw-pipeline-"))
    try:
        db, out = f"sqlite:///{workdir / 'rw.db'}", str(workdir / "exports")
        common = ["--db", db, "--runs", str(runs)]
        built = _child(["--child", "build", "--products", str(products), *common])
        measured = _child(["--child", "pipeline", "--out", out, *common])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"products": products, **built, **measured}
    result["pipeline_s"] = round(result["diff_s"] + result["publish_s"], 2)
    print(json.dumps(result), flush=True)
    return result


def _child(arguments: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.pipeline_scale", *arguments]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _build(db: str, products: int, runs: int) -> float:
    from benchmarks.pipeline_history import build_history
    from storage.repository import Repository

    repository = Repository.from_url(db)
    try:
        return round(build_history(repository, products, runs), 2)
    finally:
        repository.close()


def _pipeline(db: str, out: str, runs: int) -> dict[str, Any]:
    """Diff the last run and publish everything, as `run_once` does after a crawl."""
    from benchmarks.pipeline_history import run_time
    from pipeline.publish import publish
    from pipeline.update import apply_run
    from storage.repository import Repository

    repository = Repository.from_url(db)
    idle_mib = _peak_rss_mib()
    run_id = repository.runs(limit=1)[0].id
    competitors = [c.id for c in repository.competitors()]
    started, cpu = time.perf_counter(), time.process_time()
    events = apply_run(repository, run_id, competitors, now=run_time(runs - 1))
    diffed = time.perf_counter()
    diff_rss_mib = _peak_rss_mib()
    files = publish(repository, Path(out), FORMATS, now=run_time(runs - 1))
    published, cpu = time.perf_counter(), time.process_time() - cpu
    repository.close()
    return {
        "diff_s": round(diffed - started, 2),
        "publish_s": round(published - diffed, 2),
        "pipeline_cpu_s": round(cpu, 2),
        "events": len(events),
        "files": len(files),
        "idle_rss_mib": idle_mib,
        "diff_rss_mib": diff_rss_mib,
        "peak_rss_mib": _peak_rss_mib(),
    }


def _peak_rss_mib() -> int:
    """This process's peak resident set so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data), flush=True)


def table(results: list[dict[str, Any]]) -> str:
    """Render results as a markdown table, with the growth ratio largest/smallest last."""
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| " + " | ".join(header for _, header in COLUMNS) + " |",
        "|" + "---:|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(_cell(r[key]) for key, _ in COLUMNS) + " |" for r in results]
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratios = [f"{last[key] / first[key]:.1f}x" if first[key] else "-" for key, _ in COLUMNS[1:]]
        label = f"growth {last['products']:,} / {first['products']:,}"
        lines.append(f"| {label} | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


if __name__ == "__main__":
    main()
