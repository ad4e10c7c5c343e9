"""The baseline crawl: a bare Scrapy spider that only fetches a list of URLs."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess


class BareSpider(Spider):
    """Fetches every URL once and keeps nothing: the floor any crawler pays."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, callback=self.parse)

    def parse(self, response: object) -> None:
        return None


def main(urls_file: str, concurrency: int, per_site: int) -> None:
    urls = Path(urls_file).read_text(encoding="utf-8").split()
    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": per_site,
            # Scrapy 2.19 does not hold the line above (scrapy#6982); rivalwatch's downloader
            # does. The floor must honour the same politeness to be a fair baseline.
            "DOWNLOADER": "crawlers.downloader.PoliteDownloader",
            # Scrapy's default (100) starts 100 asyncio tasks per callback; rivalwatch sets 4.
            # The floor is the cheapest fetch-only crawl, so it gets the same.
            "CONCURRENT_ITEMS": 4,
            "LOG_LEVEL": "WARNING",
            "REMOTE_CONTROL_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
        }
    )
    process.crawl(BareSpider, urls=urls)
    process.start()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
