"""Scrapy's downloader with the per-site concurrency limit actually enforced.

Scrapy 2.19 counts a request as transferring only once its download task has started,
so when several requests of one site are queued together they all start at once: with
`per_site_concurrency: 4` a site got up to the global `concurrency` (16) requests at a
time (scrapy/scrapy#6982, open). For a crawler that promises politeness that is a bug:
this downloader counts a request as transferring the moment it starts it.

It also gives every request of one host:port the same slot, robots.txt included (Scrapy's
default slot is the host name without the port, and its robots.txt middleware's request
has no slot of its own): sites sharing a host name on different ports are separate sites.
"""

from __future__ import annotations

from time import monotonic

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro
from scrapy.utils.httpobj import urlparse_cached


class PoliteDownloader(Downloader):
    """Starts at most `slot.concurrency` requests per site, however they were queued."""

    def get_slot_key(self, request: Request) -> str:
        """`download_slot` from the request's meta, else its host:port."""
        return request.meta.get(self.DOWNLOAD_SLOT) or urlparse_cached(request).netloc

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:  # a delayed start is pending: it will process the queue
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay and (wait := delay - now + slot.lastseen) > 0:
            slot.latercall = call_later(wait, self._latercall, slot)
            return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queued = slot.queue.popleft()
            slot.transferring.add(request)  # counted now, not when its task first runs
            _schedule_coro(self._wait_for_download(slot, request, queued))
            if delay:  # one request per delay: the next waits for its turn
                self._process_queue(slot)
                break
