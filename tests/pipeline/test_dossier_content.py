"""The dossier's posts, videos, social profiles and mentions: keys, order and values."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest

from pipeline.dossier import DossierInput, build_dossier
from pipeline.schemas import load_schema
from pipeline.social import network
from tests.pipeline.builders import T0, T1, competitor, content, crawl

DAY = timedelta(days=1)
CONTENT = [
    content(
        "post",
        "https://a.example/blog/quiet",
        published=T1 - 2 * DAY,
        title="Quiet news",
        authors=["Ann"],
        language="en",
        word_count=None,
        source="feed",
    ),
    content(
        "post",
        "https://a.example/blog/spring",
        published=T1 - 14 * DAY,
        modified=T1 - 13 * DAY,
        signals={"comments": 12, "shares": 3, "likes": 41, "views": 2_550},
        previous={"comments": 9, "shares": 3, "likes": 35, "views": 2_100},
        previous_seen=T1 - 3 * DAY,
        title="Spring sale",
        authors=["Ann", "Bo"],
        language="de",
        word_count=812,
        source="page",
        first_seen=T0 - 10 * DAY,
    ),
    content(
        "video",
        "https://video.example/watch?v=1",
        published=T1 - 2 * DAY,
        signals={"views": 900, "rating_count": 21},
        title="Unboxing",
        rating="4.5",
        channel="Alpha TV",
    ),
    content("mention", "https://news.example/old", published=T0 - 5 * DAY, title="Old story"),
    content(
        "mention",
        "https://news.example/new",
        published=T1,
        title="Alpha opens a shop",
        source="Daily News",
        summary="Alpha opened ...",
    ),
    content("mention", "https://blog.example/undated", title="Undated", first_seen=T0),
]
SOCIAL = [
    "https://www.youtube.com/@alpha",
    "https://twitter.com/alpha",
    "https://facebook.com/alpha",
]


def _dossier(**overrides: object) -> dict:
    values: dict[str, object] = {
        "competitor": competitor(),
        "last_crawl": crawl(),
        "positioning": {"url": "https://c1.example/", "social": SOCIAL},
        "products": [],
        "changes": [],
        "generated_at": T1 + timedelta(hours=1),
        "content": CONTENT,
    }
    values.update(overrides)
    dossier = build_dossier(DossierInput(**values))  # type: ignore[arg-type]
    jsonschema.validate(dossier, load_schema("dossier"))
    return dossier


def test_posts_are_ranked_by_popularity_with_their_fields() -> None:
    posts = _dossier()["posts"]
    assert [p["url"] for p in posts] == [
        "https://a.example/blog/spring",
        "https://a.example/blog/quiet",
    ]
    assert posts[0] == {
        "url": "https://a.example/blog/spring",
        "title": "Spring sale",
        "published": "2024-04-18T08:00:00Z",
        "modified": "2024-04-19T08:00:00Z",
        "authors": ["Ann", "Bo"],
        "comments": 12,
        "views": 2550,
        "shares": 3,
        "likes": 41,
        "word_count": 812,
        "language": "de",
        "popularity": 10.321,
        "growth": 4.5,
        "rank": 1,
        "first_seen": "2024-04-21T08:00:00Z",
    }
    quiet = posts[1]
    assert (quiet["comments"], quiet["word_count"], quiet["popularity"], quiet["rank"]) == (
        None,
        None,
        0.0,
        2,
    )


def test_videos_carry_rating_as_a_decimal_string() -> None:
    (video,) = _dossier()["videos"]
    assert video == {
        "url": "https://video.example/watch?v=1",
        "title": "Unboxing",
        "published": "2024-04-30T08:00:00Z",
        "views": 900,
        "rating": "4.50",
        "rating_count": 21,
        "channel": "Alpha TV",
        "popularity": 15.0,
        "growth": 0.0,
        "rank": 1,
    }


def test_social_profiles_are_named_by_network() -> None:
    assert _dossier()["social"] == [
        {"url": "https://facebook.com/alpha", "network": "facebook"},
        {"url": "https://twitter.com/alpha", "network": "x"},
        {"url": "https://www.youtube.com/@alpha", "network": "youtube"},
    ]


def test_mentions_newest_first_undated_by_first_sighting() -> None:
    mentions = _dossier()["mentions"]
    assert [m["title"] for m in mentions] == ["Alpha opens a shop", "Undated", "Old story"]
    assert mentions[0] == {
        "url": "https://news.example/new",
        "title": "Alpha opens a shop",
        "published": "2024-05-02T08:00:00Z",
        "source": "Daily News",
        "summary": "Alpha opened ...",
        "first_seen": "2024-05-01T08:00:00Z",
    }


def test_a_competitor_without_content_has_empty_lists() -> None:
    dossier = _dossier(content=(), positioning=None)
    assert [dossier[k] for k in ("posts", "videos", "social", "mentions")] == [[], [], [], []]


def test_schema_rejects_a_float_rating() -> None:
    dossier = _dossier()
    dossier["videos"][0]["rating"] = 4.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dossier, load_schema("dossier"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.instagram.com/alpha/", "instagram"),
        ("https://de-de.facebook.com/alpha", "facebook"),
        ("https://fb.com/alpha", "facebook"),
        ("https://x.com/alpha", "x"),
        ("https://mobile.twitter.com/alpha", "x"),
        ("https://www.linkedin.com/company/alpha", "linkedin"),
        ("https://youtube.com/@alpha", "youtube"),
        ("https://www.tiktok.com/@alpha", "tiktok"),
        ("https://m.vk.com/alpha", "vk"),
        ("https://t.me/alpha", "telegram"),
        ("https://www.pinterest.de/alpha", "pinterest"),
        ("https://ok.ru/alpha", "odnoklassniki"),
        ("https://www.xing.com/pages/alpha", "xing"),
        ("not a url", None),
    ],
)
def test_network_names(url: str, expected: str | None) -> None:
    assert network(url) == expected
