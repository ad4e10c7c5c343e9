"""Extraction in worker processes: the same result as in the crawler, and a dying worker
costs only the pages it held. Real spawned processes, real pages from the case corpus."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import pytest

from crawlers.config import CrawlConfig
from crawlers.extraction_pool import (
    ExtractionPool,
    WorkerCrashed,
    extract_page,
    extraction_workers,
)
from crawlers.extractors.base import Extraction, ExtractionContext, PageKind
from crawlers.page import FetchedPage
from tests.crawlers.extractors.case_files import case_dirs, load_case

DEADLY_URL = "https://deadly.example/crash"
WARM_UP_DEADLINE_S = 60


def extract_or_die(kind: PageKind, page: FetchedPage, context: ExtractionContext) -> Extraction:
    """`extract_page`, except that one URL kills the worker, as a parser segfault would."""
    if page.url == DEADLY_URL:
        os._exit(139)
    return extract_page(kind, page, context)


def cases() -> list[tuple[FetchedPage, ExtractionContext, PageKind]]:
    return [load_case(case) for case in case_dirs()]


def wait_until_ready(pool: ExtractionPool) -> None:
    """Workers take a second or two to start; until then the pool extracts in-process."""
    deadline = time.monotonic() + WARM_UP_DEADLINE_S
    while pool._available_executor() is None:
        assert time.monotonic() < deadline, "the extraction workers never started"
        time.sleep(0.05)


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    pool = ExtractionPool(workers=1, extract=extract_or_die, inline_below=0)
    try:
        wait_until_ready(pool)
        yield pool
    finally:
        pool.close()


def test_workers_extract_what_the_crawler_would(pool: ExtractionPool) -> None:
    corpus = cases()

    async def extract_all() -> list[Extraction]:
        return list(await asyncio.gather(*(pool.extract(k, p, c) for p, c, k in corpus)))

    in_workers = asyncio.run(extract_all())
    assert pool.in_workers > 0
    assert in_workers == [extract_page(k, p, c) for p, c, k in corpus]


def test_a_dying_worker_fails_its_page_and_the_pool_carries_on(pool: ExtractionPool) -> None:
    page, context, kind = cases()[0]
    deadly = FetchedPage(url=DEADLY_URL, body=page.body, headers=page.headers)

    with pytest.raises(WorkerCrashed, match="worker died"):
        asyncio.run(pool.extract(kind, deadly, context))
    wait_until_ready(pool)
    after = asyncio.run(pool.extract(kind, page, context))

    assert after == extract_page(kind, page, context)
    assert pool.in_workers == 2


def test_without_workers_every_page_is_extracted_in_the_crawler() -> None:
    pool = ExtractionPool(workers=0)
    page, context, kind = cases()[0]

    result = asyncio.run(pool.extract(kind, page, context))

    assert result == extract_page(kind, page, context)
    assert (pool.in_workers, pool.here) == (0, 1)
    pool.close()


@pytest.mark.parametrize(("configured", "expected"), [(0, 0), (3, 3)])
def test_configured_worker_counts_are_taken_as_given(configured: int, expected: int) -> None:
    assert extraction_workers(CrawlConfig(extraction_workers=configured)) == expected


def test_by_default_every_spare_core_gets_a_worker() -> None:
    spare = (os.cpu_count() or 1) - 1
    assert extraction_workers(CrawlConfig()) == max(0, min(4, spare))
