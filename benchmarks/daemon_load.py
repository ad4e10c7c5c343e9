"""`rivalwatch daemon` under load: many competitors due every minute, for many minutes.

This process serves `--sites` generated shops on loopback; the daemon is a real
`rivalwatch daemon` subprocess crawling each of them `every` (default 1m) with up to
`jitter` (default 30s) of random delay per run, screenshots off, into a fresh SQLite file.
After `--minutes` of scheduling it gets SIGTERM. Measured: lag from falling due to the
run's start (the daemon's log), overlapping crawls of one competitor (the database),
runs lost (due - coalesced - crawled - dropped), the daemon's RSS every `--sample-s`
(/proc) and the CPU time of its process tree. Baseline in the same run, before the daemon
starts: one `rivalwatch crawl` of all shops (same config, its own database); the ratio of
the daemon's run seconds per competitor crawled to the crawl's shows what batching costs.

Run: `python -m benchmarks.daemon_load [--minutes 15] [--sites 200] [--products 5]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from benchmarks.measure import Measurement, measure
from crawlers.config import load_config
from schedules.demo.web import DemoWeb, serve_generated_web
from storage.records import RunRecord, SiteCrawlRecord
from storage.repository import Repository

LOG_TIME = r"(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ [\w.]+: "
RUN_START = re.compile(LOG_TIME + r"crawling .*\(lag_s (?P<lags>[\d. ]+)\)$", re.MULTILINE)
STARTED = re.compile(LOG_TIME + r"daemon started", re.MULTILINE)
STOPPED = re.compile(
    r"daemon stopped: (?P<due>\d+) due, (?P<coalesced>\d+) coalesced with a queued one, "
    r"(?P<crawled>\d+) crawled in (?P<runs>\d+) runs "
    r"\((?P<retried>\d+) of them retried after a failed run\), (?P<dropped>\d+) dropped at the stop"
)
RUN_FAILED = re.compile(r"ERROR [\w.]+: a run of .* failed", re.MULTILINE)
PROBLEM = re.compile(r"^\S+ \S+ (?:\[[^]]+\] )?(?:WARNING|ERROR|CRITICAL)\b", re.MULTILINE)
"""A warning or error line of the daemon or of a crawl child (Scrapy's format)."""
STOP_TIMEOUT_S = 180.0
"""SIGTERM to exit: the grace period (30 s), the crawl's kill delay (15 s) and margin."""


@dataclass(frozen=True, slots=True)
class Sample:
    """The daemon's memory at one moment."""

    t: float
    """Seconds since the daemon logged that it started scheduling."""
    rss_mib: float
    """VmRSS of the daemon process itself."""
    tree_rss_mib: float
    """VmRSS summed over the daemon and all its descendants (crawls, workers)."""
    hwm_mib: float
    """VmHWM of the daemon process: its true peak RSS so far."""


@dataclass(frozen=True, slots=True)
class DaemonRun:
    """What watching one daemon from start to exit gave."""

    samples: list[Sample]
    log: str
    minutes: int
    """Whole or partial minutes of scheduling before SIGTERM."""
    cpu_s: float
    """CPU seconds (user + system) of the daemon and the descendants it waited for."""
    stop_s: float
    """Seconds from SIGTERM to exit."""
    exit_code: int


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print its JSON result and return it."""
    args = _parser().parse_args(argv)
    result = run(args.sites, args.products, args.minutes, args.every, args.jitter, args.sample_s)
    if args.save_log:
        args.save_log.write_text(result.pop("log"), encoding="utf-8")
    else:
        del result["log"]
    print(json.dumps(result, indent=2), flush=True)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.daemon_load")
    parser.add_argument("--minutes", type=float, default=15, help="scheduling time")
    parser.add_argument("--sites", type=int, default=200, help="competitors (at most 250)")
    parser.add_argument("--products", type=int, default=5, help="products per shop")
    parser.add_argument("--every", default="1m", help="each competitor's interval")
    parser.add_argument("--jitter", default="30s", help="random delay of each run, at most")
    parser.add_argument("--sample-s", type=float, default=10, help="RSS sampling period")
    parser.add_argument("--save-log", type=Path, help="write the daemon's log to this file")
    return parser


def run(
    sites: int, products: int, minutes: float, every: str, jitter: str, sample_s: float
) -> dict[str, Any]:
    """Baseline crawl, then the daemon for `minutes`; the figures of both, and the
    daemon's log (`log`)."""
    workdir = Path(tempfile.mkdtemp(prefix="rw-daemon-load-"))
    schedule = {"every": every, "jitter": jitter}
    try:
        with serve_generated_web(n_products=products, n_sites=sites) as web:
            load_start = os.getloadavg()
            baseline_config, _ = _config(web, workdir, "baseline", schedule)
            baseline = measure([*_rivalwatch("crawl"), "--config", str(baseline_config)])
            config, database_url = _config(web, workdir, "daemon", schedule)
            daemon = _run_daemon(config, minutes * 60, sample_s)
            load_end = os.getloadavg()
        runs, crawls = _stored(database_url)
        settings = load_config(config)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "sites": sites,
        "products_per_site": products,
        "minutes": minutes,
        "every_s": settings.schedule.every.total_seconds() if settings.schedule.every else None,
        "jitter_s": settings.schedule.jitter.total_seconds() if settings.schedule.jitter else 0,
        "daemon_config": settings.daemon.model_dump(mode="json"),
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in load_end],
        **_accounting(daemon, runs, crawls, sites),
        **_timing(daemon, runs, crawls, baseline, sites),
        **_memory(daemon),
        "log": daemon.log,
    }


