"""What a crawl needs to know about one competitor, picklable for the crawl child process.

Kept apart from the spider so the parent process can build targets without importing Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawlers.config import BrowserStep, CompetitorConfig
from crawlers.extractors.base import ExtractionContext, Selectors


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
    render: str = "auto"
    """never | always | auto."""
    browser_steps: tuple[BrowserStep, ...] = ()
    fetchers: dict[str, str] = field(default_factory=dict)
    """What earlier runs learned: page kind -> 'http' | 'browser' | 'api'."""
    data_api: str | None = None
    """The JSON data API earlier runs learned, fetched over plain HTTP instead of rendering."""
    product_url_template: str | None = None
    """How that API's records without a URL map to product pages, when learned."""

    @classmethod
    def from_config(
        cls,
        competitor: CompetitorConfig,
        competitor_id: int,
        *,
        fetchers: dict[str, str] | None = None,
        data_api: str | None = None,
        product_url_template: str | None = None,
    ) -> SiteTarget:
        """The target of a configured competitor stored under `competitor_id`, with what
        earlier runs learned about fetching it.
        """
        catalog = competitor.catalog
        return cls(
            competitor_id=competitor_id,
            name=competitor.name,
            homepage=str(competitor.homepage),
            start_urls=tuple(str(url) for url in catalog.start_urls),
            sitemap=str(catalog.sitemap) if catalog.sitemap else None,
            selectors=Selectors(**catalog.selectors.model_dump()),
            currency=competitor.currency,
            render=competitor.render,
            browser_steps=tuple(competitor.browser_steps),
            fetchers=dict(fetchers or {}),
            data_api=data_api,
            product_url_template=product_url_template,
        )

    def context(
        self,
        *,
        homepage: str | None = None,
        currency_hint: str | None = None,
        product_url_template: str | None = None,
        product_links: tuple[str, ...] = (),
    ) -> ExtractionContext:
        """What extractors get: configured knowledge first, then what the crawl learnt
        (the homepage after redirects, a currency the site states, how its data API's
        records map to product pages, product links seen on a rendered page).
        """
        return ExtractionContext(
            homepage=homepage or self.homepage,
            selectors=self.selectors,
            currency_hint=self.currency or currency_hint,
            product_url_template=product_url_template or self.product_url_template,
            product_links=product_links,
        )
