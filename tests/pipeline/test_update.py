"""apply_run on a real database: runs of stored snapshots in, events and product states out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from crawlers.items import Availability, Item, PageFailure, Positioning, Post, PostSource, Product
from crawlers.observation import Observation
from crawlers.snapshots import to_snapshot
from pipeline.update import apply_run
from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    CompetitorSpec,
    ContentKind,
    FetchStatus,
    ProductState,
    ProductStatus,
    SiteStatus,
    SnapshotIn,
    SnapshotKind,
)
from storage.repository import Repository

DAY0 = datetime(2026, 2, 2, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Offer:
    """What a shop shows for one product in one run."""

    n: int
    price: str = "10.00"
    availability: Availability = Availability.IN_STOCK
    url_suffix: str = ""
    regular_price: str | None = None


def key(n: int) -> str:
    return f"https://shop.test/p/{n}"


class Shop:
    """One competitor whose runs the tests store and apply, one day apart."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        spec = CompetitorSpec(
            name="Shop", kind=CompetitorKind.DIRECT, homepage="https://shop.test/"
        )
        self.id = repository.sync_competitors([spec])["Shop"].id
        self.day = 0

    def at(self, index: int) -> datetime:
        return DAY0 + timedelta(days=self.day, seconds=index)

    def product(self, offer: Offer, index: int = 0) -> SnapshotIn:
        item = Product(
            url=key(offer.n) + offer.url_suffix,
            canonical_url=key(offer.n),
            name=f"Product {offer.n}",
            price=Decimal(offer.price),
            regular_price=Decimal(offer.regular_price) if offer.regular_price else None,
            currency="EUR",
            availability=offer.availability,
            sku=f"SKU-{offer.n}",
        )
        return self.snapshot(item, index)

    def failure(self, url: str, status: str = "unreachable", http: int | None = None) -> SnapshotIn:
        item = PageFailure(url=url, kind="product", status=status, reason="x", http_status=http)
        return self.snapshot(item, 0, http)

    def positioning(self, usp: str) -> SnapshotIn:
        return self.snapshot(Positioning(url="https://shop.test/", usp=usp), 0)

    def snapshot(self, item: Item, index: int, http: int | None = 200) -> SnapshotIn:
        observation = Observation(
            competitor_id=self.id, item=item, fetched_at=self.at(index), http_status=http
        )
        return to_snapshot(observation)

    def run(
        self,
        offers: Sequence[Offer] = (),
        *,
        extra: Sequence[SnapshotIn] = (),
        status: SiteStatus = SiteStatus.OK,
        **options: float,
    ) -> list[ChangeEventRecord]:
        """Store one run (products, then `extra`) and apply it; return its events."""
        run = self.repository.start_run("test")
        self.repository.start_site_crawl(run.id, self.id)
        snapshots = [self.product(offer, index) for index, offer in enumerate(offers)]
        self.repository.add_snapshots(run.id, [*snapshots, *extra])
        self.repository.finish_site_crawl(run.id, self.id, status, len(snapshots), 0, "why")
        events = apply_run(
            self.repository, run.id, [self.id], now=self.at(0) + timedelta(hours=1), **options
        )
        self.day += 1
        return events

    def states(self) -> dict[int, ProductState]:
        """Product number -> stored state."""
        stored = self.repository.product_states(self.id)
        return {int(k.rsplit("/", 1)[1]): state for k, state in stored.items()}


def seen(state: ProductState) -> tuple[str, Decimal | None, str | None, datetime, datetime]:
    """(status, price, availability, first_seen, last_seen) of a state."""
    return (
        str(state.status),
        state.price,
        state.availability,
        state.first_seen,
        state.last_seen,
    )


def fetched(day: int, n: int) -> datetime:
    """When the run of `day` fetched its `n`-th product."""
    return DAY0 + timedelta(days=day, seconds=n)


def brief(events: Sequence[ChangeEventRecord]) -> list[tuple[str, str, str | None, str | None]]:
    return [(e.kind, e.key, e.old, e.new) for e in events]


