"""Thin Scrapy item pipeline: observations go to storage in batches as the crawl runs.

Writing during the crawl (not after it) means a crash keeps everything fetched so far.
"""

from __future__ import annotations

import time
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.observation import Observation
from crawlers.snapshots import to_snapshot
from storage.records import SnapshotIn
from storage.repository import Repository

DATABASE_URL_SETTING = "RIVALWATCH_DATABASE_URL"
RUN_ID_SETTING = "RIVALWATCH_RUN_ID"
BATCH_SIZE = 500
BATCH_SECONDS = 2.0


class StoragePipeline:
    """Buffers snapshots and writes them in short transactions."""

    def __init__(self, repository: Repository, run_id: int) -> None:
        self.repository = repository
        self.run_id = run_id
        self.buffer: list[SnapshotIn] = []
        self.flushed_at = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        repository = Repository.from_url(settings.get(DATABASE_URL_SETTING))
        return cls(repository, settings.getint(RUN_ID_SETTING))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Observation):
            raise DropItem(f"not an Observation: {type(item).__name__}")
        self.buffer.append(to_snapshot(item))
        if len(self.buffer) >= BATCH_SIZE or time.monotonic() - self.flushed_at > BATCH_SECONDS:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Write the buffered snapshots in one transaction."""
        if self.buffer:
            self.repository.add_snapshots(self.run_id, self.buffer)
            self.buffer = []
        self.flushed_at = time.monotonic()
