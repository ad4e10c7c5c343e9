from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from schedules.daemon.dispatcher import Dispatcher, Due


class Runs:
    """A run that holds until released, recording which competitors ran together."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.started = threading.Semaphore(0)
        self.release = threading.Event()
        self.concurrent: list[set[str]] = []
        self.overlaps: list[str] = []
        self._now: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, batch: Sequence[Due]) -> None:
        names = [due.competitor for due in batch]
        with self._lock:
            self.batches.append(names)
            self.overlaps.extend(set(names) & self._now)
            self._now |= set(names)
            self.concurrent.append(set(self._now))
        self.started.release()
        self.release.wait(30)
        with self._lock:
            self._now -= set(names)

    def wait_started(self, count: int = 1) -> None:
        for _ in range(count):
            assert self.started.acquire(timeout=30), "a run did not start"


@contextmanager
def dispatching(runs: Runs, parallel: int = 1, batch_size: int = 50) -> Iterator[Dispatcher]:
    dispatcher = Dispatcher(runs, parallel=parallel, batch_size=batch_size, gather_s=0.2)
    dispatcher.start()
    try:
        yield dispatcher
    finally:
        runs.release.set()
        dispatcher.close()
        assert dispatcher.join(30)


def test_competitors_due_together_share_one_run() -> None:
    runs = Runs()
    runs.release.set()
    with dispatching(runs) as dispatcher:
        for name in ("a", "b", "c"):
            dispatcher.submit(name)
        runs.wait_started()

    assert runs.batches == [["a", "b", "c"]]
    assert dispatcher.counts.runs == 1 and dispatcher.counts.crawled == 3


def test_a_batch_holds_at_most_batch_size_competitors_oldest_first() -> None:
    runs = Runs()
    runs.release.set()
    with dispatching(runs, batch_size=2) as dispatcher:
        for name in ("a", "b", "c", "d", "e"):
            dispatcher.submit(name)
        runs.wait_started(3)

    assert runs.batches == [["a", "b"], ["c", "d"], ["e"]]


def test_a_competitor_due_while_it_runs_waits_for_its_run_and_is_queued_once() -> None:
    runs = Runs()
    with dispatching(runs, parallel=2) as dispatcher:
        dispatcher.submit("a")
        runs.wait_started()
        for _ in range(3):  # due three more times while its run goes on
            dispatcher.submit("a")
        dispatcher.submit("b")
        runs.wait_started()  # the second worker takes b, not the running a
        assert runs.batches == [["a"], ["b"]]
        runs.release.set()
        runs.wait_started()

    assert runs.batches == [["a"], ["b"], ["a"]]
    assert runs.overlaps == []
    assert dispatcher.counts.fired == 5 and dispatcher.counts.coalesced == 2


def test_no_more_than_parallel_runs_at_once() -> None:
    runs = Runs()
    with dispatching(runs, parallel=2, batch_size=1) as dispatcher:
        for name in ("a", "b", "c"):
            dispatcher.submit(name)
        runs.wait_started(2)
        assert sorted(runs.batches) == [["a"], ["b"]], "c waits for a free run slot"
        runs.release.set()
        runs.wait_started()

    assert max(len(now) for now in runs.concurrent) == 2
    assert runs.batches[-1] == ["c"]


def test_closing_drops_the_queue_and_counts_what_was_not_run() -> None:
    runs = Runs()
    with dispatching(runs, batch_size=1) as dispatcher:
        dispatcher.submit("a")
        runs.wait_started()
        dispatcher.submit("b")
        dropped = dispatcher.close()
        dispatcher.submit("c")

    counts = dispatcher.counts
    assert dropped == ["b"]
    assert runs.batches == [["a"]]
    assert (counts.fired, counts.crawled, counts.coalesced, counts.dropped) == (3, 1, 0, 2)


def test_a_run_that_fails_is_tried_again_and_the_others_still_run() -> None:
    ran: list[list[str]] = []
    done = threading.Event()

    def run(batch: Sequence[Due]) -> None:
        ran.append([d.competitor for d in batch])
        if len(ran) == 1:
            raise RuntimeError("database is locked")
        if len(ran) == 3:
            done.set()

    dispatcher = Dispatcher(run, parallel=1, batch_size=1, gather_s=0, retry_s=0.1)
    dispatcher.start()
    dispatcher.submit("a")
    dispatcher.submit("b")
    assert done.wait(30)
    dispatcher.close()
    assert dispatcher.join(30)

    assert ran == [["a"], ["b"], ["a"]]
    assert dispatcher.counts.retried == 1
