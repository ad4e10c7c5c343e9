"""Runs one Scrapy crawl, in a child process or (once per process) right here.

A Twisted reactor cannot restart, and a crash inside a crawl must not take a long-lived
caller down: the daemon and the demo give every crawl a fresh child process, which reports
progress back over a queue. A one-shot command crawls once and exits, so it runs the crawl
in its own process and saves the child's start-up (a second interpreter importing Scrapy).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queue_module
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from crawlers.browser.executable import Browser, NoBrowser, find_browser
from crawlers.config import Config
from crawlers.progress import SiteProgress, ThrottledReporter
from crawlers.targets import SiteTarget

logger = logging.getLogger(__name__)
ProgressSink = Callable[[SiteProgress], None]
EXIT_STORAGE_ERROR = 3
"""The crawl's exit code when snapshots could not be stored (the crawl was stopped)."""
EXIT_CRASHED = 1
"""The crawl's exit code when it raised: an in-process crawl reports it like a dead child."""
EXIT_TIMED_OUT = 124
"""`crawl_in_child`'s answer when the crawl outlived its deadline and was stopped."""
EXIT_STOPPED = 143
"""`crawl_in_child`'s answer when the caller asked it to stop (a daemon shutting down)."""
STOPPED_REASON = "the crawl was stopped before it finished ({reason})"
PARENT_POLL_S = 0.2
ORPHANED_REASON = "the process that started the crawl is gone"
_orphaned = threading.Event()
"""Set in a crawl child whose parent died: whatever the crawl finishes is incomplete."""


@dataclass(frozen=True, slots=True)
class CrawlLimits:
    """When a crawl in a child process must end early, and how."""

    deadline: float | None = None
    """A time.monotonic() value; past it the crawl is stopped and counts as timed out."""
    stop: threading.Event | None = None
    """Set by the caller to stop the crawl (its sites end partial, nothing is removed)."""
    kill_after_s: float = 15.0
    """After asking the child to stop, how long it may take to close before it is killed."""

    def exceeded(self) -> int | None:
        """EXIT_STOPPED or EXIT_TIMED_OUT once the crawl must end, else None."""
        if self.stop is not None and self.stop.is_set():
            return EXIT_STOPPED
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return EXIT_TIMED_OUT
        return None


def crawl_in_child(
    config: Config,
    run_id: int,
    targets: Sequence[SiteTarget],
    *,
    on_progress: ProgressSink | None = None,
    log_level: str = "WARNING",
    limits: CrawlLimits | None = None,
) -> int:
    """Crawl `targets` for run `run_id` in a child process; returns its exit code (0 = ok),
    or EXIT_TIMED_OUT / EXIT_STOPPED when `limits` ended it.

    The child stores snapshots and each site's completeness itself, so whatever it
    finished before a crash stays stored. Stopped, it closes like a crawl stopped with
    Ctrl-C: its sites end partial.
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    child = context.Process(
        target=_child_main,
        args=(
            config.model_dump(mode="json"),
            run_id,
            list(targets),
            messages,
            log_level,
            os.getpid(),
        ),
        name="rivalwatch-crawl",
    )
    child.start()
    ended_by = None
    while child.is_alive():
        _drain(messages, on_progress, timeout=0.2)
        if ended_by is None and limits is not None and (ended_by := limits.exceeded()):
            _stop_child(child, limits.kill_after_s, messages, on_progress)
    child.join()
    _drain(messages, on_progress, timeout=0)
    if ended_by is not None:
        return ended_by
    return child.exitcode if child.exitcode is not None else -1


def _stop_child(
    child: Any, kill_after_s: float, messages: Any, on_progress: ProgressSink | None
) -> None:
    """SIGTERM (Scrapy closes the spider, the sites are recorded partial), then SIGKILL."""
    child.terminate()
    deadline = time.monotonic() + kill_after_s
    while child.is_alive() and time.monotonic() < deadline:
        _drain(messages, on_progress, timeout=0.2)
    if child.is_alive():
        logger.warning("the crawl process did not stop within %.0f s; killing it", kill_after_s)
        child.kill()


def crawl_in_process(
    config: Config,
    run_id: int,
    targets: Sequence[SiteTarget],
    *,
    on_progress: ProgressSink | None = None,
) -> int:
    """Crawl `targets` in this process; returns an exit code like `crawl_in_child`'s.

    Only once per process (the reactor cannot restart), and logging stays the caller's.
    """
    try:
        return _crawl(config, run_id, targets, on_progress or _ignore, own_logging=False)
    except Exception:
        logger.exception("the crawl crashed")
        return EXIT_CRASHED


def _ignore(_progress: SiteProgress) -> None:
    return None


def _drain(messages: Any, on_progress: ProgressSink | None, *, timeout: float) -> None:
    while True:
        try:
            message = messages.get(timeout=timeout) if timeout else messages.get_nowait()
        except (queue_module.Empty, EOFError, OSError):
            return
        if on_progress is not None:
            on_progress(message)
        timeout = 0


def _child_main(
    config_data: dict[str, Any],
    run_id: int,
    targets: list[SiteTarget],
    messages: Any,
    log_level: str,
    parent: int,
) -> None:
    _exit_with_parent(parent)
    config = Config.model_validate(config_data)
    exit_code = _crawl(config, run_id, targets, messages.put, log_level=log_level)
    messages.close()
    messages.join_thread()
    if exit_code:
        raise SystemExit(exit_code)


def _exit_with_parent(parent: int) -> None:
    """Stop this crawl when `parent`, the process that started it, dies (a daemon killed
    with -9): an orphan must not go on writing into a run the next start records as
    interrupted. `parent` comes from the parent: it may be gone before this child runs.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        _orphaned.set()
        os.kill(os.getpid(), signal.SIGTERM)  # Scrapy's graceful stop; a second one forces
        time.sleep(10)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="rivalwatch-parent-watch", daemon=True).start()


