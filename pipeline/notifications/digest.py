"""Build one competitor's digest of one run: counts first, then the lines that matter most.

Pure: the run's events (and the stored product states they name) in, a title and a
Markdown body out, or None when there is nothing to say. Each section shows its most
important lines (the biggest price moves first) up to a cap, then "and N more", so a run
with 5,000 changes still makes a message a person reads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crawlers.config.monitoring import SITE_UNHEALTHY
from pipeline.events import ChangeKind
from pipeline.notifications.health import CrawlHealth, HealthNotice
from pipeline.notifications.lines import POSITIONING_LABELS, Item, group, price_change, render
from pipeline.notifications.markdown import NAME_LIMIT, md_text, one_line
from pipeline.values import as_utc, parse_decimal, sort_text
from storage.records import (
    ChangeEventRecord,
    CompetitorRecord,
    ContentState,
    ProductState,
    SiteStatus,
)

PER_SECTION = 10
"""Lines shown per kind of change before "and N more"."""
MAX_LINES = 30
"""Lines shown in all, over all kinds."""
HEALTH_RUNS = 5
"""Runs of an unhealthy streak listed in an alert."""

KIND_ORDER = (
    ChangeKind.SITE_DOWN,
    ChangeKind.SITE_PARTIAL,
    ChangeKind.PRICE_CHANGED,
    ChangeKind.PRODUCT_ADDED,
    ChangeKind.PRODUCT_REMOVED,
    ChangeKind.PRODUCT_RETURNED,
    ChangeKind.AVAILABILITY_CHANGED,
    ChangeKind.POSITIONING_CHANGED,
    ChangeKind.SOCIAL_PROFILE_ADDED,
    ChangeKind.SOCIAL_PROFILE_REMOVED,
    ChangeKind.POST_PUBLISHED,
    ChangeKind.POST_UPDATED,
    ChangeKind.VIDEO_PUBLISHED,
    ChangeKind.MENTION_FOUND,
)
"""Sections in the order a reader needs them; kinds added later follow alphabetically."""
NOUNS: dict[str, tuple[str, str]] = {
    ChangeKind.SITE_DOWN: ("site down", "site down"),
    ChangeKind.SITE_PARTIAL: ("incomplete crawl", "incomplete crawls"),
    ChangeKind.PRICE_CHANGED: ("price change", "price changes"),
    ChangeKind.PRODUCT_ADDED: ("new product", "new products"),
    ChangeKind.PRODUCT_REMOVED: ("product removed", "products removed"),
    ChangeKind.PRODUCT_RETURNED: ("product back", "products back"),
    ChangeKind.AVAILABILITY_CHANGED: ("availability change", "availability changes"),
    ChangeKind.POSITIONING_CHANGED: ("positioning change", "positioning changes"),
    ChangeKind.SOCIAL_PROFILE_ADDED: ("social profile added", "social profiles added"),
    ChangeKind.SOCIAL_PROFILE_REMOVED: ("social profile removed", "social profiles removed"),
    ChangeKind.POST_PUBLISHED: ("new post", "new posts"),
    ChangeKind.POST_UPDATED: ("post updated", "posts updated"),
    ChangeKind.VIDEO_PUBLISHED: ("new video", "new videos"),
    ChangeKind.MENTION_FOUND: ("mention", "mentions"),
}
"""How one and several items of a kind are counted ("3 price changes")."""
NEWEST_FIRST = frozenset(
    {
        ChangeKind.POST_PUBLISHED,
        ChangeKind.POST_UPDATED,
        ChangeKind.VIDEO_PUBLISHED,
        ChangeKind.MENTION_FOUND,
    }
)
"""Kinds whose lines are ordered by publication, newest first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """One message: what one run changed at one competitor, for one target."""

    competitor_id: int
    """Whose changes it reports."""
    competitor: str
    """The competitor's name."""
    title: str
    """One plain-text line: the competitor and the main counts."""
    body: str
    """Markdown: counts per kind, then the most important lines per kind."""
    kinds: tuple[str, ...]
    """The kinds it reports, in order (`site_unhealthy` for a health notice)."""
    warning: bool = False
    """Whether it alerts that a site stays down or empty (sent as a warning, not info)."""


def build_digest(
    competitor: CompetitorRecord,
    events: Sequence[ChangeEventRecord],
    *,
    run_id: int,
    kinds: Collection[str] | None = None,
    products: Mapping[str, ProductState] | None = None,
    content: Mapping[tuple[str, str], ContentState] | None = None,
    health: HealthNotice | None = None,
    per_section: int = PER_SECTION,
    max_lines: int = MAX_LINES,
) -> Digest | None:
    """Digest `events` (one competitor's, one run's) of `kinds` (None: all); None when quiet.

    `products` maps product keys to their stored states, for names, URLs and currencies
    the events do not carry; `content` maps (entity, key) of posts, videos and mentions to
    theirs, for publication dates and mention sources. `health` is reported only when
    `kinds` lets `site_unhealthy`.
    """
    wanted = [e for e in events if kinds is None or e.kind in kinds]
    if kinds is not None and SITE_UNHEALTHY not in kinds:
        health = None
    sections = _sections(group(wanted, products or {}, content))
    if not sections and health is None:
        return None
    counts = [_count(kind, items) for kind, items in sections]
    body = [f"**{md_text(competitor.name, NAME_LIMIT)}** · run {run_id}", ""]
    body += _health_block(health) if health else []
    body += [f"- {count}" for count in counts] + [""] if counts else []
    body += _section_blocks(sections, per_section, max_lines)
    return Digest(
        competitor_id=competitor.id,
        competitor=competitor.name,
        title=_title(competitor.name, health, counts),
        body="\n".join(body).strip() + "\n",
        kinds=((SITE_UNHEALTHY,) if health else ()) + tuple(kind for kind, _ in sections),
        warning=health is not None and not health.recovered,
    )


