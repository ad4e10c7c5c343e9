"""From due competitors to runs: batched, bounded, never two runs of one competitor at once.

Every run costs a crawl process (an interpreter importing Scrapy: seconds of CPU), so
competitors that fall due together share one run, up to `batch_size`, and at most
`parallel` runs go at once. A competitor that falls due again while it is queued or
running is not queued twice (the misfires coalesce); it runs again after its run ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)
GATHER_S = 1.0
"""After the first due competitor, how long to wait for others to join its run."""
RETRY_S = 30.0
"""A run that failed before it could record anything is tried again this much later."""


@dataclass(frozen=True, slots=True)
class Due:
    """A competitor whose crawl is due, and since when (time.monotonic())."""

    competitor: str
    since: float

    def lag_s(self, now: float) -> float:
        """Seconds between falling due and `now`."""
        return now - self.since


@dataclass(slots=True)
class DispatchCounts:
    """What the dispatcher did, for logs and the load benchmark."""

    fired: int = 0
    coalesced: int = 0
    """Due while already queued: merged into the queued run, not lost."""
    runs: int = 0
    crawled: int = 0
    """Competitors whose run started (and was recorded, or failed and was retried)."""
    retried: int = 0
    """Competitors of runs that raised (e.g. the database was unreachable), queued again."""
    dropped: int = 0
    """Queued when the daemon stopped: not crawled (the next start makes them up)."""


class Dispatcher:
    """Queues due competitors and runs them in batches on `parallel` worker threads."""

    def __init__(
        self,
        start_run: Callable[[Sequence[Due]], None],
        *,
        parallel: int,
        batch_size: int,
        gather_s: float = GATHER_S,
        retry_s: float = RETRY_S,
    ) -> None:
        self._start_run = start_run
        self._batch_size = batch_size
        self._gather_s = gather_s
        self._retry_s = retry_s
        self._queued: dict[str, Due] = {}
        self._running: set[str] = set()
        self._closed = False
        self._changed = threading.Condition()
        self.counts = DispatchCounts()
        self._workers = [
            threading.Thread(target=self._work, name=f"rivalwatch-run-{i + 1}", daemon=True)
            for i in range(parallel)
        ]

    def start(self) -> None:
        """Start the worker threads."""
        for worker in self._workers:
            worker.start()

    def submit(self, competitor: str) -> None:
        """`competitor` is due: queue it, unless it is queued already."""
        with self._changed:
            self.counts.fired += 1
            if self._closed:
                self.counts.dropped += 1
                return
            if competitor in self._queued:
                self.counts.coalesced += 1
                return
            self._queued[competitor] = Due(competitor, time.monotonic())
            self._changed.notify()

    def close(self) -> list[str]:
        """Take no new runs; return the competitors that were queued and will not run."""
        with self._changed:
            self._closed = True
            dropped = list(self._queued)
            self.counts.dropped += len(dropped)
            self._queued.clear()
            self._changed.notify_all()
        return dropped

    def join(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s` for the running runs to end; True when all did."""
        deadline = time.monotonic() + timeout_s
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        return not any(worker.is_alive() for worker in self._workers)

    @property
    def running(self) -> set[str]:
        """Competitors being crawled now."""
        with self._changed:
            return set(self._running)

    def _work(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self._start_run(batch)
            except Exception:  # a run's failure is logged and retried; the daemon goes on
                names = [d.competitor for d in batch]
                logger.exception(
                    "a run of %s failed; trying again in %.0f s", ", ".join(names), self._retry_s
                )
                self._retry_later(names)
            finally:
                with self._changed:
                    self._running.difference_update(d.competitor for d in batch)
                    self._changed.notify_all()

    def _retry_later(self, names: list[str]) -> None:
        with self._changed:
            self.counts.retried += len(names)

        def again() -> None:
            for name in names:
                self.submit(name)

        timer = threading.Timer(self._retry_s, again)
        timer.daemon = True
        timer.start()

    def _next_batch(self) -> list[Due] | None:
        """The next competitors to crawl together, or None once closed."""
        with self._changed:
            while not (ready := self._gathered()):
                if self._closed:
                    return None
            for due in ready:
                del self._queued[due.competitor]
                self._running.add(due.competitor)
            self.counts.runs += 1
            self.counts.crawled += len(ready)
            return ready

    def _gathered(self) -> list[Due]:
        """Wait for a due competitor, then up to `gather_s` for others to join it; empty
        when closed, or when another worker took them meanwhile. Holds the condition.
        """
        while not self._closed and not self._ready():
            self._changed.wait()
        gather_until = time.monotonic() + self._gather_s
        while not self._closed and 0 < len(self._ready()) < self._batch_size:
            left = gather_until - time.monotonic()
            if left <= 0:
                break
            self._changed.wait(left)
        return [] if self._closed else self._ready()[: self._batch_size]

    def _ready(self) -> list[Due]:
        """Queued competitors not running now, longest due first."""
        return [d for d in self._queued.values() if d.competitor not in self._running]
