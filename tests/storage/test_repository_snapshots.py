"""Snapshots are append-only and come back exactly as stored, on every backend."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from storage.records import (
    CompetitorRecord,
    FetchStatus,
    RunRecord,
    SnapshotIn,
    SnapshotKind,
)
from storage.repository import Repository
from tests.storage.conftest import T0

LONG_KEY = "https://shop.test/p/" + "very-long-product-slug-" * 250  # ~5.8 kB, past btree limits


def _snapshot(competitor: CompetitorRecord, key: str, price: str, **extra: object) -> SnapshotIn:
    values: dict[str, object] = {
        "competitor_id": competitor.id,
        "kind": SnapshotKind.PRODUCT,
        "key": key,
        "url": key,
        "fetch_status": FetchStatus.OK,
        "content_hash": f"h-{key[-8:]}-{price}",
        "fetched_at": T0,
        "payload": {"name": "Thé vert 🍵", "price": price, "currency": "EUR"},
        "http_status": 200,
    }
    return SnapshotIn(**(values | extra))  # type: ignore[arg-type]


def test_snapshots_round_trip(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    sent = [
        _snapshot(competitor, "https://shop.test/a", "19.90", fetched_at=T0.astimezone(india)),
        _snapshot(competitor, LONG_KEY, "5"),
        SnapshotIn(
            competitor_id=competitor.id,
            kind=SnapshotKind.FAILURE,
            key="https://shop.test/gone",
            url="https://shop.test/gone",
            fetch_status=FetchStatus.HTTP_ERROR,
            content_hash="",
            fetched_at=T0,
            http_status=503,
            error="Service Unavailable",
        ),
    ]
    repository.add_snapshots(run.id, sent)
    stored = repository.run_snapshots(run.id, competitor.id)
    assert [s.key for s in stored] == [s.key for s in sent]
    for got, want in zip(stored, sent, strict=True):
        assert got.run_id == run.id
        assert (got.payload, got.fetch_status, got.http_status, got.error, got.url) == (
            want.payload,
            want.fetch_status,
            want.http_status,
            want.error,
            want.url,
        )
        assert got.fetched_at == T0 and got.fetched_at.tzinfo == UTC
    products = repository.run_snapshots(run.id, competitor.id, SnapshotKind.PRODUCT)
    assert [s.key for s in products] == ["https://shop.test/a", LONG_KEY]


def test_decimals_in_payloads_are_kept_as_exact_strings(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    snapshot = _snapshot(competitor, "https://shop.test/a", "x")
    payload = {"price": Decimal("0.10"), "seen": datetime(2026, 1, 2, tzinfo=UTC)}
    raw = dataclasses.replace(snapshot, payload=payload)
    repository.add_snapshots(run.id, [raw])
    (stored,) = repository.run_snapshots(run.id, competitor.id)
    assert stored.payload == {"price": "0.10", "seen": "2026-01-02T00:00:00+00:00"}


def test_history_is_append_only_and_newest_first(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    runs = [repository.start_run("cli") for _ in range(3)]
    for i, run in enumerate(runs):
        repository.add_snapshots(run.id, [_snapshot(competitor, LONG_KEY, f"{10 + i}.00")])
        repository.add_snapshots(run.id, [_snapshot(competitor, "https://shop.test/other", "1")])
    history = repository.snapshot_history(competitor.id, SnapshotKind.PRODUCT, LONG_KEY, limit=10)
    assert [s.payload["price"] for s in history] == ["12.00", "11.00", "10.00"]
    assert [s.run_id for s in history] == [r.id for r in reversed(runs)]
    limited = repository.snapshot_history(competitor.id, SnapshotKind.PRODUCT, LONG_KEY, limit=2)
    assert limited == history[:2]
    # earlier runs still hold exactly what they stored
    assert [s.payload["price"] for s in repository.run_snapshots(runs[0].id, competitor.id)] == [
        "10.00",
        "1",
    ]


def test_latest_snapshot(repository: Repository, competitor: CompetitorRecord) -> None:
    assert repository.latest_snapshot(competitor.id, SnapshotKind.PRODUCT) is None
    first, second = repository.start_run("cli"), repository.start_run("cli")
    repository.add_snapshots(first.id, [_snapshot(competitor, "https://shop.test/a", "1")])
    repository.add_snapshots(second.id, [_snapshot(competitor, "https://shop.test/b", "2")])
    latest = repository.latest_snapshot(competitor.id, SnapshotKind.PRODUCT)
    latest_a = repository.latest_snapshot(
        competitor.id, SnapshotKind.PRODUCT, "https://shop.test/a"
    )
    assert latest is not None and latest.key == "https://shop.test/b"
    assert latest_a is not None and latest_a.run_id == first.id
    assert repository.latest_snapshot(competitor.id, SnapshotKind.POSITIONING) is None


def test_snapshot_histories_in_one_call(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    keys = [f"https://shop.test/{n}" for n in range(3)] + [LONG_KEY]
    for i in range(4):
        run = repository.start_run("cli")
        repository.add_snapshots(run.id, [_snapshot(competitor, k, str(i)) for k in keys])
    everything = repository.snapshot_histories(competitor.id, SnapshotKind.PRODUCT, per_key=2)
    assert set(everything) == set(keys)
    assert all([s.payload["price"] for s in h] == ["3", "2"] for h in everything.values())
    some = repository.snapshot_histories(
        competitor.id, SnapshotKind.PRODUCT, per_key=3, keys=[LONG_KEY, "https://shop.test/none"]
    )
    assert list(some) == [LONG_KEY]
    assert [s.payload["price"] for s in some[LONG_KEY]] == ["3", "2", "1"]


def test_ten_thousand_snapshots_in_one_call(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    batch = [_snapshot(competitor, f"https://shop.test/p/{n}", f"{n}.99") for n in range(10_000)]
    repository.add_snapshots(run.id, batch)
    stored = repository.run_snapshots(run.id, competitor.id, SnapshotKind.PRODUCT)
    assert len(stored) == 10_000
    assert stored[-1].payload["price"] == "9999.99"
    assert len({s.id for s in stored}) == 10_000


def test_price_history_keeps_changes(repository: Repository, competitor: CompetitorRecord) -> None:
    prices = ["19.90", "19.90", "17.50", None]
    for i, price in enumerate(prices):
        run = repository.start_run("cli")
        at = T0 + timedelta(days=i)
        snapshot = _snapshot(competitor, "https://shop.test/a", "x", fetched_at=at)
        payload = {"price": price, "currency": "EUR"}
        failed = _snapshot(
            competitor, "https://shop.test/a", "x", fetch_status=FetchStatus.UNREACHABLE
        )
        repository.add_snapshots(
            run.id,
            [dataclasses.replace(snapshot, payload=payload), failed],
        )
    points = repository.price_history(competitor.id)
    assert [(p.at, p.price, p.currency) for p in points] == [
        (T0, Decimal("19.90"), "EUR"),
        (T0 + timedelta(days=2), Decimal("17.50"), "EUR"),
        (T0 + timedelta(days=3), None, "EUR"),
    ]
    assert len(repository.price_history(competitor.id, changes_only=False)) == 4
    since = repository.price_history(competitor.id, since=T0 + timedelta(days=1))
    assert [p.price for p in since] == [Decimal("19.90"), Decimal("17.50"), None]


def test_run_snapshots_of_some_keys_and_hashes(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    keys = [f"https://shop.test/{n}" for n in range(1200)] + [LONG_KEY]
    repository.add_snapshots(run.id, [_snapshot(competitor, k, "1") for k in keys])
    hashes = repository.run_snapshot_hashes(run.id, competitor.id, SnapshotKind.PRODUCT)
    assert list(hashes) == keys
    assert hashes[LONG_KEY] == f"h-{LONG_KEY[-8:]}-1"
    wanted = keys[::2]  # more keys than one IN list takes
    some = repository.run_snapshots(run.id, competitor.id, SnapshotKind.PRODUCT, keys=wanted)
    assert [s.key for s in some] == wanted
    assert repository.run_snapshots(run.id, competitor.id, keys=["https://elsewhere.test/"]) == []


def test_run_snapshot_digests_list_every_fetch_without_payloads(
    repository: Repository, competitor: CompetitorRecord, run: RunRecord
) -> None:
    sent = [
        _snapshot(competitor, "https://shop.test/a", "1"),
        _snapshot(competitor, LONG_KEY, "2", fetch_status=FetchStatus.NOT_MODIFIED),
        _snapshot(competitor, "https://shop.test/a", "3"),
        _snapshot(competitor, "https://shop.test/", "4", kind=SnapshotKind.POSITIONING),
    ]
    repository.add_snapshots(run.id, sent)
    digests = repository.run_snapshot_digests(run.id, competitor.id, SnapshotKind.PRODUCT)
    assert digests == [(s.key, s.content_hash, s.fetch_status) for s in sent[:3]]
    assert repository.run_snapshot_digests(run.id + 1, competitor.id, SnapshotKind.PRODUCT) == []


def test_price_history_ignores_how_a_price_is_written(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    for price in ("19.90", "19.9", "19.90"):
        run = repository.start_run("cli")
        repository.add_snapshots(run.id, [_snapshot(competitor, "https://shop.test/a", price)])
    assert [p.price for p in repository.price_history(competitor.id)] == [Decimal("19.90")]
