"""`render: auto` against `render: always` on a mixed web: mostly plain shops, one SPA.

The demo web (five plain shops and the SPA Vildmarksboden) plus two generated plain shops
of `n_products` each, so the plain part weighs what real catalogs do. All in this run,
each crawl into a fresh database with screenshots off (they render every homepage whatever
the mode; their cost is reported separately):
- baseline: an HTTP-only crawl (`render: never`) of the same web without the SPA;
- auto, first run (finds the shells, renders, learns the SPA's data API) and second run
  (the learned API over plain HTTP: only the SPA's homepage is rendered);
- always: every HTML page of every shop rendered;
- auto with screenshots on, for their cost.
Reported: wall time, its ratio to the baseline (goal for auto: at most 1.2 after the first
run), pages rendered, and the peak memory (PSS) of the browser's processes together.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from schedules.demo.web import DemoWeb, serve_demo_web, serve_generated_web

SPA = "Vildmarksboden"
RENDERED = re.compile(r"\((\d+) rendered\)")
BROWSER_PROCESS = re.compile(r"chrom|headless_shell|node", re.IGNORECASE)
"""Chromium's processes and Playwright's driver (a Node.js process)."""
POLL_S = 0.1


@dataclass(frozen=True, slots=True)
class Crawl:
    """One `rivalwatch crawl`: its wall time, pages rendered, browser processes' peak PSS."""

    seconds: float
    rendered: int
    browser_peak_mib: float


def run(repeats: int = 3, n_products: int = 500) -> dict[str, object]:
    """Median of `repeats` rounds of every crawl, alternating, with ratios to the baseline."""
    rounds: list[dict[str, Crawl]] = []
    workdir = Path(tempfile.mkdtemp(prefix="rw-render-bench-"))
    try:
        with serve_demo_web() as demo, serve_generated_web(n_products, n_sites=2) as big:
            webs = [demo, big]
            for attempt in range(repeats):
                rounds.append(_round(webs, workdir / str(attempt)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _summary(rounds)


def _round(webs: list[DemoWeb], workdir: Path) -> dict[str, Crawl]:
    everyone = [name for web in webs for name in web.sites]
    plain = [name for name in everyone if name != SPA]
    auto = _config(webs, workdir / "auto", everyone, render=None)
    return {
        "http_only_without_spa": _crawl(_config(webs, workdir / "http", plain, render="never")),
        "auto_first_run": _crawl(auto),
        "auto_second_run": _crawl(auto),
        "always": _crawl(_config(webs, workdir / "always", everyone, render="always")),
        "auto_with_screenshots": _crawl(
            _config(webs, workdir / "shots", everyone, render=None, screenshots=True)
        ),
    }


def _config(
    webs: list[DemoWeb],
    folder: Path,
    names: list[str],
    *,
    render: str | None,
    screenshots: bool = False,
) -> Path:
    folder.mkdir(parents=True)
    configs = [
        yaml.safe_load(
            web.config_yaml(database_url=f"sqlite:///{folder / 'rw.db'}", exports_dir="exports")
        )
        for web in webs
    ]
    data = configs[0]
    competitors = [c for config in configs for c in config["competitors"]]
    data["competitors"] = [c for c in competitors if c["name"] in names]
    for competitor in data["competitors"]:
        if render is not None:
            competitor["render"] = render
    data["screenshots"] = {"enabled": screenshots, "dir": str(folder / "screenshots")}
    path = folder / "rivalwatch.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _crawl(config: Path) -> Crawl:
    command = [sys.executable, "-m", "schedules", "crawl", "--config", str(config)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = _BrowserMemory(process.pid)
    peak.start()
    _out, err = process.communicate()
    seconds = time.perf_counter() - started
    peak.stop()
    if process.returncode != 0:
        raise RuntimeError(f"crawl failed ({process.returncode}):\n{err}")
    rendered = sum(int(n) for n in RENDERED.findall(err))
    return Crawl(seconds=seconds, rendered=rendered, browser_peak_mib=peak.mib)


class _BrowserMemory(threading.Thread):
    """Polls the process tree under `pid` and keeps the largest sum of browser PSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.mib = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(POLL_S):
            self.mib = max(self.mib, _browser_rss_kib(self.pid) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _browser_rss_kib(root: int) -> int:
    parents: dict[int, int] = {}
    facts: dict[int, tuple[str, int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue  # the process ended meanwhile
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0"))
        facts[pid] = (fields.get("Name", "").strip(), _pss_kib(status.parent))
    total = 0
    for pid, (name, rss) in facts.items():
        if BROWSER_PROCESS.search(name) and _descends(pid, root, parents):
            total += rss
    return total


def _pss_kib(proc: Path) -> int:
    """Proportional set size: shared pages split between the processes sharing them, so
    Chromium's many processes add up to what they really hold (RSS would count the shared
    libraries once per process)."""
    try:
        for line in (proc / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descends(pid: int, root: int, parents: dict[int, int]) -> bool:
    while pid not in (0, 1):
        if pid == root:
            return True
        pid = parents.get(pid, 0)
    return False


def _summary(rounds: list[dict[str, Crawl]]) -> dict[str, object]:
    def median(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[len(ordered) // 2]

    baseline = median([r["http_only_without_spa"].seconds for r in rounds])
    summary: dict[str, object] = {"repeats": len(rounds)}
    for name in rounds[0]:
        crawls = [r[name] for r in rounds]
        seconds = median([c.seconds for c in crawls])
        summary[name] = {
            "seconds": round(seconds, 2),
            "ratio_to_http_only": round(seconds / baseline, 2),
            "rendered": median([float(c.rendered) for c in crawls]),
            "browser_peak_mib": round(max(c.browser_peak_mib for c in crawls)),
        }
    return summary


if __name__ == "__main__":
    print(yaml.safe_dump(run(*(int(a) for a in sys.argv[1:])), sort_keys=False))
