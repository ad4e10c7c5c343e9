"""The only code that knows Scrapy's UPPER_CASE settings, built from the validated config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.downloadermiddlewares.httpauth import HttpAuthMiddleware
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.spidermiddlewares.depth import DepthMiddleware

from crawlers.config import CrawlConfig
from crawlers.middlewares.backoff import BACKOFF_SETTING, BackoffRetryMiddleware
from crawlers.pipelines import (
    DATABASE_URL_SETTING,
    RUN_ID_SETTING,
    SCREENSHOTS_DIR_SETTING,
    StoragePipeline,
)

RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def scrapy_settings(
    crawl: CrawlConfig,
    *,
    database_url: str,
    run_id: int,
    log_level: str,
    screenshots_dir: Path | None = None,
) -> dict[str, Any]:
    """Scrapy settings for one run: politeness from config, safety switches always on."""
    return {
        "BOT_NAME": "rivalwatch",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.per_site_concurrency,
        "DOWNLOADER": "crawlers.downloader.PoliteDownloader",  # enforces the line above
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.per_site_concurrency),
        "DOWNLOAD_TIMEOUT": crawl.timeout_s,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        BACKOFF_SETTING: crawl.retry_backoff_s,
        "DOWNLOADER_MIDDLEWARES": {
            RetryMiddleware: None,
            BackoffRetryMiddleware: 550,
            # No-ops here that still cost every request a call (~6 % of a crawl's CPU with
            # DepthMiddleware): the spider names no allowed_domains and keeps its own depth,
            # and no competitor's site is crawled with HTTP auth.
            OffsiteMiddleware: None,
            HttpAuthMiddleware: None,
        },
        "SPIDER_MIDDLEWARES": {DepthMiddleware: None},
        "ITEM_PIPELINES": {StoragePipeline: 300},
        # Scrapy starts this many asyncio workers for EVERY callback's output; the default
        # (100) cost more CPU than extraction itself. Our pipeline is synchronous anyway.
        "CONCURRENT_ITEMS": 4,
        DATABASE_URL_SETTING: database_url,
        RUN_ID_SETTING: run_id,
        SCREENSHOTS_DIR_SETTING: str(screenshots_dir) if screenshots_dir else None,
        "DOWNLOAD_MAXSIZE": 32 * 1024 * 1024,
        "DOWNLOAD_WARNSIZE": 0,
        "COOKIES_ENABLED": True,
        "REDIRECT_MAX_TIMES": 10,
        # Safety: never open local control ports (Scrapy 2.19 enables RemoteControl by default).
        "REMOTE_CONTROL_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_FORMATTER": "crawlers.log_formatter.QuietLogFormatter",
        "LOG_INSTALL_ROOT_HANDLER": True,
        "LOGSTATS_INTERVAL": 0,
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
        "HTTPERROR_ALLOW_ALL": False,
    }
