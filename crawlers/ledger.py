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
    """Canonical URLs of catalog pages already scheduled (the page budget counts these)."""
    content_scheduled: set[str] = field(default_factory=set)
    """Canonical URLs of content pages (feeds, blog indexes, posts) already scheduled."""
    content_pages: int = 0
    """Content pages fetched; not in `pages`, so a site whose homepage failed is still down
    when only its feeds elsewhere answered."""
    content_keys: set[str] = field(default_factory=set)
    """Posts, videos and mentions feeds listed so far (a feed's pagination guard)."""
    indexed_posts: set[str] = field(default_factory=set)
    """Post URLs blog index pages listed so far (their pagination guard)."""
    post_pages: int = 0
    """Post pages scheduled, against the competitor's `blog.max_posts`."""
    sitemap_posts: list[str] = field(default_factory=list)
    """Post URLs from post sitemaps, held until the crawl is idle."""
    """Post pages scheduled, against the competitor's `blog.max_posts`."""
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
        """Reserve budget for catalog page `url`; False when seen before (as a catalog or a
        content page) or the budget is spent.
        """
        if url in self.scheduled or url in self.content_scheduled:
            return False
        if self._budget_spent():
            if not self.capped:
                self.capped = True
                self.incomplete.append(f"page budget of {self.max_pages} reached")
            return False
        self.scheduled.add(url)
        return True

    def claim_content(self, url: str) -> bool:
        """Reserve budget for content page `url` (feed, blog index, post). A page the catalog
        crawl fetches too is fetched again as content; a spent budget does not make the
        catalog incomplete.
        """
        if url in self.content_scheduled or self._budget_spent():
            return False
        self.content_scheduled.add(url)
        return True

    def _budget_spent(self) -> bool:
        return len(self.scheduled) + len(self.content_scheduled) >= self.max_pages

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
