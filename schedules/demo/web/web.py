"""The demo web: fictional competitor shops served over loopback, with their ground truth.

`rivalwatch demo` and the test suite both crawl it, so what it serves is the project's
test bed and its showcase. Use it as a context manager:

    with serve_demo_web(faults=True) as web:
        web.config_yaml(database_url="sqlite:///demo.db", exports_dir="exports")
        web.set_day(1)
        web.expected_products("Alpha Outfitters")
        web.expected_posts("Alpha Outfitters")

Beside the shops runs a media host (not a competitor) with the video-channel and
news-search feeds the config's `videos:` and `mentions:` point at.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from datetime import date
from types import TracebackType
from typing import Any

from schedules.demo.web import config, robots
from schedules.demo.web.bitrix import BitrixSite
from schedules.demo.web.catalog import SiteSpec, check_day, last_day, site_specs
from schedules.demo.web.content import demo_date
from schedules.demo.web.expected import ExpectedMention, ExpectedPost, ExpectedVideo
from schedules.demo.web.generated import generated_sites
from schedules.demo.web.gipfelwerk import GipfelwerkSite
from schedules.demo.web.media_host import MediaHost
from schedules.demo.web.ownshop import OwnShopSite
from schedules.demo.web.server import (
    LoggedRequest,
    SiteServer,
    WebHooks,
    bind,
    loopback_hosts,
    start,
)
from schedules.demo.web.shopify import ShopifySite
from schedules.demo.web.site import Host, Site, WebState
from schedules.demo.web.spa import SpaSite
from schedules.demo.web.woocommerce import WooCommerceSite

DemoSite = Site
"""A served shop: `.name`, `.kind`, `.base_url`, `.catalog_hints`, `.expected_products()`."""

FLAVOURS: dict[str, type[Site]] = {
    site.flavour: site
    for site in (ShopifySite, WooCommerceSite, GipfelwerkSite, BitrixSite, OwnShopSite, SpaSite)
}


class DemoWeb:
    """Running demo shops plus everything tests ask about them."""

    def __init__(self, sites: list[Site], state: WebState, media: MediaHost | None = None) -> None:
        self._state = state
        self._sites = {site.name: site for site in sites}
        self._media = media
        hosts: list[Host] = [*sites, *([media] if media else [])]
        self._hosts = {host.name: host for host in hosts}
        self._down: set[str] = set()
        self._delays: dict[str, float] = {}
        self._busy: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()
        self._log: list[LoggedRequest] = []
        self._errors: list[str] = []
        self._lock = threading.Lock()
        self._servers: list[SiteServer] = []
        hooks = WebHooks(
            self._is_down, self._delay, self._count_busy, self._record, self._fail, state.release
        )
        try:
            for host, address in zip(hosts, loopback_hosts(len(hosts)), strict=True):
                self._servers.append(bind(host, hooks, address))
                start(self._servers[-1])
        except BaseException:
            self.close()
            raise
        if media:
            for site in sites:
                site.media_feeds = media.feeds_for(site.key)

    # --- the shops ---------------------------------------------------------------------

    @property
    def sites(self) -> dict[str, Site]:
        """Shops by display name (the `name:` of their config entry)."""
        return dict(self._sites)

    def site(self, name: str) -> Site:
        """Find a shop by display name or short key ('alpha'); KeyError lists the names."""
        for site in self._sites.values():
            if name in (site.name, site.key):
                return site
        raise KeyError(f"no demo site {name!r}; sites: {', '.join(self._sites)}")

    @property
    def media(self) -> MediaHost:
        """The media host serving the video and news feeds (not a competitor)."""
        if self._media is None:
            raise LookupError("this demo web has no media host")
        return self._media

    def _host(self, name: str) -> Host:
        """A shop by name or key, or the media host by its name or 'media'."""
        media = self._media
        if media is not None and name in (media.name, media.key):
            return media
        return self.site(name)

    # --- time and faults ----------------------------------------------------------------

    @property
    def day(self) -> int:
        """The demo day whose content is served."""
        return self._state.day

    def set_day(self, day: int) -> None:
        """Serve another day's content (0 .. `last_day`)."""
        self._state.day = check_day(day)

    @property
    def last_day(self) -> int:
        return last_day()

    @property
    def today(self) -> date:
        """The calendar date of the served day (day 0: a week before the web started); 'now'
        for content.
        """
        return demo_date(self._state.day)

    def set_down(self, name: str, down: bool) -> None:
        """Make a shop (or the media host) answer 503 to everything, robots.txt included, or
        bring it back.
        """
        site = self._host(name).name
        with self._lock:
            (self._down.add if down else self._down.discard)(site)

    def set_delay(self, name: str, seconds: float) -> None:
        """Make every answer of a shop take `seconds` longer (0: normal again); a slow
        competitor, for timeouts and graceful stops.
        """
        site = self._host(name).name
        with self._lock:
            self._delays[site] = seconds

    def set_api_version(self, name: str, version: int) -> None:
        """Make a single-page-app shop move to another API version (the old one 404s)."""
        site = self.site(name)
        if not hasattr(site, "api_version"):
            raise ValueError(f"{name} has no JSON API versions")
        site.api_version = version

    def is_down(self, name: str) -> bool:
        """Down by `set_down` or by the day's script."""
        return self._is_down(self._host(name))

    def fault_urls(self) -> dict[str, str]:
        """Map each fault to its URL.

        Empty unless served with faults=True, except 'removed_product', which is about
        days and always present.
        """
        urls: dict[str, str] = {}
        for host in self._hosts.values():
            urls.update(host.fault_urls())
        return urls

    # --- what tests assert on -------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request served so far: (site, method, path_with_query, status)."""
        with self._lock:
            return list(self._log)

    def disallowed_requests(self) -> list[LoggedRequest]:
        """List the requests that the shop's robots.txt disallows for generic crawlers."""
        return [
            r
            for r in self.requests
            if r.path != "/robots.txt"
            and robots.disallowed(self._host(r.site).robots_txt(), r.path)
        ]

    @property
    def errors(self) -> list[str]:
        """Exceptions raised inside the demo shops (should stay empty)."""
        with self._lock:
            return list(self._errors)

    def expected_products(self, name: str) -> list[dict[str, Any]]:
        """Return the ground truth of today's catalog, one dict per product.

        Keys: url, name, sku, gtin, brand, category, price, regular_price (decimal
        strings: compare as Decimal), currency, availability (schema.org name).
        """
        return self.site(name).expected_products()

    def expected_homepage(self, name: str) -> dict[str, Any]:
        """Ground truth of today's homepage positioning fields."""
        return self.site(name).expected_homepage()

    def expected_posts(self, name: str) -> list[ExpectedPost]:
        """Ground truth of the shop's blog posts today, newest first (empty: no blog)."""
        return self.site(name).expected_posts()

    def expected_videos(self, name: str) -> list[ExpectedVideo]:
        """Ground truth of the shop's video channel feed today, newest first."""
        return self.media.expected_videos(self.site(name).key) if self._media else []

    def expected_mentions(self, name: str) -> list[ExpectedMention]:
        """Ground truth of the news naming the shop today: one per story, newest first."""
        return self.media.expected_mentions(self.site(name).key) if self._media else []

    def expected_social(self, name: str) -> tuple[str, ...]:
        """The shop's own social profile URLs (share links excluded), sorted."""
        return tuple(sorted(self.site(name).spec.social))

    def config_yaml(self, *, database_url: str, exports_dir: str) -> str:
        """Render a complete rivalwatch.yaml for these shops."""
        return config.render(list(self._sites.values()), database_url, exports_dir)

    # --- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release stalled requests, stop every server and free the ports (idempotent)."""
        self._state.release.set()
        servers, self._servers = self._servers, []
        stoppers = [threading.Thread(target=server.shutdown) for server in servers]
        for stopper in stoppers:  # in parallel: each waits for its serve_forever poll
            stopper.start()
        for stopper, server in zip(stoppers, servers, strict=True):
            stopper.join()
            server.server_close()

    def __enter__(self) -> DemoWeb:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _is_down(self, host: Host) -> bool:
        with self._lock:
            manual = host.name in self._down
        return manual or host.scheduled_down()

    def peak_in_flight(self, name: str) -> int:
        """The most requests of one shop that were being answered at the same time."""
        with self._lock:
            return self._peak[self._host(name).name]

    def _count_busy(self, site: Host, delta: int) -> None:
        with self._lock:
            self._busy[site.name] += delta
            self._peak[site.name] = max(self._peak[site.name], self._busy[site.name])

    def _delay(self, site: Host) -> float:
        with self._lock:
            return self._delays.get(site.name, 0.0)

    def _record(self, request: LoggedRequest) -> None:
        with self._lock:
            self._log.append(request)

    def _fail(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)


