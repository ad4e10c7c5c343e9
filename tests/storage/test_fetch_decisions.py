"""Fetch decisions: one per competitor and page kind, upserted, confirmed, forgotten."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from storage.records import (
    CompetitorKind,
    CompetitorRecord,
    CompetitorSpec,
    FetchDecision,
    Fetcher,
)
from storage.repository import Repository
from tests.storage.conftest import T0

API = "https://acme.test/api/catalog/products.json?page=1"


def _decision(competitor: CompetitorRecord, page_kind: str, **extra: object) -> FetchDecision:
    values: dict[str, object] = {
        "competitor_id": competitor.id,
        "page_kind": page_kind,
        "fetcher": Fetcher.BROWSER,
        "reason": "the HTML lists no products; the rendered page lists 24",
        "decided_at": T0,
        "confirmed_at": T0,
    }
    return FetchDecision(**(values | extra))  # type: ignore[arg-type]


def _other(repository: Repository) -> CompetitorRecord:
    spec = CompetitorSpec(name="Béta", kind=CompetitorKind.FOREIGN, homepage="https://b.test/")
    return repository.sync_competitors([spec])["Béta"]


def test_decisions_round_trip_by_page_kind(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    listing = _decision(competitor, "listing", fetcher=Fetcher.API, endpoint=API)
    homepage = _decision(competitor, "homepage", decided_at=T0.astimezone(india))
    repository.save_fetch_decision(listing)
    repository.save_fetch_decision(homepage)
    stored = repository.fetch_decisions(competitor.id)
    assert stored == {"homepage": homepage, "listing": listing}
    assert stored["listing"].fetcher is Fetcher.API
    assert stored["homepage"].decided_at.utcoffset() == timedelta(0)
    assert repository.fetch_decisions(competitor.id + 1) == {}


def test_saving_again_replaces_only_that_kind_of_that_competitor(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    other = _other(repository)
    repository.save_fetch_decision(_decision(competitor, "listing"))
    repository.save_fetch_decision(_decision(competitor, "product"))
    repository.save_fetch_decision(_decision(other, "listing"))
    later = T0 + timedelta(days=3)
    replacement = _decision(
        competitor,
        "listing",
        fetcher=Fetcher.API,
        endpoint=API,
        reason="the page loads its products from a JSON API",
        decided_at=later,
        confirmed_at=later,
    )
    repository.save_fetch_decision(replacement)
    decisions = repository.fetch_decisions(competitor.id)
    assert decisions == {"listing": replacement, "product": _decision(competitor, "product")}
    assert repository.fetch_decisions(other.id) == {"listing": _decision(other, "listing")}
    back_to_http = dataclasses.replace(replacement, fetcher=Fetcher.HTTP, endpoint=None)
    repository.save_fetch_decision(back_to_http)
    assert repository.fetch_decisions(competitor.id)["listing"].endpoint is None


def test_confirming_moves_confirmed_at_forward_only(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    decision = _decision(competitor, "listing")
    repository.save_fetch_decision(decision)
    repository.confirm_fetch_decision(competitor.id, "listing", T0 + timedelta(days=2))
    repository.confirm_fetch_decision(competitor.id, "listing", T0 + timedelta(days=1))  # late
    stored = repository.fetch_decisions(competitor.id)["listing"]
    assert stored == dataclasses.replace(decision, confirmed_at=T0 + timedelta(days=2))
    repository.confirm_fetch_decision(competitor.id, "product", T0 + timedelta(days=2))
    assert set(repository.fetch_decisions(competitor.id)) == {"listing"}  # nothing created


def test_forgetting_drops_one_decision_and_a_new_one_can_follow(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    repository.save_fetch_decision(_decision(competitor, "listing"))
    repository.save_fetch_decision(_decision(competitor, "homepage"))
    repository.forget_fetch_decision(competitor.id, "listing")
    repository.forget_fetch_decision(competitor.id, "listing")  # already gone: a no-op
    assert set(repository.fetch_decisions(competitor.id)) == {"homepage"}
    fresh = _decision(
        competitor, "listing", fetcher=Fetcher.HTTP, decided_at=T0 + timedelta(days=1)
    )
    repository.save_fetch_decision(fresh)
    assert repository.fetch_decisions(competitor.id)["listing"] == fresh


def test_invalid_decisions_are_refused(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    with pytest.raises(ValueError, match="ftp"):
        repository.save_fetch_decision(_decision(competitor, "listing", fetcher="ftp"))
    naive = datetime(2026, 3, 1, 12, 0)
    with pytest.raises(StatementError, match="timezone-aware"):
        repository.save_fetch_decision(_decision(competitor, "listing", decided_at=naive))
    with pytest.raises(IntegrityError):
        repository.save_fetch_decision(
            dataclasses.replace(_decision(competitor, "listing"), competitor_id=competitor.id + 99)
        )
    assert repository.fetch_decisions(competitor.id) == {}
