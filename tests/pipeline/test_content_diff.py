from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from crawlers.items import Mention, Post, PostSource, Video
from crawlers.items.codec import content_hash, to_payload
from pipeline.content_diff import ContentDiff, diff_content
from storage.records import ContentKind, ContentState, FetchStatus, SnapshotKind, SnapshotRecord

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
"""When the previous run read the feeds."""
T1 = T0 + timedelta(days=1)
"""This run."""
BLOG = "https://acme.example/blog/"
_IDS = itertools.count(1)


def observed(item: Post | Video | Mention, at: datetime = T1) -> SnapshotRecord:
    payload = to_payload(item)
    kind = {Post: SnapshotKind.POST, Video: SnapshotKind.VIDEO, Mention: SnapshotKind.MENTION}
    return SnapshotRecord(
        id=next(_IDS),
        run_id=2,
        competitor_id=1,
        kind=kind[type(item)],
        key=item.key,
        url=item.url,
        fetch_status=FetchStatus.OK,
        content_hash=content_hash(payload),
        fetched_at=at,
        payload=payload,
    )


def diff(
    kind: ContentKind, stored: list[ContentState], *items: Post | Video | Mention
) -> ContentDiff:
    return diff_content(
        competitor_id=1,
        run_id=2,
        detected_at=T1,
        kind=kind,
        stored={s.key: s for s in stored},
        observed=[observed(item) for item in items],
    )


def earlier(kind: ContentKind, *items: Post | Video | Mention) -> list[ContentState]:
    """The states a first run (at T0) left for `items`."""
    return diff_content(
        competitor_id=1,
        run_id=1,
        detected_at=T0,
        kind=kind,
        stored={},
        observed=[observed(item, T0) for item in items],
    ).states


def post(slug: str, **fields: Any) -> Post:
    return Post(url=BLOG + slug, title=fields.pop("title", slug.title()), **fields)


def kinds(result: ContentDiff) -> list[tuple[str, str, str | None]]:
    return [(e.kind, e.key.removeprefix(BLOG), e.field) for e in result.events]


def test_the_first_crawl_is_a_baseline_without_events() -> None:
    result = diff(ContentKind.POST, [], post("a", published=T0), post("b", published=T0))

    assert result.events == []
    assert [s.key for s in result.states] == [BLOG + "a", BLOG + "b"]


def test_a_new_post_is_published_once_and_old_ones_stay_quiet() -> None:
    stored = earlier(ContentKind.POST, post("a", published=T0 - timedelta(days=3)))

    first = diff(ContentKind.POST, stored, post("a", published=T0), post("b", published=T1))
    again = diff(ContentKind.POST, first.states, post("b", published=T1))

    assert kinds(first) == [("post_published", "b", None)]
    assert first.events[0].new == "B"
    assert again.events == []


def test_an_archive_post_found_later_is_not_news() -> None:
    stored = earlier(ContentKind.POST, post("new", published=T0))

    result = diff(
        ContentKind.POST, stored, post("from-2019", published=datetime(2019, 1, 1, tzinfo=UTC))
    )

    assert result.events == []
    assert [s.key for s in result.states] == [BLOG + "from-2019"]


def test_a_post_without_a_date_is_news_when_first_seen() -> None:
    stored = earlier(ContentKind.POST, post("a", published=T0))

    assert kinds(diff(ContentKind.POST, stored, post("undated"))) == [
        ("post_published", "undated", None)
    ]


def test_a_later_modification_time_or_a_new_title_is_an_update() -> None:
    stored = earlier(
        ContentKind.POST,
        post("a", published=T0, modified=T0 + timedelta(hours=1)),
        post("b", published=T0, title="Winter guide"),
    )

    result = diff(
        ContentKind.POST,
        stored,
        post("a", published=T0, modified=T1),
        post("b", published=T0, title="Winter guide 2026"),
    )

    assert kinds(result) == [("post_updated", "a", "modified"), ("post_updated", "b", "title")]
    assert (result.events[1].old, result.events[1].new) == ("Winter guide", "Winter guide 2026")