def _config(web: DemoWeb, workdir: Path, name: str, schedule: dict[str, str]) -> tuple[Path, str]:
    """A config for all of the web's shops on `schedule`, storing into its own database."""
    database_url = f"sqlite:///{workdir / f'{name}.db'}"
    data = yaml.safe_load(
        web.config_yaml(database_url=database_url, exports_dir=str(workdir / f"exports-{name}"))
    )
    data["schedule"] = schedule
    data["screenshots"] = {"enabled": False}  # scheduling is measured here, not the browser
    path = workdir / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, database_url


def _rivalwatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "schedules", *args]


# --- the daemon process ---------------------------------------------------------------------


def _run_daemon(config: Path, seconds: float, sample_s: float) -> DaemonRun:
    """Start the daemon, sample it for `seconds` after it started scheduling, SIGTERM it."""
    log = config.with_suffix(".log")
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}  # timestamped lines
    cpu_before = _children_cpu_s()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*_rivalwatch("daemon"), "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env=env,
            start_new_session=True,
        )
    try:
        started = _wait_started(process, log)
        samples = _sample(process, log, started, seconds, sample_s)
        stop_from = time.monotonic()
        process.send_signal(signal.SIGTERM)
        exit_code = process.wait(STOP_TIMEOUT_S)
        stop_s = time.monotonic() - stop_from
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    minutes = math.ceil(seconds / 60)
    return DaemonRun(samples, text, minutes, _children_cpu_s() - cpu_before, stop_s, exit_code)


def _wait_started(process: subprocess.Popen[bytes], log: Path, timeout_s: float = 120) -> float:
    """When (time.monotonic()) the daemon logged that it started scheduling."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        _check_alive(process, log)
        if STARTED.search(log.read_text(encoding="utf-8", errors="replace")):
            return time.monotonic()
        time.sleep(0.1)
    raise RuntimeError(f"the daemon did not start within {timeout_s:g} s:\n{_tail(log)}")


def _sample(
    process: subprocess.Popen[bytes], log: Path, started: float, seconds: float, every_s: float
) -> list[Sample]:
    """Memory samples at `started + k * every_s` for as long as `seconds` lasts."""
    samples = []
    for k in itertools.count():
        at = started + k * every_s
        if at >= started + seconds:
            break
        time.sleep(max(0.0, at - time.monotonic()))
        _check_alive(process, log)
        samples.append(_memory_sample(process.pid, time.monotonic() - started))
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    return samples


def _check_alive(process: subprocess.Popen[bytes], log: Path) -> None:
    if process.poll() is not None:
        raise RuntimeError(f"the daemon exited early ({process.returncode}):\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-5000:]


def _memory_sample(pid: int, t: float) -> Sample:
    status = _status_kib(pid)
    tree = sum(_status_kib(p).get("VmRSS", 0) for p in _descendants(pid))
    return Sample(
        t=round(t, 1),
        rss_mib=status.get("VmRSS", 0) / 1024,
        tree_rss_mib=(status.get("VmRSS", 0) + tree) / 1024,
        hwm_mib=status.get("VmHWM", 0) / 1024,
    )


def _status_kib(pid: int) -> dict[str, int]:
    """The kB fields of /proc/PID/status (VmRSS, VmHWM, ...); empty once it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines()
    except (FileNotFoundError, ProcessLookupError):
        return {}
    fields = (line.split(":", 1) for line in lines if line.endswith(" kB"))
    return {name: int(value.split()[0]) for name, value in fields}


