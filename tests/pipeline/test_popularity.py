"""The popularity score: the worked example of docs/content.md, growth, ages and ranking."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline.popularity import engagement, popularity, ranking
from tests.pipeline.builders import T0, T1, content

DAY = timedelta(days=1)


def test_the_worked_example_of_the_docs() -> None:
    post = content(
        "post",
        "https://a.example/blog/spring",
        published=T1 - 14 * DAY,
        signals={"comments": 12, "shares": 3, "likes": 41, "views": 2_550},
        previous={"comments": 9, "shares": 3, "likes": 35, "views": 2_100},
        previous_seen=T1 - 3 * DAY,
    )
    assert engagement(post.signals) == 81.5
    score = popularity(post)
    assert (score.score, score.growth) == (10.321, 4.5)  # 81.5 / 14 + (81.5 - 68) / 3


def test_a_video_counts_ratings_like_likes_and_views_cheaply() -> None:
    video = content(
        "video",
        "https://v.example/w1",
        published=T1 - 2 * DAY,
        signals={"views": 900, "rating_count": 21},
    )
    assert popularity(video).score == 15.0  # (21 + 9) / 2 days


@pytest.mark.parametrize(
    ("published", "first_seen", "expected"),
    [
        (T1 - timedelta(hours=6), T1, 10.0),  # younger than a day counts as one day
        (T1 + timedelta(hours=6), T1, 10.0),  # a clock ahead of ours still one day
        (None, T1 - 4 * DAY, 2.5),  # unknown publication: age since first seen
        (None, T1, 10.0),
    ],
)
def test_age_is_floored_at_a_day_and_falls_back_to_first_seen(
    published, first_seen, expected
) -> None:
    post = content(
        "post",
        "https://a.example/p",
        published=published,
        first_seen=first_seen,
        signals={"likes": 10},
    )
    assert popularity(post).score == expected


def test_growth_needs_a_previous_reading_and_a_day_at_least() -> None:
    url, signals = "https://a.example/p", {"comments": 30}
    fresh = content("post", url, published=T1 - 10 * DAY, signals=signals)
    assert popularity(fresh).growth == 0.0
    recent = content(
        "post",
        url,
        published=T1 - 10 * DAY,
        signals=signals,
        previous={"comments": 27},
        previous_seen=T1 - timedelta(hours=2),
    )
    assert (popularity(recent).growth, popularity(recent).score) == (3.0, 6.0)


def test_a_figure_shown_for_the_first_time_is_not_growth() -> None:
    post = content(
        "post",
        "https://a.example/p",
        published=T0 - 9 * DAY,
        signals={"views": 1_500, "comments": 40},
        previous={"views": 1_000},
        previous_seen=T0,
    )
    assert popularity(post).growth == 5.0  # 500 more views in a day; the 40 comments are old


def test_shrinking_counts_give_negative_growth() -> None:
    post = content(
        "post",
        "https://a.example/p",
        published=T1 - DAY,
        signals={"comments": 4},
        previous={"comments": 10},
        previous_seen=T0,
    )
    assert popularity(post).growth == -6.0 and popularity(post).score == -2.0


def test_ranking_orders_by_score_then_newer_publication_then_url() -> None:
    posts = [
        content("post", "https://a.example/old-quiet", published=T1 - 30 * DAY),
        content("post", "https://a.example/b-tie", published=T1 - 5 * DAY, signals={"likes": 5}),
        content("post", "https://a.example/undated", signals={"likes": 1}, first_seen=T1),
        content("post", "https://a.example/a-tie", published=T1 - 5 * DAY, signals={"likes": 5}),
        content("post", "https://a.example/new-tie", published=T1 - 3 * DAY, signals={"likes": 3}),
        content("post", "https://a.example/hit", published=T1 - DAY, signals={"comments": 50}),
        content("post", "https://a.example/new-quiet", published=T1 - 2 * DAY),
    ]
    ranked = ranking(posts)
    assert [(r.rank, r.state.url.rsplit("/", 1)[1], r.popularity.score) for r in ranked] == [
        (1, "hit", 50.0),
        (2, "new-tie", 1.0),
        (3, "a-tie", 1.0),
        (4, "b-tie", 1.0),
        (5, "undated", 1.0),
        (6, "new-quiet", 0.0),
        (7, "old-quiet", 0.0),
    ]


def test_naive_times_are_taken_as_utc() -> None:
    naive = content(
        "post",
        "https://a.example/p",
        published=(T1 - 4 * DAY).replace(tzinfo=None),
        signals={"shares": 8},
        last_seen=T1.replace(tzinfo=None),
    )
    assert popularity(naive).score == 2.0
