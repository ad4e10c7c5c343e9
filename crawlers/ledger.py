"""Per-site bookkeeping during a crawl: budget, what was seen, and how complete it was."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.records import SiteStatus


@dataclass(slots=True)
class SiteLedger:
    """Counts and flags for one competitor's crawl; decides ok / partial / down at the end."""

    competitor_id: int
    name: str
    max_pages: int
    scheduled: set[str] = field(default_factory=set)
    """Canonical URLs already scheduled (the page budget counts these)."""
    product_links: set[str] = field(default_factory=set)
    """Product URLs seen in links so far, for the endless-pagination guard."""
    pages: int = 0
    rendered: int = 0
    """Pages fetched with the browser for extraction (screenshots not counted)."""
    products: int = 0
    errors: int = 0
    capped: bool = False
    homepage_ok: bool = False
    homepage_failed: str | None = None
    incomplete: list[str] = field(default_factory=list)
    """Reasons the crawl missed part of the catalog (listing 5xx, API failure, budget)."""
    homepage: str | None = None
    """The homepage's final URL after redirects: links are judged against its host."""
    platform: str | None = None
    currency_hint: str | None = None
    mode: str = "pending"
    """'pending' until the homepage decides, then 'api' (platform JSON) or 'html'."""
    held_links: list = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    robots_done: bool = False
    sitemaps_released: bool = False

    def claim(self, url: str) -> bool:
        """Reserve budget for `url`; False when seen before or the budget is spent."""
        if url in self.scheduled:
            return False
        if len(self.scheduled) >= self.max_pages:
            if not self.capped:
                self.capped = True
                self.incomplete.append(f"page budget of {self.max_pages} reached")
            return False
        self.scheduled.add(url)
        return True

    def status(self) -> SiteStatus:
        """Down when nothing answered; partial when part of the catalog may be missing."""
        if self.homepage_failed and self.pages == 0:
            return SiteStatus.DOWN
        if self.homepage_failed or self.incomplete or not self.homepage_ok:
            return SiteStatus.PARTIAL
        return SiteStatus.OK

    def message(self) -> str | None:
        """Why the status is not ok, in one line."""
        reasons = (
            [f"homepage: {self.homepage_failed}"] if self.homepage_failed else []
        ) + self.incomplete
        if not (self.homepage_ok or self.homepage_failed):
            reasons.append("the homepage was never fetched")
        if not reasons:
            return None
        shown = "; ".join(reasons[:5])
        return shown + (f"; and {len(reasons) - 5} more" if len(reasons) > 5 else "")