def _descendants(pid: int) -> list[int]:
    """Every live process below `pid`, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        children[ppid].append(int(stat.parent.name))
    found, todo = [], list(children[pid])
    while todo:
        found.append(todo.pop())
        todo.extend(children[found[-1]])
    return found


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stored(database_url: str) -> tuple[list[RunRecord], list[SiteCrawlRecord]]:
    """The daemon's runs and their site crawls, read after it stopped."""
    repository = Repository.from_url(database_url, migrate=False)
    try:
        runs = [r for r in repository.runs(1_000_000) if r.trigger == "daemon"]
        return runs, repository.site_crawls_of_runs(r.id for r in runs)
    finally:
        repository.close()


# --- figures --------------------------------------------------------------------------------


def _accounting(
    daemon: DaemonRun, runs: list[RunRecord], crawls: list[SiteCrawlRecord], sites: int
) -> dict[str, Any]:
    """Due, coalesced, crawled, dropped, lost; run outcomes; overlaps; crawls per competitor."""
    stopped = STOPPED.search(daemon.log)
    counts = {k: int(v) for k, v in stopped.groupdict().items()} if stopped else {}
    per_competitor = Counter(c.competitor_id for c in crawls)
    crawl_counts = [per_competitor.get(i, 0) for i in _competitor_ids(crawls, sites)]
    return {
        **counts,
        "runs_lost": (
            counts["due"] - counts["coalesced"] - counts["crawled"] - counts["dropped"]
            if counts
            else "no 'daemon stopped' line in the log"
        ),
        "run_status": dict(Counter(str(r.status) for r in runs)),
        "site_crawls_stored": len(crawls),
        "crawled_not_stored": counts["crawled"] - len(crawls) if counts else None,
        "runs_failed_unrecorded": len(RUN_FAILED.findall(daemon.log)),
        "due_per_competitor_mean": round(counts["due"] / sites, 2) if counts else None,
        "crawls_per_competitor": _spread(crawl_counts, 0),
        "overlaps": len(_overlaps(crawls)),
        "log_warnings_and_errors": len(PROBLEM.findall(daemon.log)),
        "daemon_exit_code": daemon.exit_code,
        "stop_s": round(daemon.stop_s, 1),
    }


def _competitor_ids(crawls: Sequence[SiteCrawlRecord], sites: int) -> list[int]:
    """The ids crawled, padded with placeholders for competitors never crawled at all."""
    seen = sorted({c.competitor_id for c in crawls})
    return seen + [-i for i in range(1, sites - len(seen) + 1)]


def _overlaps(crawls: Iterable[SiteCrawlRecord]) -> list[tuple[int, int]]:
    """Pairs of runs whose crawls of one competitor overlapped in time."""
    by_competitor: dict[int, list[SiteCrawlRecord]] = defaultdict(list)
    for crawl in crawls:
        by_competitor[crawl.competitor_id].append(crawl)
    pairs = []
    for own in by_competitor.values():
        spans = sorted((c.started_at, c.finished_at, c.run_id) for c in own)
        pairs += [(a[2], b[2]) for a, b in itertools.pairwise(spans) if a[1] is None or b[0] < a[1]]
    return pairs