def _crawl(
    config: Config,
    run_id: int,
    targets: Sequence[SiteTarget],
    report: ProgressSink,
    *,
    log_level: str = "WARNING",
    own_logging: bool = True,
) -> int:
    """The crawl itself: run the spider, then record each site's completeness."""
    from scrapy.crawler import CrawlerProcess

    from crawlers.browser.settings import browser_settings
    from crawlers.extraction_pool import ExtractionPool, extraction_workers
    from crawlers.pipelines import STORAGE_ERROR_STAT
    from crawlers.settings import scrapy_settings
    from crawlers.spiders.competitor import CompetitorSpider
    from crawlers.spiders.rendering import Rendering
    from storage.repository import Repository

    _use_bundled_public_suffix_list()
    settings = scrapy_settings(
        config.crawl,
        database_url=config.database,
        run_id=run_id,
        log_level=log_level,
        screenshots_dir=config.screenshots.dir if config.screenshots.enabled else None,
    )
    browser, no_browser = _browser_for(config, targets)
    if browser is not None:
        settings |= browser_settings(config.crawl, browser)
    extraction = ExtractionPool(extraction_workers(config.crawl))  # starts before Scrapy
    try:
        process = CrawlerProcess({**settings, "LOG_INSTALL_ROOT_HANDLER": own_logging})
        crawler = process.create_crawler(CompetitorSpider)
        site_targets = {t.name: t for t in targets}
        process.crawl(
            crawler,
            targets=list(targets),
            max_pages=config.crawl.max_pages_per_site,
            max_depth=config.crawl.max_depth,
            progress=ThrottledReporter(report),
            extraction=extraction,
            rendering=Rendering(
                site_targets,
                no_browser=no_browser,
                screenshot_height=(
                    config.screenshots.max_height if config.screenshots.enabled else None
                ),
                recycle_after=config.crawl.recycle_context_after,
                settle_s=min(config.crawl.timeout_s, 10),
            ),
        )
        process.start()
    finally:
        extraction.close()
    if crawler.stats and crawler.stats.get_value(STORAGE_ERROR_STAT):
        return EXIT_STORAGE_ERROR
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    repository = Repository.from_url(config.database, migrate=False)  # the caller migrated
    try:
        for ledger in crawler.spider.ledgers.values():
            if reason != "finished" or _orphaned.is_set():  # stopped, even before it began
                why = ORPHANED_REASON if _orphaned.is_set() else f"{reason}"
                ledger.incomplete.append(STOPPED_REASON.format(reason=why))
            repository.finish_site_crawl(
                run_id,
                ledger.competitor_id,
                ledger.status(),
                ledger.pages,
                ledger.errors,
                ledger.message(),
            )
            report(SiteProgress.of(ledger, final=True))
    finally:
        repository.close()
    return 0


def _browser_for(
    config: Config, targets: Sequence[SiteTarget]
) -> tuple[Browser | None, str | None]:
    """The browser, when anything may render (a competitor not `never`, or screenshots);
    else None and why, said once: plain-HTTP competitors are crawled all the same.
    """
    may_render = config.screenshots.enabled or any(t.render != "never" for t in targets)
    if not may_render:
        return None, "no competitor renders"
    try:
        return find_browser(config.crawl.browser_executable), None
    except NoBrowser as missing:
        logger.warning("%s; JavaScript pages and screenshots are skipped", missing)
        return None, str(missing)


def _use_bundled_public_suffix_list() -> None:
    """Keep Scrapy's cookie middleware from downloading the Public Suffix List.

    Its module-level TLDExtract fetches the list from GitHub on first use: a request
    to a third party from every crawl, and an error traceback on machines without
    internet. tldextract's bundled snapshot is enough for cookie domains.
    """
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    if hasattr(cookies, "_split_domain"):
        cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
