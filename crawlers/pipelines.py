"""Thin Scrapy item pipeline: observations go to storage in batches as the crawl runs.

Writing during the crawl (not after it) means a crash keeps everything fetched so far.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawlers.learned import FetchLearned, ScreenshotTaken
from crawlers.learned_writer import LearnedWriter
from crawlers.observation import Observation
from crawlers.snapshots import to_snapshot
from storage.records import SnapshotIn
from storage.repository import Repository

DATABASE_URL_SETTING = "RIVALWATCH_DATABASE_URL"
RUN_ID_SETTING = "RIVALWATCH_RUN_ID"
SCREENSHOTS_DIR_SETTING = "RIVALWATCH_SCREENSHOTS_DIR"
STORAGE_ERROR_STAT = "rivalwatch/storage_error"
logger = logging.getLogger(__name__)
BATCH_SIZE = 500
BATCH_SECONDS = 2.0


class StoragePipeline:
    """Buffers snapshots and writes them in short transactions."""

    def __init__(
        self,
        repository: Repository,
        run_id: int,
        crawler: Crawler | None = None,
        screenshots_dir: Path | None = None,
    ) -> None:
        self.repository = repository
        self.run_id = run_id
        self.crawler = crawler
        self.learned = LearnedWriter(repository, run_id, screenshots_dir)
        self.buffer: list[SnapshotIn] = []
        self.flushed_at = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        repository = Repository.from_url(settings.get(DATABASE_URL_SETTING), migrate=False)
        screenshots = settings.get(SCREENSHOTS_DIR_SETTING)
        return cls(
            repository,
            settings.getint(RUN_ID_SETTING),
            crawler,
            Path(screenshots) if screenshots else None,
        )

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchLearned | ScreenshotTaken):
            self.learned.write(item)
            return item
        if not isinstance(item, Observation):
            raise DropItem(f"not an Observation: {type(item).__name__}")
        self.buffer.append(to_snapshot(item))
        if len(self.buffer) >= BATCH_SIZE or time.monotonic() - self.flushed_at > BATCH_SECONDS:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Write the buffered snapshots in one transaction; stop the crawl if storage fails.

        Crawling on without storing would report sites as crawled while nothing was kept.
        """
        if self.buffer:
            try:
                self.repository.add_snapshots(self.run_id, self.buffer)
            except Exception as error:
                self._storage_failed(error)
                raise
            self.buffer = []
        self.flushed_at = time.monotonic()

    def _storage_failed(self, error: Exception) -> None:
        logger.error("cannot store snapshots, stopping the crawl: %s", error)
        if self.crawler is None or self.crawler.stats is None:
            return
        if self.crawler.stats.get_value(STORAGE_ERROR_STAT) is None:
            self.crawler.stats.set_value(STORAGE_ERROR_STAT, f"{type(error).__name__}: {error}")
            if self.crawler.engine is not None:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_error"))
