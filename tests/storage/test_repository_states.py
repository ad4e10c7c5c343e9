"""Product states upsert, change events append; both round-trip exactly on every backend."""

from __future__ import annotations

import dataclasses
from datetime import timedelta, timezone
from decimal import Decimal

import pytest

from storage.records import (
    ChangeEventRecord,
    CompetitorKind,
    CompetitorRecord,
    CompetitorSpec,
    FetchStatus,
    ProductState,
    ProductStatus,
    RunRecord,
    SnapshotIn,
    SnapshotKind,
)
from storage.repository import Repository
from tests.fixtures.postgres import PostgresServer
from tests.storage.conftest import T0

LONG_KEY = "https://shop.test/p/?" + "&filter=colour-dark-blue" * 200


def _state(competitor: CompetitorRecord, key: str, price: str | None = "19.90") -> ProductState:
    return ProductState(
        competitor_id=competitor.id,
        key=key,
        url=key,
        name="Ärmel-T-Shirt",
        sku="SKU-1",
        price=None if price is None else Decimal(price),
        regular_price=Decimal("24.90"),
        currency="EUR",
        availability="InStock",
        status=ProductStatus.ACTIVE,
        first_seen=T0,
        last_seen=T0,
        content_hash="abc",
    )


@pytest.mark.parametrize("price", ["19.90", "0.0001", "1500", "99999999999.9999", "-3.25", None])
def test_prices_stay_exact(
    repository: Repository, competitor: CompetitorRecord, price: str | None
) -> None:
    repository.save_product_states([_state(competitor, "https://shop.test/a", price)])
    stored = repository.product_states(competitor.id)["https://shop.test/a"]
    assert stored.price == (None if price is None else Decimal(price))
    assert stored.regular_price == Decimal("24.90")


@pytest.mark.postgres
def test_postgres_keeps_all_eighteen_digits(postgres_server: PostgresServer) -> None:
    name = postgres_server.create_database()
    repository = Repository.from_url(postgres_server.url(name))
    try:
        competitor = repository.sync_competitors(
            [CompetitorSpec(name="Big", kind=CompetitorKind.DIRECT, homepage="https://b.test/")]
        )["Big"]
        repository.save_product_states([_state(competitor, "k", "12345678901234.5678")])
        assert repository.product_states(competitor.id)["k"].price == Decimal("12345678901234.5678")
    finally:
        repository.close()
        postgres_server.drop_database(name)


