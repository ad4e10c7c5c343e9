"""All tables, imported together so `Base.metadata` is complete (Alembic compares against it)."""

from storage.models.change_event import ChangeEventRow
from storage.models.competitor import Competitor
from storage.models.content_state import ContentStateRow
from storage.models.daemon_lease import DaemonLease
from storage.models.fetch_decision import FetchDecisionRow
from storage.models.product_state import ProductStateRow
from storage.models.run import Run
from storage.models.screenshot import ScreenshotRow
from storage.models.site_crawl import SiteCrawl
from storage.models.snapshot import Snapshot

__all__ = [
    "ChangeEventRow",
    "Competitor",
    "ContentStateRow",
    "DaemonLease",
    "FetchDecisionRow",
    "ProductStateRow",
    "Run",
    "ScreenshotRow",
    "SiteCrawl",
    "Snapshot",
]
