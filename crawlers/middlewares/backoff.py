"""Retries that wait longer each time, so a struggling site gets room to recover."""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

BACKOFF_SETTING = "RIVALWATCH_RETRY_BACKOFF"
MAX_BACKOFF_S = 60.0


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (5xx, 429, timeouts) plus exponential backoff before a retry.

    The stock middleware re-queues at once, which hammers a site that is already failing.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_s = settings.getfloat(BACKOFF_SETTING, 1.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        return await self._after_backoff(result)

    async def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        return await self._after_backoff(result)

    async def _after_backoff(self, result: Any) -> Any:
        if isinstance(result, Request) and self.backoff_s > 0:
            attempt = int(result.meta.get("retry_times", 1))
            await asyncio.sleep(min(self.backoff_s * 2 ** (attempt - 1), MAX_BACKOFF_S))
        return result