@pytest.fixture
def shop(migrated_database_url: str) -> Iterator[Shop]:
    repository = Repository.from_url(migrated_database_url)
    yield Shop(repository)
    repository.close()


CATALOG = [Offer(n) for n in range(1, 7)]


def test_first_crawl_is_a_baseline_without_added_events(shop: Shop) -> None:
    events = shop.run(CATALOG, extra=[shop.positioning("Free shipping")])
    assert events == []
    states = shop.states()
    assert sorted(states) == [1, 2, 3, 4, 5, 6]
    assert seen(states[2]) == ("active", 10, "InStock", fetched(0, 1), fetched(0, 1))
    assert shop.repository.events(shop.id) == []


def test_second_run_reports_every_change_and_refreshes_unchanged_products(shop: Shop) -> None:
    shop.run(CATALOG, extra=[shop.positioning("Free shipping")])
    today = [
        Offer(1),
        Offer(2, price="8.50"),
        Offer(3, availability=Availability.OUT_OF_STOCK),
        Offer(4),
        Offer(6),
        Offer(7),
    ]
    events = shop.run(today, extra=[shop.positioning("Free returns")])
    assert brief(events) == [
        ("price_changed", key(2), "10.00", "8.50"),
        ("availability_changed", key(3), "InStock", "OutOfStock"),
        ("product_removed", key(5), "Product 5", None),
        ("product_added", key(7), None, "Product 7"),
        ("positioning_changed", "positioning", "Free shipping", "Free returns"),
    ]
    states = shop.states()
    assert seen(states[1]) == ("active", 10, "InStock", fetched(0, 0), fetched(1, 0))  # seen again
    assert seen(states[2]) == ("active", Decimal("8.5"), "InStock", fetched(0, 1), fetched(1, 1))
    assert states[4].last_seen == fetched(1, 3)  # its own fetch time
    assert seen(states[5]) == ("removed", 10, "InStock", fetched(0, 4), fetched(0, 4))
    assert seen(states[7]) == ("active", 10, "InStock", fetched(1, 5), fetched(1, 5))
    assert len(shop.repository.events(shop.id)) == 5


def test_a_partial_crawl_removes_nothing_and_reports_itself_once(shop: Shop) -> None:
    shop.run(CATALOG)
    first = shop.run(CATALOG[:2], status=SiteStatus.PARTIAL)
    second = shop.run(CATALOG[:3], status=SiteStatus.PARTIAL)
    assert brief(first) == [("site_partial", "site", "ok", "partial: why")]
    assert second == []
    states = shop.states()
    assert {n: s.status for n, s in states.items()} == dict.fromkeys(range(1, 7), "active")
    assert states[6].last_seen == fetched(0, 5)  # not seen since the baseline


def test_a_down_site_removes_nothing_and_says_so_once(shop: Shop) -> None:
    shop.run(CATALOG)
    assert brief(shop.run(status=SiteStatus.DOWN)) == [("site_down", "site", "ok", "down: why")]
    assert shop.run(status=SiteStatus.DOWN) == []
    assert {s.status for s in shop.states().values()} == {ProductStatus.ACTIVE}


def test_failed_pages_are_not_removed_but_gone_pages_are(shop: Shop) -> None:
    shop.run(CATALOG)
    extra = [shop.failure(key(5)), shop.failure(key(6), "http_error", 404)]
    events = shop.run(CATALOG[:4], extra=extra, status=SiteStatus.PARTIAL)
    assert brief(events) == [
        ("product_removed", key(6), "Product 6", None),
        ("site_partial", "site", "ok", "partial: why"),
    ]
    assert shop.states()[5].status == ProductStatus.ACTIVE


def test_a_crawl_that_would_empty_the_shop_is_treated_as_partial(shop: Shop) -> None:
    shop.run(CATALOG)
    events = shop.run(CATALOG[:2])
    assert [e.kind for e in events] == ["site_partial"]
    assert "would remove 4 of 6 products" in (events[0].new or "")
    crawl = shop.repository.last_site_crawl(shop.id)
    assert crawl is not None and crawl.status == SiteStatus.PARTIAL
    assert "would remove 4 of 6 products" in (crawl.message or "")
    assert {s.status for s in shop.states().values()} == {ProductStatus.ACTIVE}
    loose = shop.run(CATALOG[:2], max_removed_share=0.9)
    assert sorted(e.kind for e in loose) == ["product_removed"] * 4