def test_price_scale_padding_is_dropped(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    repository.save_product_states([_state(competitor, "https://shop.test/a", "19.90")])
    stored = repository.product_states(competitor.id)["https://shop.test/a"]
    assert (str(stored.price), str(stored.regular_price)) == ("19.9", "24.9")


def test_product_states_round_trip_and_upsert(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    states = [_state(competitor, f"https://shop.test/{n}") for n in range(3)] + [
        _state(competitor, LONG_KEY)
    ]
    repository.save_product_states(states)
    assert repository.product_states(competitor.id) == {s.key: s for s in states}

    later = T0 + timedelta(days=1)
    changed = dataclasses.replace(
        states[-1], price=Decimal("17.50"), status=ProductStatus.REMOVED, last_seen=later
    )
    repository.save_product_states([changed])
    stored = repository.product_states(competitor.id)
    assert len(stored) == 4
    assert stored[LONG_KEY] == changed
    assert stored["https://shop.test/0"] == states[0]


def test_states_of_some_keys_and_their_hashes(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    keys = [f"https://shop.test/{n}" for n in range(1100)] + [LONG_KEY]
    states = [_state(competitor, key) for key in keys]
    states[0] = dataclasses.replace(states[0], status=ProductStatus.REMOVED, content_hash="gone")
    repository.save_product_states(states)
    wanted = [*keys[::3], "https://shop.test/never-seen"]
    assert repository.product_states(competitor.id, keys=wanted) == {s.key: s for s in states[::3]}
    hashes = repository.product_state_hashes(competitor.id)
    assert len(hashes) == len(keys) and hashes[keys[0]] == "gone" and hashes[LONG_KEY] == "abc"
    active = repository.product_state_hashes(competitor.id, ProductStatus.ACTIVE)
    assert set(active) == set(keys[1:])


def test_states_are_per_competitor(repository: Repository, competitor: CompetitorRecord) -> None:
    other = repository.sync_competitors(
        [CompetitorSpec(name="Other", kind=CompetitorKind.SELF, homepage="https://us.test/")]
    )["Other"]
    same_key = "https://shared.test/p"
    repository.save_product_states(
        [_state(competitor, same_key, "1"), _state(other, same_key, "2")]
    )
    assert repository.product_states(competitor.id)[same_key].price == Decimal(1)
    assert repository.product_states(other.id)[same_key].price == Decimal(2)


def test_duplicate_keys_in_one_call_keep_the_last(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    key = "https://shop.test/a"
    repository.save_product_states([_state(competitor, key, "1"), _state(competitor, key, "2")])
    assert repository.product_states(competitor.id)[key].price == Decimal(2)


def test_many_states_are_upserted(repository: Repository, competitor: CompetitorRecord) -> None:
    states = [_state(competitor, f"https://shop.test/{n}", f"{n}.5") for n in range(6_000)]
    repository.save_product_states(states)
    repository.save_product_states(dataclasses.replace(s, price=Decimal(7)) for s in states)
    stored = repository.product_states(competitor.id)
    assert len(stored) == 6_000
    assert {s.price for s in stored.values()} == {Decimal(7)}


def test_mark_products_seen_touches_only_fetched_products(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    keys = ["https://shop.test/seen", "https://shop.test/304", "https://shop.test/down", LONG_KEY]
    repository.save_product_states([_state(competitor, key) for key in keys])
    statuses = [FetchStatus.OK, FetchStatus.NOT_MODIFIED, FetchStatus.UNREACHABLE, FetchStatus.OK]
    repository.add_snapshots(
        run.id,
        [
            SnapshotIn(
                competitor_id=competitor.id,
                kind=SnapshotKind.PRODUCT,
                key=key,
                url=key,
                fetch_status=status,
                content_hash="h",
                fetched_at=T0,
            )
            for key, status in zip(keys, statuses, strict=True)
        ],
    )
    later = T0 + timedelta(days=2)
    assert repository.mark_products_seen(competitor.id, run.id, later) == 3
    last_seen = {k: s.last_seen for k, s in repository.product_states(competitor.id).items()}
    assert last_seen == {keys[0]: later, keys[1]: later, keys[2]: T0, LONG_KEY: later}


def test_mark_products_seen_at_their_own_fetch_times(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    keys = ["https://shop.test/once", "https://shop.test/twice", "https://shop.test/failed"]
    repository.save_product_states([_state(competitor, key) for key in keys])
    fetches = [
        (keys[0], FetchStatus.OK, 1),
        (keys[1], FetchStatus.OK, 2),
        (keys[1], FetchStatus.NOT_MODIFIED, 3),
        (keys[2], FetchStatus.PARSE_ERROR, 4),
    ]
    repository.add_snapshots(
        run.id,
        [
            SnapshotIn(
                competitor_id=competitor.id,
                kind=SnapshotKind.PRODUCT,
                key=key,
                url=key,
                fetch_status=status,
                content_hash="h",
                fetched_at=T0 + timedelta(hours=hours),
            )
            for key, status, hours in fetches
        ],
    )
    assert repository.mark_products_seen(competitor.id, run.id) == 2
    last_seen = {k: s.last_seen for k, s in repository.product_states(competitor.id).items()}
    assert last_seen == {
        keys[0]: T0 + timedelta(hours=1),
        keys[1]: T0 + timedelta(hours=3),  # the latest of its fetches
        keys[2]: T0,
    }


def test_saving_no_states_is_fine(repository: Repository, competitor: CompetitorRecord) -> None:
    repository.save_product_states([])
    assert repository.product_states(competitor.id) == {}


def _event(
    competitor: CompetitorRecord, run: RunRecord | None, kind: str, hours: int
) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=competitor.id,
        kind=kind,
        detected_at=T0 + timedelta(hours=hours),
        entity="product",
        key=LONG_KEY,
        url=LONG_KEY,
        sku="SKU-1",
        field="price",
        old="19.90",
        new="17.50",
        run_id=None if run is None else run.id,
    )


def test_events_round_trip_newest_first(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    sent = [_event(competitor, run, "price_changed", h) for h in (1, 3, 2)]
    sent.append(_event(competitor, None, "site_down", 4))
    repository.add_events(sent)
    stored = repository.events()
    assert [e.detected_at for e in stored] == [T0 + timedelta(hours=h) for h in (4, 3, 2, 1)]
    assert all(e.id is not None for e in stored)
    assert [dataclasses.replace(e, id=None) for e in stored] == [sent[3], sent[1], sent[2], sent[0]]
    assert [e.kind for e in repository.events(limit=1)] == ["site_down"]
    assert len(repository.events(since=T0 + timedelta(hours=2))) == 3
    assert len(repository.events(run_id=run.id)) == 3
    assert len(repository.events(competitor_id=competitor.id + 1000)) == 0


def test_many_events_in_one_call(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    repository.add_events([_event(competitor, run, "price_changed", h) for h in range(700)])
    stored = repository.events(competitor_id=competitor.id)
    assert len(stored) == 700
    assert stored[0].detected_at == T0 + timedelta(hours=699)
    assert repository.count_events(competitor.id, kinds=["price_changed"]) == 700


def test_events_since_accepts_any_timezone(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    repository.add_events([_event(competitor, None, "price_changed", h) for h in (1, 2)])
    tokyo = timezone(timedelta(hours=9))
    since = (T0 + timedelta(hours=2)).astimezone(tokyo)
    assert [e.detected_at for e in repository.events(since=since)] == [T0 + timedelta(hours=2)]


def test_event_counts(repository: Repository, competitor: CompetitorRecord) -> None:
    other = repository.sync_competitors(
        [CompetitorSpec(name="Other", kind=CompetitorKind.INDIRECT, homepage="https://o.test/")]
    )["Other"]
    repository.add_events(
        [
            _event(competitor, None, "price_changed", 1),
            _event(competitor, None, "price_changed", 5),
            _event(competitor, None, "product_added", 6),
            _event(other, None, "product_removed", 7),
        ]
    )
    assert repository.count_events() == 4
    assert repository.count_events(competitor.id, kinds=["price_changed"]) == 2
    assert repository.count_events(competitor.id, since=T0 + timedelta(hours=5)) == 2
    assert repository.count_events(kinds=[]) == 0
    assert repository.event_counts() == {
        (competitor.id, "price_changed"): 2,
        (competitor.id, "product_added"): 1,
        (other.id, "product_removed"): 1,
    }
    assert repository.event_counts(since=T0 + timedelta(hours=6)) == {
        (competitor.id, "product_added"): 1,
        (other.id, "product_removed"): 1,
    }