def test_comment_counts_update_the_state_and_keep_the_previous_figures_for_growth() -> None:
    stored = earlier(ContentKind.POST, post("a", published=T0, comments=3))

    result = diff(ContentKind.POST, stored, post("a", published=T0, comments=7, views=100))
    unchanged = diff(ContentKind.POST, result.states, post("a", published=T0, comments=7))

    state = result.states[0]
    assert result.events == [], "a busier post is not an updated one"
    assert (state.signals, state.previous_signals, state.previous_seen) == (
        {"comments": 7, "views": 100},
        {"comments": 3},
        T0,
    )
    assert unchanged.states[0].signals == {"comments": 7, "views": 100}
    assert unchanged.states[0].previous_signals == {"comments": 3}, "growth stays measurable"


def test_a_page_read_wins_over_the_feed_entry_of_the_same_post() -> None:
    stored = earlier(ContentKind.POST, post("x", published=T0))
    from_feed = post("a", published=T1, comments=2, source="feed")
    from_page = post("a", published=T1, comments=5, word_count=800, source="page")

    result = diff(ContentKind.POST, stored, from_page, from_feed)

    assert kinds(result) == [("post_published", "a", None)]
    assert result.states[0].signals == {"comments": 5}


def test_videos_are_published_and_their_views_tracked() -> None:
    stored = earlier(
        ContentKind.VIDEO, Video(url="https://video.example/v/1", views=10, published=T0)
    )

    result = diff(
        ContentKind.VIDEO,
        stored,
        Video(url="https://video.example/v/1", views=25, published=T0),
        Video(url="https://video.example/v/2", views=1, published=T1, title="Unboxing"),
    )

    assert [(e.kind, e.new) for e in result.events] == [("video_published", "Unboxing")]
    assert result.states[0].previous_signals == {"views": 10}


def test_a_mention_syndicated_under_another_url_is_found_once() -> None:
    stored = earlier(
        ContentKind.MENTION, Mention(url="https://news.example/1", title="Old news", published=T0)
    )

    result = diff(
        ContentKind.MENTION,
        stored,
        Mention(url="https://a.example/story", title="Acme opens a store in Berlin", published=T1),
        Mention(url="https://b.example/copy", title="ACME opens a store in Berlin!", published=T1),
    )

    assert [(e.kind, e.url) for e in result.events] == [
        ("mention_found", "https://a.example/story")
    ]
    assert [s.url for s in result.states] == ["https://a.example/story"]


def test_of_a_syndicated_story_the_earliest_copy_is_kept() -> None:
    result = diff(
        ContentKind.MENTION,
        [],
        Mention(url="https://a.example/copy", title="Acme opens", published=T1),
        Mention(url="https://z.example/original", title="Acme opens", published=T0),
    )

    assert [s.url for s in result.states] == ["https://z.example/original"]


def test_a_post_read_apart_from_its_feed_entry_keeps_what_each_knows_best() -> None:
    stamp = datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
    feed = post("a", title="A", published=stamp, comments=4, source=PostSource.FEED)
    page = post(
        "a",
        title="A | Acme blog",
        published=datetime(2026, 3, 1, tzinfo=UTC),
        comments=2,
        word_count=900,
        source=PostSource.PAGE,
    )

    [state] = diff(ContentKind.POST, [], page, feed).states

    assert (state.title, state.published, state.signals) == ("A", stamp, {"comments": 4})
    assert state.payload["word_count"] == 900
    assert state.payload["source"] == "merged"


def test_news_is_judged_by_the_sites_own_dates_not_the_crawl_clock() -> None:
    long_ago = datetime(2021, 5, 1, tzinfo=UTC)  # a site whose posts all carry old dates
    stored = earlier(ContentKind.POST, post("a", published=long_ago))

    result = diff(
        ContentKind.POST,
        stored,
        post("a", published=long_ago),
        post("b", published=long_ago + timedelta(days=2)),
        post("older", published=long_ago - timedelta(days=30)),
    )

    assert kinds(result) == [("post_published", "b", None)]
