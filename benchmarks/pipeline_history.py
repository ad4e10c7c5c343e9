"""A synthetic crawl history for the pipeline benchmark: ten shops, ten runs, real payloads.

Each run stores what a crawl would (products, a positioning snapshot, a few failed pages)
through the same `to_snapshot` translation and `add_snapshots` batches as the crawler, and
the catalog drifts between runs the way shops do: some prices and availabilities change,
some products leave, new ones arrive.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from crawlers.items import Availability, PageFailure, Positioning, Product
from crawlers.observation import Observation
from crawlers.snapshots import to_snapshot
from pipeline.update import apply_run
from storage.records import CompetitorKind, CompetitorSpec, RunStatus, SiteStatus
from storage.repository import Repository

SHOPS = 10
T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
BATCH = 500
"""Snapshots per `add_snapshots` call, as `crawlers.pipelines.StoragePipeline` writes them."""
PRICE_SHARE, AVAILABILITY_SHARE, CHURN_SHARE, FAILED_SHARE = 0.02, 0.01, 0.005, 0.001
"""Per run: products whose price changes, whose availability flips, that leave (and as
many that arrive), and whose page fails to load."""
_WORDS = ("trail", "alpine", "summit", "ridge", "canyon", "glacier")
_WORDS += ("forest", "river", "storm", "cedar", "granite", "aurora")
_KINDS = ("tent", "jacket", "boot", "pack", "lamp", "stove", "rope", "bottle", "glove", "tarp")
_BRANDS = ("Gipfelwerk", "Nordkamm", "Taiga", "Ridgeway", "Altura", "Fjell")


@dataclass(slots=True)
class Offer:
    """One product of a synthetic shop, as it currently stands."""

    number: int
    """Stable product number within the shop."""
    price: Decimal
    """Current price."""
    regular_price: Decimal | None
    """Price before a sale, when on sale."""
    availability: Availability
    """Current availability."""


@dataclass(slots=True)
class Shop:
    """One synthetic competitor and its live catalog."""

    competitor_id: int
    """Storage id."""
    host: str
    """Host name of its URLs."""
    offers: dict[int, Offer] = field(default_factory=dict)
    """Product number -> offer, the products on sale now."""
    next_number: int = 0
    """Number of the next product to arrive."""


def build_history(repository: Repository, products: int, runs: int, seed: int = 7) -> float:
    """Store `runs` runs of `products` products over ten shops; diff all but the last.

    Returns the seconds the last run's snapshots took to store (the crawl's share).
    """
    rng = random.Random(seed)
    specs = [
        CompetitorSpec(name=f"Shop {n:02d}", kind=CompetitorKind.DIRECT, homepage=_home(n))
        for n in range(SHOPS)
    ]
    stored = repository.sync_competitors(specs)
    shops = [Shop(stored[s.name].id, f"shop{n:02d}.example") for n, s in enumerate(specs)]
    for shop in shops:
        _arrive(shop, rng, products // SHOPS)
    seconds = 0.0
    for number in range(runs):
        if number:
            for shop in shops:
                _drift(shop, rng)
        seconds = store_run(repository, shops, number, rng)
        if number < runs - 1:
            run_id = repository.runs(limit=1)[0].id
            apply_run(repository, run_id, [s.competitor_id for s in shops], now=run_time(number))
            repository.finish_run(run_id, RunStatus.COMPLETED)
    return seconds


def run_time(number: int) -> datetime:
    """When run `number` (0-based) finished crawling: one run a day."""
    return T0 + timedelta(days=number, hours=1)


def store_run(repository: Repository, shops: list[Shop], number: int, rng: random.Random) -> float:
    """Store one run's snapshots shop by shop; return the seconds the storing took."""
    run = repository.start_run("benchmark")
    seconds = 0.0
    for shop in shops:
        repository.start_site_crawl(run.id, shop.competitor_id)
        snapshots = [to_snapshot(o) for o in _observations(shop, number, rng)]
        started = time.perf_counter()
        for start in range(0, len(snapshots), BATCH):
            repository.add_snapshots(run.id, snapshots[start : start + BATCH])
        seconds += time.perf_counter() - started
        errors = sum(1 for s in snapshots if s.error)
        repository.finish_site_crawl(
            run.id, shop.competitor_id, SiteStatus.OK, len(snapshots), errors
        )
    return seconds


