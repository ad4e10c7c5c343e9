"""Wall time, CPU time and peak RSS of a command, measured from outside it."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Measurement:
    """One command's cost: seconds of wall time, CPU seconds of all its processes (steadier
    than wall time on a shared machine) and the peak RSS of its largest process."""

    seconds: float
    cpu_seconds: float
    peak_rss_mib: float


def measure(command: list[str]) -> Measurement:
    """Run `command` in a fresh process that reports its descendants' peak RSS."""
    probe = [sys.executable, "-m", "benchmarks.measure", *command]
    output = subprocess.run(probe, check=True, capture_output=True, text=True).stdout
    data = json.loads(output.strip().splitlines()[-1])
    return Measurement(
        seconds=data["seconds"], cpu_seconds=data["cpu_seconds"], peak_rss_mib=data["peak_rss_mib"]
    )


def _probe(command: list[str]) -> None:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = usage.ru_utime + usage.ru_stime
    print(
        json.dumps(
            {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mib": usage.ru_maxrss / 1024}
        )
    )


if __name__ == "__main__":
    _probe(sys.argv[1:])
