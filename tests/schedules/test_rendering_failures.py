"""How rendering fails, with a real Chromium against tiny loopback shops made for each fault.

Two days of one database: on the second, one shop's category page never finishes loading (a
third-party script hangs), and another shop, remembered as needing a browser for its
listings, now serves plain HTML but shows automated browsers a wall. Apart from that: the
browser killed in the middle of a crawl, more pages than the browser may hold open, and a
page that freezes its tab once loaded. Each costs the pages it touches, never the run, and a
failure never reports products removed.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from crawlers.browser.executable import Browser
from crawlers.config import Config, load_config
from crawlers.progress import SiteProgress
from schedules.runner import RunReport, run_once
from storage.records import RunStatus, SiteStatus, SnapshotKind
from storage.repository import Repository

pytestmark = [pytest.mark.crawl, pytest.mark.browser]
HELD_AT_MOST_S = 60
"""A held response gives up after this long, should its release never come."""
HOLD_S = 1.5
"""How long a slow page's request is held, unless more pages are open than allowed: less
than the time a page waits for its requests to settle, so the page stays open meanwhile."""


# -- a tiny loopback web ---------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One request a shop received, on the shop's current day."""

    path: str
    query: dict[str, str]
    cookies: dict[str, str]
    day: int


@dataclass
class Reply:
    body: str = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[Hit], Reply]


class Shop:
    """A fictional shop on its own loopback port: `routes` maps a path to its answer."""

    def __init__(self, name: str, routes: dict[str, Route], render: str) -> None:
        self.name, self.routes, self.render = name, routes, render
        self.day = 0
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.release = threading.Event()
        """Set when the shop closes: held responses go out then."""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self, day: int | None = None) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits if day is None or hit.day == day]

    def answer(self, raw_path: str, cookie_header: str) -> Reply:
        parts, cookies = urlsplit(raw_path), SimpleCookie(cookie_header)
        hit = Hit(
            path=parts.path,
            query={key: values[0] for key, values in parse_qs(parts.query).items()},
            cookies={key: morsel.value for key, morsel in cookies.items()},
            day=self.day,
        )
        with self.lock:
            self.hits.append(hit)
        route = self.routes.get(parts.path)
        return route(hit) if route else Reply("not found", 404, "text/plain")

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _handler(shop: Shop) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = shop.answer(self.path, self.headers.get("Cookie", ""))
            body = reply.body.encode("utf-8")
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the browser went away meanwhile (killed, timed out)
                pass

        def log_message(self, *_args: Any) -> None:
            return None

    return Handler


def html(body: str, head: str = "", title: str = "Trail Shop") -> Reply:
    return Reply(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body>{body}</body></html>"
    )


def homepage(*listings: str) -> Route:
    nav = "".join(f"<li><a href='{path}'>Category {path[3:]}</a></li>" for path in listings)
    body = (
        f"<header><nav><ul>{nav}</ul></nav></header><main><h1>Outdoor gear since 1990</h1>"
        "<p>Tents, stoves and boots for every trail, shipped within two days.</p></main>"
    )
    return lambda _hit: html(body)


def listing_page(slugs: list[str], head: str = "") -> Reply:
    cards = "".join(
        f"<li class='card'><a href='/p/{slug}'>{slug.title()} tent</a>"
        f" <span class='price'>{price_of(slug)} EUR</span></li>"
        for slug in slugs
    )
    return html(f"<main><h1>Tents</h1><ul class='products'>{cards}</ul></main>", head=head)


def listing(*slugs: str, head: str = "") -> Route:
    return lambda _hit: listing_page(list(slugs), head)


def products(*slugs: str) -> dict[str, Route]:
    return {f"/p/{slug}": _product(slug) for slug in slugs}


def _product(slug: str) -> Route:
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": f"{slug.title()} tent",
        "sku": slug,
        "offers": {"@type": "Offer", "price": price_of(slug), "priceCurrency": "EUR"},
    }
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    body = f"<h1>{slug.title()} tent</h1><p class='price'>{price_of(slug)} EUR</p>"
    return lambda _hit: html(body, head=head, title=f"{slug.title()} tent")


def price_of(slug: str) -> str:
    return f"{100 + sum(map(ord, slug)) % 100}.50"


def script(code: str = "", **headers: str) -> Reply:
    return Reply(code, content_type="application/javascript", headers=headers)


def app_shell(script_path: str) -> Reply:
    """What a single-page app answers every URL with: an empty mount point and a bundle."""
    return html("<div id='app'></div>", head=f"<script src='{script_path}' defer></script>")


