"""Browser contexts in turns: a fresh one every N rendered pages, the old one closed.

A context collects cookies, caches and service workers for as long as it lives; rendering
thousands of pages in one grows the browser without bound. The download handler gives a
page its context when it really starts rendering (not when the spider creates its request:
Scrapy's scheduler is last-in-first-out, so requests created early may render last and would
keep half-used contexts open), and closes a context once its turn is over and its last page
is done.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

logger = logging.getLogger(__name__)
CONTEXT_META = "playwright_context"
"""The request meta key scrapy-playwright reads the context's name from."""
ROTATION_META = "rw_context_rotation"
"""The request meta key of the ContextRotation a browser request takes its context from."""
PREFIX = "rw"


class ContextRotation:
    """Names the context of each rendered page and closes contexts whose turn is over."""

    def __init__(self, recycle_after: int) -> None:
        self.recycle_after = recycle_after
        self.assigned = 0
        """Pages given a context so far (a retried page counts again)."""
        self._open: Counter[str] = Counter()
        self._contexts: dict[str, set[Any]] = {}
        self._closing: set[asyncio.Future[Any]] = set()

    @property
    def current(self) -> str:
        """The name of the context new pages open in."""
        return f"{PREFIX}-{self.assigned // self.recycle_after}"

    def assign(self, meta: dict[str, Any]) -> str:
        """Give a page that starts rendering the current context; every N pages the next
        page starts a new one.
        """
        name = self.current
        meta[CONTEXT_META] = name
        self._open[name] += 1
        self.assigned += 1
        return name

    def release(self, meta: dict[str, Any], context: Any) -> None:
        """A page is done; `context` is the Playwright context it opened in (None when no
        page opened). A retired context closes when its last page is done.
        """
        name = meta.get(CONTEXT_META)
        if name not in self._open:
            return
        if context is not None:
            self._contexts.setdefault(name, set()).add(context)
        self._open[name] -= 1
        if self._open[name] <= 0 and name != self.current:
            del self._open[name]
            for retired in self._contexts.pop(name, ()):
                self._close(retired)

    def _close(self, context: Any) -> None:
        closing = asyncio.ensure_future(_close_quietly(context))
        self._closing.add(closing)  # a task nobody holds may be collected mid-way
        closing.add_done_callback(self._closing.discard)


def rotation_of(meta: dict[str, Any]) -> ContextRotation | None:
    """The ContextRotation of a browser request, None when it renders in the default context."""
    rotation = meta.get(ROTATION_META)
    return rotation if isinstance(rotation, ContextRotation) else None


async def _close_quietly(context: Any) -> None:
    """Close a retired context; one that died with its browser is gone already."""
    try:
        await context.close()
    except Exception as error:  # a crashed browser's contexts cannot be closed again
        logger.debug("closing a retired browser context failed: %s", error)
