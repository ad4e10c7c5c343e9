"""Plain, detached records the repository hands downstream (pipeline, schedules).

They keep ORM sessions out of the pipeline: everything after storage works on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class CompetitorKind(StrEnum):
    """How a competitor relates to us; `self` is our own shop, the price-index reference."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    FOREIGN = "foreign"
    SELF = "self"


class RunStatus(StrEnum):
    """Lifecycle of a run; `running` left over after a crash becomes `interrupted`."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    TIMED_OUT = "timed_out"


class SiteStatus(StrEnum):
    """How complete one competitor's crawl was; only `ok` may remove products."""

    OK = "ok"
    PARTIAL = "partial"
    DOWN = "down"


class FetchStatus(StrEnum):
    """Outcome of fetching and parsing one page."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    HTTP_ERROR = "http_error"
    UNREACHABLE = "unreachable"
    PARSE_ERROR = "parse_error"


class SnapshotKind(StrEnum):
    """What a snapshot observed."""

    PRODUCT = "product"
    POSITIONING = "positioning"
    POST = "post"
    VIDEO = "video"
    MENTION = "mention"
    FAILURE = "failure"


class ContentKind(StrEnum):
    """What a competitor publishes or where it is named: the content a dossier ranks."""

    POST = "post"
    VIDEO = "video"
    MENTION = "mention"


class ProductStatus(StrEnum):
    """Whether a product is still offered."""

    ACTIVE = "active"
    REMOVED = "removed"


class Fetcher(StrEnum):
    """How pages are fetched: plain HTTP, a rendering browser, or the shop's JSON data API."""

    HTTP = "http"
    BROWSER = "browser"
    API = "api"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorSpec:
    """A competitor as the configuration declares it; `sync_competitors` stores these."""

    name: str
    """Display name, unique; the slug is derived from it."""
    kind: CompetitorKind
    """How the competitor relates to us."""
    homepage: str
    """Homepage URL."""
    notes: str | None = None
    """Free-text notes for the dossier."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorRecord:
    """A competitor as configured (stored so exports work from the database alone)."""

    id: int
    name: str
    slug: str
    kind: CompetitorKind
    homepage: str
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRecord:
    """One crawl run across one or more competitors."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    trigger: str
    status: RunStatus
    error: str | None = None
    pid: int | None = None
    """Process id of the process running it (used to spot runs orphaned by a crash)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteCrawlRecord:
    """How one competitor's part of a run went."""

    run_id: int
    competitor_id: int
    status: SiteStatus
    started_at: datetime
    finished_at: datetime | None
    pages: int
    errors: int
    message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotIn:
    """A snapshot to store; payload is JSON-ready (Decimals as strings)."""

    competitor_id: int
    kind: SnapshotKind
    key: str
    url: str
    fetch_status: FetchStatus
    content_hash: str
    fetched_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    http_status: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotRecord(SnapshotIn):
    """A stored snapshot."""

    id: int
    run_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductState:
    """The current, diffed view of one product: its last good observation and lifecycle."""

    competitor_id: int
    key: str
    url: str
    name: str | None
    sku: str | None
    price: Decimal | None
    regular_price: Decimal | None
    currency: str | None
    availability: str | None
    status: ProductStatus
    first_seen: datetime
    last_seen: datetime
    content_hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentState:
    """The current view of one post, video or mention: its last observation, its audience
    figures now and at the run before (growth), and when it was first and last seen.

    Feeds list only the newest entries, so content no longer listed is not removed: it is
    kept with its `last_seen`.
    """

    competitor_id: int
    kind: ContentKind
    key: str
    url: str
    title: str | None
    published: datetime | None
    modified: datetime | None
    payload: dict[str, Any]
    """The last observation's item payload (authors, language, source, ...)."""
    signals: dict[str, int]
    """Audience figures last seen: comments, views, shares, likes, rating_count."""
    previous_signals: dict[str, int]
    """The figures of the run before the last one that changed them ({} until then)."""
    previous_seen: datetime | None
    """When `previous_signals` were observed."""
    first_seen: datetime
    last_seen: datetime
    content_hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeEventRecord:
    """One change: which field of which entity went from what to what."""

    competitor_id: int
    kind: str
    """ChangeKind value (product_added, price_changed, ...)."""
    detected_at: datetime
    entity: str
    """product, positioning or site."""
    key: str
    url: str | None = None
    sku: str | None = None
    field: str | None = None
    old: str | None = None
    new: str | None = None
    run_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PricePoint:
    """A product's price as observed by one run: one point of a price-over-time chart."""

    run_id: int
    """The run that observed it."""
    at: datetime
    """When the product page was fetched (UTC)."""
    key: str
    """Product identity (canonical URL, else URL)."""
    price: Decimal | None
    """Observed price, None when the page showed none."""
    currency: str | None = None
    """ISO 4217 code, when known."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchDecision:
    """How one competitor's pages of one kind are best fetched, remembered across runs."""

    competitor_id: int
    """The competitor it applies to."""
    page_kind: str
    """Which pages: `homepage`, `listing`, `product` ... (one decision per kind)."""
    fetcher: Fetcher
    """The fetcher later runs go straight to."""
    reason: str
    """Why this was decided, in words a person reading the logs understands."""
    decided_at: datetime
    """When it was decided (UTC)."""
    confirmed_at: datetime
    """The last time a run found it still good (UTC)."""
    endpoint: str | None = None
    """The learned JSON data-API URL when `fetcher` is `api`."""
    url_template: str | None = None
    """For `api`: how product URLs are built from records that carry only a slug or id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenshotRecord:
    """A full-page PNG of a competitor's page, taken by one run."""

    run_id: int
    """The run that took it."""
    competitor_id: int
    """Whose page it shows."""
    url: str
    """The page's URL."""
    path: str
    """Where the PNG lives, relative to the screenshots directory, with `/` separators
    (`storage.screenshot_files.write_screenshot(...).as_posix()`)."""
    taken_at: datetime
    """When it was taken (UTC)."""
    width: int
    """Image width in pixels."""
    height: int
    """Image height in pixels (the whole page, not just the viewport)."""
    size_bytes: int
    """Size of the PNG file."""