def app_rendering(slugs: list[str]) -> str:
    """The bundle of `app_shell`: it draws the product cards from data compiled into it."""
    cards = [{"href": f"/p/{s}", "name": f"{s.title()} tent", "price": price_of(s)} for s in slugs]
    return (
        f"const cards = {json.dumps(cards)};"
        "document.getElementById('app').innerHTML = '<h1>Tents</h1><ul>' + cards.map(c =>"
        " `<li class='card'><a href='${c.href}'>${c.name}</a>"
        " <span class='price'>${c.price} EUR</span></li>`).join('') + '</ul>';"
    )


TENTS = ["col", "crest", "saddle"]
GUARDED = "<script src='/guard.js' defer></script>"
BOT_WALL = "if (navigator.webdriver) { document.body.innerHTML = '<p>Access denied</p>'; }"
"""A script that shows automated browsers nothing (a bot wall) and leaves people the page."""


# -- crawling them -----------------------------------------------------------------------------


def config_for(tmp: Path, shops: list[Shop], **crawl: Any) -> Config:
    """A config crawling `shops` quickly into `tmp/rw.db`, without screenshots."""
    data = {
        "database": f"sqlite:///{tmp / 'rw.db'}",
        "exports": {"dir": str(tmp / "exports"), "formats": ["json"]},
        "screenshots": {"enabled": False},
        "crawl": {"timeout_s": 3, "retries": 0, "obey_robots": False, **crawl},
        "competitors": [
            {"name": shop.name, "kind": "direct", "homepage": shop.url, "render": shop.render}
            for shop in shops
        ],
    }
    path = tmp / "rivalwatch.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_config(path)


