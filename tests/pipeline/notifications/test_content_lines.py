"""Digest lines of posts, videos, mentions and social profiles."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from crawlers.config.monitoring import NotifyConfig
from pipeline.notifications import build_digest
from pipeline.notifications.run import digests_for, read_facts
from storage.records import ChangeEventRecord, ContentState
from tests.pipeline.builders import T0, T1, competitor, content
from tests.pipeline.notifications.shops import Shops

ACME = competitor(name="Acme")
POST, VIDEO = "https://acme.example/blog/spring", "https://video.example/watch?v=1"
MENTION, IG = "https://news.example/acme-opens", "https://www.instagram.com/acme"


def _event(kind: str, entity: str, url: str, **fields: str | None) -> ChangeEventRecord:
    return ChangeEventRecord(
        competitor_id=1,
        kind=kind,
        detected_at=T1,
        entity=entity,
        key=url,
        url=url,
        run_id=2,
        **fields,  # type: ignore[arg-type]
    )


EVENTS = [
    _event("post_published", "post", POST, new="Spring *sale*"),
    _event("post_published", "post", "https://acme.example/blog/undated", new=None),
    _event("post_updated", "post", POST, field="modified", old=T0.isoformat(), new=T1.isoformat()),
    _event("post_updated", "post", POST, field="title", old="Spring", new="Spring *sale*"),
    _event("video_published", "video", VIDEO, new="Unboxing"),
    _event("mention_found", "mention", MENTION, new="Acme opens a shop"),
    _event("mention_found", "mention", "https://www.blog.example/a", new="Acme again"),
    _event("social_profile_added", "social", IG, field="social", new=IG),
    _event("social_profile_removed", "social", "https://x.com/acme", field="social", old="x"),
]
STATES = [
    content("post", POST, published=T1 - timedelta(days=1), title="Spring *sale*"),
    content("video", VIDEO, published=T0, title="Unboxing"),
    content("mention", MENTION, published=T1, title="Acme opens a shop", source="Daily News"),
]


def _by_key(states: list[ContentState]) -> dict[tuple[str, str], ContentState]:
    return {(str(s.kind), s.key): s for s in states}


def test_content_lines_read_as_sentences() -> None:
    digest = build_digest(ACME, EVENTS, run_id=2, content=_by_key(STATES))
    assert digest is not None
    assert digest.kinds == (
        "social_profile_added",
        "social_profile_removed",
        "post_published",
        "post_updated",
        "video_published",
        "mention_found",
    )
    lines = digest.body.splitlines()
    assert f"- New post: [Spring \\*sale\\*]({POST}) (2024-05-01)" in lines
    assert (
        "- New post: [https://acme.example/blog/undated](https://acme.example/blog/undated)"
        in lines
    )
    assert (
        f"- Updated post: [Spring \\*sale\\*]({POST}): "
        "title “Spring” → “Spring \\*sale\\*”; modified 2024-05-02"
    ) in lines
    assert f"- New video: [Unboxing]({VIDEO}) (2024-05-01)" in lines
    assert f"- Mentioned by Daily News: [Acme opens a shop]({MENTION}) (2024-05-02)" in lines
    assert "- Mentioned by blog.example: [Acme again](https://www.blog.example/a)" in lines
    assert f"- Social profile added: [{IG}]({IG}) (instagram)" in lines
    assert "- Social profile removed: [https://x.com/acme](https://x.com/acme) (x)" in lines
    assert "- **2** new posts" in lines and "- **1** post updated" in lines
    assert lines.index("**New posts**") < lines.index("**Mentions**")


def test_new_posts_are_listed_newest_first() -> None:
    older = replace(
        STATES[0], key=POST + "-old", url=POST + "-old", published=T0 - timedelta(days=9)
    )
    events = [_event("post_published", "post", older.key, new="Old"), EVENTS[0]]
    digest = build_digest(ACME, events, run_id=2, content=_by_key([older, STATES[0]]))
    assert digest is not None
    posts = [line for line in digest.body.splitlines() if line.startswith("- New post")]
    assert [p.split("](")[0] for p in posts] == [
        "- New post: [Spring \\*sale\\*",
        "- New post: [Old",
    ]


def test_a_run_reads_the_publication_dates_it_reports(shops: Shops) -> None:
    acme = shops.ids["Acme"]
    shops.repository.save_content_states([replace(s, competitor_id=acme) for s in STATES])
    run_id = shops.run(events={"Acme": EVENTS[:1] + EVENTS[4:6]})
    facts = read_facts(shops.repository, run_id, [acme], [])
    (digest,) = digests_for(NotifyConfig(url="json://localhost/"), facts, run_id)
    assert f"- New post: [Spring \\*sale\\*]({POST}) (2024-05-01)" in digest.body
    assert f"- Mentioned by Daily News: [Acme opens a shop]({MENTION}) (2024-05-02)" in digest.body