def test_a_removed_product_that_comes_back_is_returned(shop: Shop) -> None:
    shop.run(CATALOG)
    shop.run(CATALOG[:5])
    events = shop.run([*CATALOG[:5], Offer(6, price="12.00")])
    assert brief(events) == [
        ("product_returned", key(6), None, "Product 6"),
        ("price_changed", key(6), "10.00", "12.00"),
    ]
    assert shop.states()[6].status == ProductStatus.ACTIVE


def test_not_modified_pages_count_as_seen_unchanged(shop: Shop) -> None:
    shop.run(CATALOG)
    unchanged = SnapshotIn(
        competitor_id=shop.id,
        kind=SnapshotKind.PRODUCT,
        key=key(6),
        url=key(6),
        fetch_status=FetchStatus.NOT_MODIFIED,
        content_hash="",
        fetched_at=shop.at(9),
    )
    assert shop.run(CATALOG[:5], extra=[unchanged]) == []
    assert shop.states()[6].last_seen == fetched(1, 9)


def test_duplicate_pages_of_one_product_make_one_state(shop: Shop) -> None:
    shop.run(CATALOG)
    twin = shop.product(Offer(1, price="9.00", url_suffix="?color=red"), 7)
    assert shop.run(CATALOG, extra=[twin]) == []  # the page at the canonical URL wins
    fuller = shop.product(Offer(2, price="9.00", url_suffix="?ref=x", regular_price="12.00"), 8)
    events = shop.run(CATALOG, extra=[fuller])
    assert brief(events) == [
        ("price_changed", key(2), "10.00", "9.00"),
        ("price_changed", key(2), None, "12.00"),
    ]  # the more complete page wins
    states = shop.states()
    assert (len(states), states[1].price, states[2].price) == (6, 10, 9)


def test_only_the_given_competitors_are_diffed(shop: Shop) -> None:
    shop.run(CATALOG)
    run = shop.repository.start_run("test")
    shop.repository.add_snapshots(run.id, [shop.product(Offer(1, price="1.00"))])
    assert apply_run(shop.repository, run.id, [], now=DAY0) == []
    assert shop.states()[1].price == 10
    assert shop.repository.events(shop.id) == []


def blog_post(n: int, day: int, comments: int | None = None) -> Post:
    return Post(
        url=f"https://shop.test/blog/{n}",
        title=f"Post {n}",
        published=DAY0 + timedelta(days=day),
        comments=comments,
        source=PostSource.FEED,
    )


def test_posts_are_stored_and_a_new_one_is_reported_once_with_the_run(shop: Shop) -> None:
    posts = [blog_post(1, 0, comments=2), blog_post(2, 0)]
    first = shop.run(CATALOG, extra=[shop.snapshot(p, 0) for p in posts])
    newer = [blog_post(1, 0, comments=9), blog_post(2, 0), blog_post(3, 1)]
    second = shop.run(CATALOG, extra=[shop.snapshot(p, 0) for p in newer])
    third = shop.run(CATALOG, extra=[shop.snapshot(p, 0) for p in newer[1:]])

    states = shop.repository.content_states(shop.id, ContentKind.POST)
    assert first == [] and third == []
    assert brief(second) == [("post_published", "https://shop.test/blog/3", None, "Post 3")]
    assert second[0].run_id is not None
    assert len(states) == 3, "a post the feed no longer lists is kept"
    assert states[(ContentKind.POST, "https://shop.test/blog/1")].signals == {"comments": 9}


def test_content_snapshots_are_not_mistaken_for_failed_product_pages(shop: Shop) -> None:
    shop.run(CATALOG)
    events = shop.run(CATALOG[:-1], extra=[shop.snapshot(blog_post(1, 1), 0)])

    assert [e.kind for e in events] == ["product_removed"]