@dataclass
class Run:
    """A finished run and the database it stored into."""

    report: RunReport
    repository: Repository
    decided: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per competitor, the fetch decisions stored when the run ended: page kind → fetcher."""

    def site(self, shop: Shop) -> SiteProgress:
        return self.report.sites[shop.name]

    def competitor_id(self, shop: Shop) -> int:
        record = self.repository.competitor_by_name(shop.name)
        assert record is not None
        return record.id

    def products(self, shop: Shop) -> set[str]:
        """Paths of the product pages this run observed."""
        return {urlsplit(s.url).path for s in self._snapshots(shop, SnapshotKind.PRODUCT)}

    def failures(self, shop: Shop) -> dict[str, str]:
        """Path → reason of the pages this run failed to fetch."""
        failed = self._snapshots(shop, SnapshotKind.FAILURE)
        return {urlsplit(s.url).path: s.error or "" for s in failed}

    def removed(self, shop: Shop) -> set[str]:
        events = self.repository.events(self.competitor_id(shop), run_id=self.report.run_id)
        return {e.url or e.key for e in events if e.kind == "product_removed"}

    def _snapshots(self, shop: Shop, kind: SnapshotKind) -> list[Any]:
        return self.repository.run_snapshots(self.report.run_id, self.competitor_id(shop), kind)


def crawl(config: Config, repository: Repository) -> Run:
    """One run in a child process, as the daemon runs it."""
    report = run_once(config, trigger="test")
    decided = {
        record.name: {k: d.fetcher.value for k, d in repository.fetch_decisions(record.id).items()}
        for record in repository.competitors()
    }
    return Run(report, repository, decided)


# -- two days: a page that never loads, a decision to render that no longer holds ------------


@dataclass
class TwoDays:
    hanging: Shop
    shifting: Shop
    plain: Shop
    days: list[Run]


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[TwoDays]:
    tmp = tmp_path_factory.mktemp("two-days")
    with ExitStack() as stack:
        hanging = Shop(
            "Hanging Trails",
            {
                "/": homepage("/c/tents", "/c/bivvy"),
                "/c/tents": listing("dome", "tunnel"),
                "/c/bivvy": listing("ridge", "cirque", head="<script src='/widget.js'></script>"),
                "/widget.js": lambda hit: script() if hit.day == 0 else held(hanging),
                **products("dome", "tunnel", "ridge", "cirque"),
            },
            render="always",
        )
        shifting = Shop(
            "Shifting Peaks",
            {
                "/": homepage("/c/tents"),
                "/c/tents": lambda hit: (
                    app_shell("/app.js") if hit.day == 0 else listing_page(TENTS, GUARDED)
                ),
                "/app.js": lambda _hit: script(app_rendering(TENTS)),
                "/guard.js": lambda _hit: script(BOT_WALL),
                **products("col", "crest", "saddle"),
            },
            render="auto",
        )
        plain = Shop(
            "Plain Valley",
            {"/": homepage("/c/all"), "/c/all": listing("summit"), **products("summit")},
            render="never",
        )
        for shop in (hanging, shifting, plain):
            stack.callback(shop.close)
        config = config_for(tmp, [hanging, shifting, plain], timeout_s=2)
        repository = Repository.from_url(config.database)
        stack.callback(repository.close)
        days = []
        for day in (0, 1):
            for shop in (hanging, shifting, plain):
                shop.day = day
            days.append(crawl(config, repository))
        yield TwoDays(hanging, shifting, plain, days)


def held(shop: Shop) -> Reply:
    """A response that does not come while the crawl runs (a hung third-party script)."""
    shop.release.wait(HELD_AT_MOST_S)
    return script()


def test_both_days_run_to_the_end(two_days: TwoDays) -> None:
    for run in two_days.days:
        assert run.report.status == RunStatus.COMPLETED
        assert run.site(two_days.plain).status == SiteStatus.OK.value
        assert run.products(two_days.plain) == {"/p/summit"}


def test_a_page_that_never_loads_fails_alone_with_a_clear_reason(two_days: TwoDays) -> None:
    shop, (first, second) = two_days.hanging, two_days.days

    assert first.site(shop).status == SiteStatus.OK.value
    reason = second.failures(shop)["/c/bivvy"]
    assert "timed out" in reason and "2 s" in reason
    assert "\n" not in reason  # not Playwright's call log
    assert set(second.failures(shop)) == {"/c/bivvy"}
    assert second.products(shop) == {"/p/dome", "/p/tunnel"}  # the rest of the site


def test_a_page_that_never_loads_leaves_the_site_partial_and_removes_nothing(
    two_days: TwoDays,
) -> None:
    shop, second = two_days.hanging, two_days.days[1]

    site = second.site(shop)
    assert site.status == SiteStatus.PARTIAL.value
    assert "/c/bivvy" in (site.message or "") and "timed out" in (site.message or "")
    assert second.removed(shop) == set()  # /p/ridge and /p/cirque were only not seen


def test_the_first_day_learns_that_the_app_shell_listing_needs_rendering(
    two_days: TwoDays,
) -> None:
    shop, first = two_days.shifting, two_days.days[0]

    assert first.site(shop).rendered == 1
    assert first.products(shop) == {"/p/col", "/p/crest", "/p/saddle"}
    assert "/app.js" in shop.paths(day=0)


def test_a_remembered_render_that_yields_nothing_is_checked_again_over_plain_http(
    two_days: TwoDays,
) -> None:
    shop, (first, second) = two_days.shifting, two_days.days

    assert first.decided[shop.name] == {"listing": "browser"}
    assert "/guard.js" in shop.paths(day=1)  # the listing was rendered, from the decision
    assert shop.paths(day=1).count("/c/tents") == 2  # ... and fetched plainly again
    assert second.site(shop).status == SiteStatus.OK.value
    assert second.products(shop) == {"/p/col", "/p/crest", "/p/saddle"}
    assert second.removed(shop) == set()
    assert second.decided[shop.name] == {}  # the next run starts over plain HTTP


# -- the browser dies mid-crawl ------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Processes below `pid` (from Linux's /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat:
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found += frontier
    return found


def kill_browsers() -> list[int]:
    """SIGKILL every Chromium process this test started (through its crawl's child)."""
    killed = []
    for pid in descendants(os.getpid()):
        try:
            if "chrom" in Path(f"/proc/{pid}/comm").read_text():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        except OSError:  # gone meanwhile
            continue
    return killed


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds Chromium in /proc")
def test_a_killed_browser_fails_the_pages_it_held_and_the_crawl_goes_on(
    tmp_path: Path, browser: Browser
) -> None:
    killed: list[int] = []

    def deadly(_hit: Hit) -> Reply:
        if not killed:
            killed.extend(kill_browsers())
        return script()

    catalog = {"/c/a": ["alpha", "arete"], "/c/b": ["bravo"], "/c/c": ["col"], "/c/d": ["dune"]}
    fragile = Shop(
        "Fragile Trails",
        {
            "/": homepage(*catalog),
            **{path: listing(*slugs) for path, slugs in catalog.items()},
            "/c/b": listing("bravo", head="<script src='/deadly.js'></script>"),
            "/deadly.js": deadly,
            **products(*(slug for slugs in catalog.values() for slug in slugs)),
        },
        render="always",
    )
    steady = Shop(
        "Steady Peaks",
        {"/": homepage("/c/all"), "/c/all": listing("summit"), **products("summit")},
        render="never",
    )
    config = config_for(tmp_path, [fragile, steady], browser_pages=2)
    with ExitStack() as stack:
        for shop in (fragile, steady):
            stack.callback(shop.close)
        repository = stack.enter_context(closing(Repository.from_url(config.database)))
        run = crawl(config, repository)
        after_kill = fragile.paths()[fragile.paths().index("/deadly.js") + 1 :]
        failures, found = run.failures(fragile), run.products(fragile)

    assert killed
    assert run.report.status == RunStatus.COMPLETED
    assert "/c/b" in failures  # the page that was open when the browser died
    for path, reason in failures.items():
        assert reason.startswith("BrowserCrashed: the browser crashed"), path
    assert any(path in found for path in after_kill)  # a new browser rendered on
    for path, slugs in catalog.items():
        if path not in failures:
            assert {f"/p/{slug}" for slug in slugs} <= found, path
    assert run.site(fragile).status == SiteStatus.PARTIAL.value
    assert run.site(steady).status == SiteStatus.OK.value
    assert run.products(steady) == {"/p/summit"}


# -- open pages and contexts -------------------------------------------------------------------


class SlowPages:
    """Holds each slow page's data request a while, so the pages that may be open at once
    are, and counts the most requests held at once: pages open at once, at least. Releases
    them all as soon as one more page is open than allowed.

    Each request also reads and sets a `visitor` cookie: pages of one browser context share
    cookies, a new context starts without them.
    """

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.open = 0
        self.most_open = 0
        self.visitors: list[str | None] = []
        self.issued = 0
        self.changed = threading.Condition()

    def __call__(self, hit: Hit) -> Reply:
        with self.changed:
            self.open += 1
            self.most_open = max(self.most_open, self.open)
            self.changed.notify_all()
            self.changed.wait_for(lambda: self.most_open > self.allowed, timeout=HOLD_S)
            visitor = hit.cookies.get("visitor")
            self.visitors.append(visitor)
            self.issued += visitor is None
            self.open -= 1
        headers = {} if visitor else {"Set-Cookie": f"visitor=v{self.issued}; Path=/"}
        return Reply("{}", content_type="application/json", headers=headers)


def test_no_more_pages_are_open_than_allowed_and_contexts_are_replaced(
    tmp_path: Path, browser: Browser
) -> None:
    slow = SlowPages(allowed=2)
    categories = [f"/c/{n}" for n in range(1, 7)]
    busy = Shop(
        "Busy Trails",
        {
            "/": homepage(*categories),
            "/slow": slow,
            **{
                path: listing(head=f"<script>fetch('/slow?page={path[3:]}');</script>")
                for path in categories
            },
        },
        render="always",
    )
    config = config_for(tmp_path, [busy], timeout_s=4, browser_pages=2, recycle_context_after=3)
    with ExitStack() as stack:
        stack.callback(busy.close)
        repository = stack.enter_context(closing(Repository.from_url(config.database)))
        run = crawl(config, repository)

    assert run.site(busy).rendered == 1 + len(categories)
    assert len(slow.visitors) == len(categories)
    assert slow.most_open == 2  # both pages allowed were open at once, never a third
    shared = Counter(visitor for visitor in slow.visitors if visitor is not None)
    assert shared  # pages of one context share its cookies...
    assert max(shared.values()) <= 3 - 1  # ... for 3 pages at most (the first set it)


# -- a page that freezes its browser tab after loading ---------------------------------------


FREEZE = "<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 50));</script>"
"""A script that keeps the page's main thread busy for ever once it has loaded."""


def test_a_page_that_freezes_after_loading_fails_when_its_time_is_up(
    tmp_path: Path, browser: Browser
) -> None:
    frozen = Shop(
        "Frozen Trails",
        {
            "/": homepage("/c/tents", "/c/frozen"),
            "/c/tents": listing("dome"),
            "/c/frozen": listing("ridge", head=FREEZE),
            **products("dome", "ridge"),
        },
        render="always",
    )
    config = config_for(tmp_path, [frozen], timeout_s=1)
    with ExitStack() as stack:
        stack.callback(frozen.close)
        repository = stack.enter_context(closing(Repository.from_url(config.database)))
        run = crawl(config, repository)

    assert run.report.status == RunStatus.COMPLETED
    reason = run.failures(frozen)["/c/frozen"]
    assert reason.startswith("RenderStalled: the browser did not finish rendering the page in")
    assert run.products(frozen) == {"/p/dome"}
    assert run.site(frozen).status == SiteStatus.PARTIAL.value
