from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from storage.records import CompetitorRecord, ContentKind, ContentState
from storage.repository import Repository

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def post(competitor: CompetitorRecord, **changes: object) -> ContentState:
    base = ContentState(
        competitor_id=competitor.id,
        kind=ContentKind.POST,
        key="https://acme.test/blog/winter-guide",
        url="https://acme.test/blog/winter-guide",
        title="Зимний гид: 12 советов",
        published=T0,
        modified=None,
        payload={"authors": ["Анна"], "language": "ru", "word_count": 1200},
        signals={"comments": 12},
        previous_signals={},
        previous_seen=None,
        first_seen=T0,
        last_seen=T0,
        content_hash="h1",
    )
    return replace(base, **changes)


def test_content_states_round_trip_with_their_documents(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    stored = post(competitor)
    repository.save_content_states([stored])

    assert repository.content_states(competitor.id) == {(ContentKind.POST, stored.key): stored}


def test_saving_again_replaces_the_state_of_the_same_kind_and_key_only(
    repository: Repository, competitor: CompetitorRecord
) -> None:
    first = post(competitor)
    video = post(competitor, kind=ContentKind.VIDEO, signals={"views": 10})
    repository.save_content_states([first, video])
    later = replace(
        first,
        signals={"comments": 15},
        previous_signals={"comments": 12},
        previous_seen=T0,
        last_seen=T0 + timedelta(days=1),
    )

    repository.save_content_states([later])

    assert repository.content_states(competitor.id, ContentKind.POST) == {
        (ContentKind.POST, first.key): later
    }
    assert (
        repository.content_states(competitor.id, ContentKind.VIDEO)[(ContentKind.VIDEO, video.key)]
        == video
    )