def serve_demo_web(
    *, day: int = 0, faults: bool = False, only: Iterable[str] | None = None
) -> DemoWeb:
    """Start the fictional shops (one server each) and the media host, serving `day`'s
    content; `only` names the shops to start (keys or names), e.g. ("alpha", "bivouac")
    for a quick content crawl.
    """
    state = WebState(day=check_day(day), faults=faults)
    sites = [FLAVOURS[spec.flavour](spec, state) for spec in _chosen(only)]
    return DemoWeb(sites, state, MediaHost(state))


def _chosen(only: Iterable[str] | None) -> list[SiteSpec]:
    specs = list(site_specs().values())
    if only is None:
        return specs
    wanted = set(only)
    unknown = wanted - {s.key for s in specs} - {s.name for s in specs}
    if unknown:
        names = ", ".join(f"{s.key} ({s.name})" for s in specs)
        raise KeyError(f"no demo site {sorted(unknown)}; sites: {names}")
    return [s for s in specs if wanted & {s.key, s.name}]


def serve_generated_web(n_products: int = 2000, n_sites: int = 1, page_kib: int = 0) -> DemoWeb:
    """Start `n_sites` plain generated shops of `n_products` each, for crawl benchmarks;
    `page_kib` pads product pages to about that size (real-world pages weigh 100-500 KB).
    """
    state = WebState()
    return DemoWeb(generated_sites(n_products, n_sites, state, page_kib), state)