def _sections(items: dict[str, list[Item]]) -> list[tuple[str, list[Item]]]:
    known = [str(kind) for kind in KIND_ORDER if kind in items]
    later = sorted(kind for kind in items if kind not in KIND_ORDER)
    return [(kind, sorted(items[kind], key=_importance(kind))) for kind in known + later]


def _importance(kind: str) -> Callable[[Item], tuple[Any, ...]]:
    """Sort key of a section's items, most important first."""
    if kind == ChangeKind.PRICE_CHANGED:
        return lambda item: (*_move(price_change(item)), sort_text(item.name), item.first.key)
    if kind == ChangeKind.POSITIONING_CHANGED:
        fields = list(POSITIONING_LABELS)
        return lambda item: (_index(fields, item.first.field), item.first.field or "")
    if kind in NEWEST_FIRST:
        return lambda item: (*_newest(item), sort_text(item.name), item.first.key)
    return lambda item: (sort_text(item.name), item.first.key)


def _move(change: Decimal | None) -> tuple[bool, Decimal]:
    """Biggest relative price moves first, up or down; unknown moves last."""
    return (change is None, -abs(change) if change is not None else Decimal(0))


def _newest(item: Item) -> tuple[bool, float]:
    """Newest publication first; unknown dates last."""
    published = item.content.published if item.content else None
    return (published is None, -as_utc(published).timestamp() if published else 0.0)


def _index(values: list[str], value: str | None) -> int:
    return values.index(value) if value in values else len(values)


def _count(kind: str, items: list[Item]) -> str:
    singular, plural = NOUNS.get(kind, (kind.replace("_", " "),) * 2)
    text = f"**{len(items)}** {singular if len(items) == 1 else plural}"
    if kind != ChangeKind.PRICE_CHANGED:
        return text
    down = sum(1 for item in items if _direction(item) < 0)
    up = sum(1 for item in items if _direction(item) > 0)
    return text + (f" ({down} down, {up} up)" if down or up else "")


def _direction(item: Item) -> int:
    event = item.field("price")
    old = parse_decimal(event.old) if event else None
    new = parse_decimal(event.new) if event else None
    if old is None or new is None or old == new:
        return 0
    return 1 if new > old else -1


def _section_blocks(
    sections: list[tuple[str, list[Item]]], per_section: int, max_lines: int
) -> list[str]:
    lines: list[str] = []
    budget = max_lines
    for kind, items in sections:
        shown = items[: max(0, min(per_section, budget))]
        budget -= len(shown)
        heading = NOUNS.get(kind, (kind.replace("_", " "),) * 2)[1]
        lines += [f"**{heading[:1].upper()}{heading[1:]}**", ""]
        lines += [f"- {render(item)}" for item in shown]
        if len(items) > len(shown):
            lines.append(f"- … and {len(items) - len(shown)} more")
        lines.append("")
    return lines


def _health_block(notice: HealthNotice) -> list[str]:
    if notice.recovered:
        runs = len(notice.streak)
        return [
            f"✅ **Site is back.** Run {notice.current.run_id} found products again "
            f"after {_runs(runs)} down or empty.",
            "",
        ]
    lines = [
        f"⚠️ **Site down or empty for {_runs(len(notice.streak))} in a row.** "
        "A changed page layout, a broken selector or a blocked crawler is likely; "
        "its products are kept as they were until a good crawl.",
        "",
    ]
    lines += [f"- {_crawl_line(crawl)}" for crawl in notice.streak[:HEALTH_RUNS]]
    return [*lines, ""]


def _crawl_line(crawl: CrawlHealth) -> str:
    when = as_utc(crawl.finished_at).strftime("%Y-%m-%d %H:%M UTC")
    what = "down" if crawl.status == SiteStatus.DOWN else f"{crawl.status}, no products found"
    why = f": {md_text(crawl.message)}" if crawl.message else ""
    return f"run {crawl.run_id}, {when}: {what}{why}"


def _title(name: str, health: HealthNotice | None, counts: list[str]) -> str:
    parts = [count.replace("**", "") for count in counts[:3]] + (["…"] if len(counts) > 3 else [])
    if health is not None:
        state = "site is back" if health.recovered else "site down or empty"
        parts.insert(0, state if health.recovered else f"{state} for {_runs(len(health.streak))}")
    return f"rivalwatch: {one_line(name, 80)}: {', '.join(parts)}"


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"
