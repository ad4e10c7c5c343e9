"""After a run is published: send each notification target one digest per competitor.

`notify_run` is the one entry point the runner calls. It reads what the run changed and
how each site's recent crawls went, builds the digests each target asked for (its kinds,
its competitors), and delivers them. Nothing here fails the run: a target that cannot be
reached is logged and retried, and a problem preparing the messages is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from crawlers.config.monitoring import SITE_UNHEALTHY, NotifyConfig
from pipeline.notifications.digest import Digest, build_digest
from pipeline.notifications.health import CrawlHealth, assess, load_history
from pipeline.notifications.lines import CONTENT_ENTITIES
from pipeline.notifications.sender import ATTEMPTS, BACKOFF_S, Sender
from pipeline.values import sort_text
from storage.records import (
    ChangeEventRecord,
    CompetitorRecord,
    ContentState,
    ProductState,
)
from storage.repository import Repository

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """One digest sent, or not, to one target."""

    target: str
    """The target's URL, secrets masked."""
    competitor: str
    """Whose digest it was."""
    title: str
    """The message's title."""
    kinds: tuple[str, ...]
    """The kinds it reported."""
    attempts: int
    """Tries made."""
    error: str | None = None
    """Why it was not delivered (None when it was)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyReport:
    """What `notify_run` sent and failed to send, for logs and tests."""

    sent: tuple[Delivery, ...] = ()
    """Digests the targets accepted."""
    failed: tuple[Delivery, ...] = ()
    """Digests that could not be delivered after every attempt."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFacts:
    """What one run changed, read once for every target."""

    competitors: list[CompetitorRecord]
    """The run's competitors, by name."""
    events: dict[int, list[ChangeEventRecord]]
    """Competitor id -> the run's change events."""
    products: dict[int, dict[str, ProductState]]
    """Competitor id -> stored states of the products its events name."""
    content: dict[int, dict[tuple[str, str], ContentState]]
    """Competitor id -> (kind, key) -> stored posts, videos and mentions its events name."""
    health: dict[int, list[CrawlHealth]]
    """Competitor id -> its recent finished crawls, newest first (when a target asks)."""


def notify_run(
    targets: Sequence[NotifyConfig],
    repository: Repository,
    run_id: int,
    competitor_ids: Sequence[int],
    *,
    attempts: int = ATTEMPTS,
    backoff_s: float = BACKOFF_S,
) -> NotifyReport:
    """Send run `run_id`'s digests to `targets`; never raises.

    Each target gets at most one message per competitor: the kinds it listens `on`, of the
    `competitors` it names (all when none; names match case-insensitively), and a
    `site_unhealthy` alert or recovery notice by its `unhealthy_after`. Nothing to say,
    nothing sent.
    """
    if not targets or not competitor_ids:
        return NotifyReport()
    try:
        facts = read_facts(repository, run_id, competitor_ids, targets)
        plan = [(target, digests_for(target, facts, run_id)) for target in targets]
    except Exception:  # a bug or a database hiccup here must not fail a published run
        logger.exception("notifications of run %d could not be prepared", run_id)
        return NotifyReport()
    deliveries = [
        d for target, digests in plan for d in _deliver(target, digests, attempts, backoff_s)
    ]
    return NotifyReport(
        sent=tuple(d for d in deliveries if d.error is None),
        failed=tuple(d for d in deliveries if d.error is not None),
    )


def read_facts(
    repository: Repository,
    run_id: int,
    competitor_ids: Sequence[int],
    targets: Sequence[NotifyConfig],
) -> RunFacts:
    """Read the run's events, the product and content states they name, and crawl histories."""
    wanted = set(competitor_ids)
    competitors = [c for c in repository.competitors() if c.id in wanted]
    competitors.sort(key=lambda c: (sort_text(c.name), c.id))
    events: dict[int, list[ChangeEventRecord]] = {}
    for event in reversed(repository.events(run_id=run_id)):  # oldest first
        if event.competitor_id in wanted:
            events.setdefault(event.competitor_id, []).append(event)
    products = {
        cid: repository.product_states(cid, {e.key for e in found if e.entity == "product"})
        for cid, found in events.items()
    }
    content = {cid: _content(repository, cid, found) for cid, found in events.items()}
    depth = max((t.unhealthy_after for t in targets if SITE_UNHEALTHY in t.on), default=0)
    health = {c.id: load_history(repository, c.id, depth) for c in competitors} if depth else {}
    return RunFacts(
        competitors=competitors, events=events, products=products, content=content, health=health
    )


def _content(
    repository: Repository, competitor_id: int, events: list[ChangeEventRecord]
) -> dict[tuple[str, str], ContentState]:
    """The stored posts, videos and mentions `events` name, by (kind, key)."""
    named = {(e.entity, e.key) for e in events if e.entity in CONTENT_ENTITIES}
    if not named:
        return {}
    stored = repository.content_states(competitor_id).items()
    return {(str(kind), key): state for (kind, key), state in stored if (kind, key) in named}


def digests_for(target: NotifyConfig, facts: RunFacts, run_id: int) -> list[Digest]:
    """The digests one target gets: one per competitor it follows that has news for it."""
    names = {name.casefold() for name in target.competitors}
    digests = []
    for competitor in facts.competitors:
        if names and competitor.name.casefold() not in names:
            continue
        history = facts.health.get(competitor.id, [])
        digest = build_digest(
            competitor,
            facts.events.get(competitor.id, []),
            run_id=run_id,
            kinds=set(target.on),
            products=facts.products.get(competitor.id),
            content=facts.content.get(competitor.id),
            health=assess(history, run_id, target.unhealthy_after),
        )
        if digest is not None:
            digests.append(digest)
    return digests


def _deliver(
    target: NotifyConfig, digests: list[Digest], attempts: int, backoff_s: float
) -> list[Delivery]:
    if not digests:
        return []
    try:
        sender = Sender(target.url, attempts=attempts, backoff_s=backoff_s)
    except Exception as error:  # apprise failing to even load a URL must not fail the run
        logger.warning("notification target could not be loaded: %s", type(error).__name__)
        return [_delivery("(unloadable)", d, 0, type(error).__name__) for d in digests]
    deliveries = []
    for digest in digests:
        outcome = sender.send(digest.title, digest.body, warning=digest.warning)
        if outcome.ok:
            logger.info("notified %s: %s", sender.masked_url, digest.title)
        deliveries.append(_delivery(sender.masked_url, digest, outcome.attempts, outcome.error))
    return deliveries


def _delivery(target: str, digest: Digest, attempts: int, error: str | None) -> Delivery:
    return Delivery(
        target=target,
        competitor=digest.competitor,
        title=digest.title,
        kinds=digest.kinds,
        attempts=attempts,
        error=error,
    )
