"""What a crawl needs to know about one competitor, picklable for the crawl child process.

Kept apart from the spider so the parent process can build targets without importing Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawlers.extractors.base import Selectors


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteTarget:
    """What the spider needs to know about one competitor."""

    competitor_id: int
    name: str
    homepage: str
    start_urls: tuple[str, ...] = ()
    sitemap: str | None = None
    selectors: Selectors = field(default_factory=Selectors)
    currency: str | None = None
