"""An item tagged with the competitor it was seen for: what spiders emit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crawlers.items import Item


@dataclass(frozen=True, slots=True, kw_only=True)
class Observation:
    """One item from one page of one competitor's site."""

    competitor_id: int
    """Storage id of the competitor."""
    item: Item
    """The extracted product, positioning or failure."""
    fetched_at: datetime
    """When the page was fetched (UTC)."""
    http_status: int | None = None
    """HTTP status of the page, when there was a response."""
