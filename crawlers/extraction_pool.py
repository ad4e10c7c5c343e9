"""Extraction in worker processes, so parsing uses every core while the crawler downloads.

A crawl is CPU-bound in one process: Scrapy's own work per response, then extraction
(~1 ms for a small product page, 40 ms for a 300 KB real-world one). Extraction is pure
(page + context in, Extraction out), so it moves to worker processes unchanged; the
crawler's process keeps only scheduling and storing.

Pages are extracted right here instead when they are small (handing them over costs about
what parsing them does), while the workers are still starting (a spawned worker needs about a
second of imports), when every worker already has enough queued, and when the pool is off
(`workers=0`). A worker that dies (a parser crash on hostile
markup) fails only the pages it held; the pool is started again for the rest.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawlers.config import CrawlConfig
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.extractors.registry import extractor_for
from crawlers.page import FetchedPage

logger = logging.getLogger(__name__)
QUEUED_PER_WORKER = 8
"""Pages waiting per worker before the crawler's process extracts the next one itself:
enough to keep workers busy, few enough that a slow worker never holds up the crawl."""


INLINE_BELOW = 32 * 1024
"""Bodies smaller than this are extracted in the crawler's process: handing a small page to a
worker (threads, pickling) costs about half of what extracting it costs (measured: 1.3 ms
against 2.4 ms for a 2 KB product page), so only larger pages gain from moving."""
MAX_AUTO_WORKERS = 4
"""Beyond this, Scrapy's own work in the crawler's process is the limit, not parsing."""


def extraction_workers(crawl: CrawlConfig) -> int:
    """The configured number of workers, else one per core beyond the crawler's own."""
    if crawl.extraction_workers is not None:
        return crawl.extraction_workers
    return max(0, min(MAX_AUTO_WORKERS, (os.cpu_count() or 1) - 1))


class WorkerCrashed(RuntimeError):
    """The worker process extracting a page died (the page's failure, not the crawl's)."""


def extract_page(kind: PageKind, page: FetchedPage, context: ExtractionContext) -> Extraction:
    """The one extraction entry point, in a worker or here."""
    return extractor_for(kind).extract(page, context)


Extract = Callable[[PageKind, FetchedPage, ExtractionContext], Extraction]


def _warm_up() -> None:
    """Runs first in each worker: imports every extractor before the first page arrives."""
    extractor_for(PageKind.PRODUCT)


class ExtractionPool:
    """Worker processes for `extract_page`; `await pool.extract(...)` from the reactor's loop."""

    def __init__(
        self, workers: int, extract: Extract = extract_page, inline_below: int = INLINE_BELOW
    ) -> None:
        self.workers = workers
        self.extract_page = extract
        """A picklable (module-level) function; `extract_page` but in tests."""
        self.inline_below = inline_below
        """Bodies of fewer bytes are extracted here (see INLINE_BELOW)."""
        self.in_flight = 0
        self.in_workers = self.here = 0
        """Pages extracted so far in the workers and in the crawler's process."""
        self._executor: ProcessPoolExecutor | None = None
        self._ready: list[Future[None]] = []
        if workers > 0:
            self._start()

    def _start(self) -> None:
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn")
        )
        self._ready = [self._executor.submit(_warm_up) for _ in range(self.workers)]

    async def extract(
        self, kind: PageKind, page: FetchedPage, context: ExtractionContext
    ) -> Extraction:
        """Extract `page` in a worker when it is large enough and a worker is ready and not
        swamped, else right here.
        """
        executor = self._available_executor() if len(page.body) >= self.inline_below else None
        if executor is None:
            self.here += 1
            return self.extract_page(kind, page, context)
        self.in_workers += 1
        self.in_flight += 1
        try:
            future = executor.submit(self.extract_page, kind, page, context)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            if executor is self._executor:  # the first page to notice replaces the pool
                logger.warning("an extraction worker died; starting new workers")
                executor.shutdown(wait=False, cancel_futures=True)
                self._start()
            raise WorkerCrashed(
                "the extraction worker died while parsing this page (a parser crash)"
            ) from None
        finally:
            self.in_flight -= 1

    def _available_executor(self) -> ProcessPoolExecutor | None:
        if self._executor is None or not all(f.done() for f in self._ready):
            return None
        if any(f.exception() for f in self._ready):  # workers cannot start: extract here
            logger.warning("extraction workers failed to start; extracting in the crawler")
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            return None
        return self._executor if self.in_flight < self.workers * QUEUED_PER_WORKER else None

    def close(self) -> None:
        """Stop the workers (they hold no state worth waiting for)."""
        logger.info("extracted %d pages in workers, %d in the crawler", self.in_workers, self.here)
        if self._executor is not None:
            # wait=True: with wait=False a crawl child whose workers were still starting
            # could hang at exit (seen in the daemon tests).
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