def _observations(shop: Shop, number: int, rng: random.Random) -> Iterator[Observation]:
    fetched = T0 + timedelta(days=number)
    yield Observation(
        competitor_id=shop.competitor_id,
        item=_positioning(shop, number),
        fetched_at=fetched,
        http_status=200,
    )
    for index, offer in enumerate(shop.offers.values()):
        at = fetched + timedelta(seconds=index * 0.05)
        if rng.random() < FAILED_SHARE:
            failure = PageFailure(
                url=_url(shop, offer.number),
                kind="product",
                status="unreachable",
                reason="TimeoutError: timed out",
            )
            yield Observation(competitor_id=shop.competitor_id, item=failure, fetched_at=at)
            continue
        product = _product(shop, offer)
        yield Observation(
            competitor_id=shop.competitor_id, item=product, fetched_at=at, http_status=200
        )


def _product(shop: Shop, offer: Offer) -> Product:
    word = _WORDS[offer.number % len(_WORDS)]
    kind = _KINDS[offer.number % len(_KINDS)]
    price_text = f"{offer.price:,.2f} €".replace(",", " ").replace(".", ",")
    return Product(
        url=_url(shop, offer.number),
        canonical_url=f"https://{shop.host}/products/{word}-{kind}-{offer.number}",
        name=f"{word.title()} {kind} {offer.number} – {_BRANDS[offer.number % 6]} edition",
        price=offer.price,
        regular_price=offer.regular_price,
        currency="EUR",
        price_raw=price_text,
        availability=offer.availability,
        availability_raw=f"https://schema.org/{offer.availability.value}",
        sku=f"{shop.host[:6].upper()}-{offer.number:06d}",
        gtin=f"40{offer.number:011d}",
        brand=_BRANDS[offer.number % len(_BRANDS)],
        category=f"Outdoor > {kind.title()}s > {word.title()}",
        source="json-ld",
    )


def _url(shop: Shop, number: int) -> str:
    return f"https://{shop.host}/products/{number}?variant={number * 7}&ref=catalog"


def _home(n: int) -> str:
    return f"https://shop{n:02d}.example/"


def _positioning(shop: Shop, number: int) -> Positioning:
    return Positioning(
        url=f"https://{shop.host}/",
        title=f"{shop.host} – outdoor gear",
        meta_description="Tents, jackets and boots for every summit.",
        h1="Gear for the mountains",
        usp="Free shipping from 50 €" if number < 5 else "Free shipping on everything",
        language="de",
        languages=("de", "en"),
        social=(f"https://instagram.com/{shop.host}",),
    )


def _arrive(shop: Shop, rng: random.Random, count: int) -> None:
    for _ in range(count):
        price = Decimal(rng.randrange(499, 99_999)) / 100
        on_sale = rng.random() < 0.15
        shop.offers[shop.next_number] = Offer(
            number=shop.next_number,
            price=(price * Decimal("0.8")).quantize(Decimal("0.01")) if on_sale else price,
            regular_price=price if on_sale else None,
            availability=Availability.IN_STOCK
            if rng.random() < 0.85
            else Availability.OUT_OF_STOCK,
        )
        shop.next_number += 1


def _stock(in_stock: bool) -> Availability:
    return Availability.IN_STOCK if in_stock else Availability.OUT_OF_STOCK


def _drift(shop: Shop, rng: random.Random) -> None:
    """One day in a shop's life: prices and stock move, products leave and arrive."""
    numbers = list(shop.offers)
    for number in rng.sample(numbers, round(len(numbers) * PRICE_SHARE)):
        offer = shop.offers[number]
        offer.price = (offer.price * Decimal(rng.choice(("0.9", "0.95", "1.05", "1.1")))).quantize(
            Decimal("0.01")
        )
    for number in rng.sample(numbers, round(len(numbers) * AVAILABILITY_SHARE)):
        offer = shop.offers[number]
        offer.availability = _stock(offer.availability != Availability.IN_STOCK)
    churn = round(len(numbers) * CHURN_SHARE)
    for number in rng.sample(numbers, churn):
        del shop.offers[number]
    _arrive(shop, rng, churn)