def _timing(
    daemon: DaemonRun,
    runs: list[RunRecord],
    crawls: list[SiteCrawlRecord],
    baseline: Measurement,
    sites: int,
) -> dict[str, Any]:
    """Lags, gaps between crawls of one competitor, run time and CPU per competitor."""
    lags = _lags(daemon.log)
    finished = {r.id: r for r in runs if r.finished_at is not None}
    run_s = sum(_seconds(r.started_at, r.finished_at) for r in finished.values())
    crawled = sum(1 for c in crawls if c.run_id in finished)
    per_competitor_s = run_s / crawled if crawled else None
    baseline_s = baseline.seconds / sites
    cpu_per_competitor = daemon.cpu_s / crawled if crawled else None
    return {
        "lag_s": _spread([lag for _, lag in lags], 2),
        "lag_p95_s_by_minute": _by_minute(lags, lambda v: _percentile(v, 95), daemon.minutes),
        "gap_between_crawls_s": _spread(_gaps(crawls), 1),
        "mean_batch": round(crawled / len(finished), 1) if finished else None,
        "baseline_crawl_s": round(baseline.seconds, 2),
        "baseline_s_per_competitor": round(baseline_s, 3),
        "daemon_run_s_per_competitor": _round(per_competitor_s, 3),
        "run_time_ratio": _round(per_competitor_s and per_competitor_s / baseline_s, 2),
        "baseline_cpu_s_per_competitor": round(baseline.cpu_seconds / sites, 3),
        "daemon_cpu_s": round(daemon.cpu_s, 1),
        "daemon_cpu_s_per_competitor": _round(cpu_per_competitor, 3),
        "cpu_ratio": _round(
            cpu_per_competitor and cpu_per_competitor / (baseline.cpu_seconds / sites), 2
        ),
    }


def _seconds(start: datetime, end: datetime | None) -> float:
    return 0.0 if end is None else (end - start).total_seconds()


def _lags(log: str) -> list[tuple[float, float]]:
    """(seconds since the daemon started, lag) for every competitor of every run start."""
    started = STARTED.search(log)
    if started is None:
        return []
    zero = _log_time(started["at"])
    return [
        ((_log_time(m["at"]) - zero).total_seconds(), float(lag))
        for m in RUN_START.finditer(log)
        for lag in m["lags"].split()
    ]


def _log_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S,%f")


def _gaps(crawls: Iterable[SiteCrawlRecord]) -> list[float]:
    """Seconds between consecutive crawl starts of each competitor."""
    starts: dict[int, list[datetime]] = defaultdict(list)
    for crawl in crawls:
        starts[crawl.competitor_id].append(crawl.started_at)
    return [
        (b - a).total_seconds()
        for own in starts.values()
        for a, b in itertools.pairwise(sorted(own))
    ]


def _memory(daemon: DaemonRun) -> dict[str, Any]:
    """RSS first minute against last minute, per minute, and peaks."""
    samples = daemon.samples
    by_minute = _by_minute([(s.t, s.rss_mib) for s in samples], statistics.fmean, daemon.minutes)
    known = [rss for rss in by_minute if rss is not None]
    return {
        "rss_samples": len(samples),
        "rss_mib_by_minute": by_minute,
        "rss_first_minute_mib": known[0] if known else None,
        "rss_last_minute_mib": known[-1] if known else None,
        "rss_last_first_ratio": round(known[-1] / known[0], 3) if known else None,
        "daemon_peak_rss_mib": round(max((s.hwm_mib for s in samples), default=0), 1),
        "tree_peak_rss_mib_sampled": round(max((s.tree_rss_mib for s in samples), default=0), 1),
    }


def _by_minute(
    points: Sequence[tuple[float, float]], reduce: Any, minutes: int
) -> list[float | None]:
    """`reduce` of the values in each of the first `minutes` minutes since the start (None:
    no value that minute); later values (the stop) are left out."""
    values: dict[int, list[float]] = defaultdict(list)
    for t, value in points:
        values[int(t // 60)].append(value)
    return [_round(reduce(values[m]), 2) if values[m] else None for m in range(minutes)]


def _spread(values: Sequence[float], digits: int) -> dict[str, float | None]:
    """Count, min, p50, p95 and max of `values`."""
    return {
        "n": len(values),
        "min": _round(min(values, default=None), digits),
        "p50": _round(_percentile(values, 50), digits),
        "p95": _round(_percentile(values, 95), digits),
        "max": _round(max(values, default=None), digits),
    }


def _percentile(values: Sequence[float], q: int) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


if __name__ == "__main__":
    main()
