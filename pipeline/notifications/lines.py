"""Say one change in one Markdown line, in the analyst's terms.

An `Item` is what one line reports: a product's price move (its `price`, `regular_price`
and `currency` events together), a product added or removed, one positioning field, the
site's status, a post, video or mention (a post's title and modification time together),
a social profile. Everything crawled goes through `pipeline.notifications.markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from pipeline.events import ChangeKind
from pipeline.notifications.markdown import NAME_LIMIT, md_link, md_text
from pipeline.social import network
from pipeline.values import as_utc, decimal_str, parse_decimal, parse_iso
from storage.records import ChangeEventRecord, ContentKind, ContentState, ProductState

POSITIONING_LABELS = {
    "title": "Page title",
    "meta_description": "Meta description",
    "h1": "Main heading",
    "usp": "Selling points",
    "language": "Language",
    "languages": "Languages",
    "social": "Social links",  # events stored before profiles were reported one by one
}
"""Positioning fields (pipeline.positioning_diff.POSITIONING_FIELDS) as people call them."""
CONTENT_ENTITIES = frozenset(str(kind) for kind in ContentKind)
"""Event entities that are posts, videos or mentions (`ContentState.kind`)."""
_NAMED_BY_EVENT: dict[str, str] = {
    ChangeKind.PRODUCT_ADDED: "new",
    ChangeKind.PRODUCT_RETURNED: "new",
    ChangeKind.PRODUCT_REMOVED: "old",
    ChangeKind.POST_PUBLISHED: "new",
    ChangeKind.VIDEO_PUBLISHED: "new",
    ChangeKind.MENTION_FOUND: "new",
}
"""Kinds whose event carries the product's name or the content's title, and in which of
`old`/`new`."""
_ONE_PER_KEY = CONTENT_ENTITIES | {"product"}
"""Entities reported in one line per key and kind, whatever fields their events name."""
_ARROW = " → "


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """What one line of a digest reports."""

    kind: str
    """The ChangeKind value of its events."""
    events: tuple[ChangeEventRecord, ...]
    """Its events (several only for a product's price, regular price and currency)."""
    product: ProductState | None = None
    """The product's current state, when it is a product and one is stored."""
    content: ContentState | None = None
    """The post's, video's or mention's stored state, when it is one and one is stored."""

    @property
    def first(self) -> ChangeEventRecord:
        """Its first event, which carries the key, URL and SKU."""
        return self.events[0]

    def field(self, name: str) -> ChangeEventRecord | None:
        """Its event on field `name`, if any."""
        return next((e for e in self.events if e.field == name), None)

    @property
    def name(self) -> str | None:
        """The product's name or the content's title: from its event, else its stored state."""
        carrier = _NAMED_BY_EVENT.get(self.kind)
        named = getattr(self.first, carrier) if carrier else None
        stored = self.product.name if self.product else None
        return named or stored or (self.content.title if self.content else None) or self.first.sku


def group(
    events: list[ChangeEventRecord],
    products: Mapping[str, ProductState],
    content: Mapping[tuple[str, str], ContentState] | None = None,
) -> dict[str, list[Item]]:
    """Items by kind, in first-seen order: one per product or content and kind, one per other
    field. `content` maps (entity, key) to stored posts, videos and mentions.
    """
    grouped: dict[tuple[str, ...], list[ChangeEventRecord]] = {}
    for event in events:
        ident = (event.kind, event.key)
        if event.entity not in _ONE_PER_KEY:
            ident += (event.field or "",)
        grouped.setdefault(ident, []).append(event)
    items: dict[str, list[Item]] = {}
    for (kind, key, *_rest), members in grouped.items():
        entity = members[0].entity
        item = Item(
            kind=kind,
            events=tuple(members),
            product=products.get(key) if entity == "product" else None,
            content=(content or {}).get((entity, key)) if entity in CONTENT_ENTITIES else None,
        )
        items.setdefault(kind, []).append(item)
    return items


def price_change(item: Item) -> Decimal | None:
    """The price's relative move in percent (-10.1 for 10.1% cheaper), None if not comparable."""
    event, currency = item.field("price"), item.field("currency")
    if event is None or currency is not None:
        return None
    old, new = parse_decimal(event.old), parse_decimal(event.new)
    if old is None or new is None or old <= 0:
        return None
    try:
        return ((new - old) * 100 / old).quantize(Decimal("0.1"))
    except InvalidOperation:  # an absurd move (1E-20 -> 1E+10) outgrows Decimal's precision
        return None


def render(item: Item) -> str:
    """The item's line, without the list marker."""
    return _RENDERERS.get(item.kind, _generic_line)(item)


def _product(item: Item) -> str:
    url = item.product.url if item.product else item.first.url
    return md_link(item.name or "", url or item.first.url or item.first.key, NAME_LIMIT)


def _money(value: str | None, currency: str | None) -> str:
    if value is None:
        return "no price"
    return md_text(f"{value} {currency or ''}".strip(), 40)


def _price_line(item: Item) -> str:
    currency = item.product.currency if item.product else None
    moved = item.field("currency")
    old_cur, new_cur = (moved.old, moved.new) if moved else (currency, currency)
    parts = []
    if (price := item.field("price")) is not None:
        change = price_change(item)
        percent = "" if change is None else f" ({change:+}%)"
        parts.append(f"{_money(price.old, old_cur)}{_ARROW}{_money(price.new, new_cur)}{percent}")
    if (regular := item.field("regular_price")) is not None:
        was = f"{_money(regular.old, old_cur)}{_ARROW}{_money(regular.new, new_cur)}"
        parts.append(f"regular price {was}")
    if moved is not None and price is None and regular is None:
        parts.append(f"currency {_value(moved.old)}{_ARROW}{_value(moved.new)}")
    return f"{_product(item)}: {'; '.join(parts)}"


def _listed_line(item: Item) -> str:
    state = item.product
    if state is None or state.price is None:
        return _product(item)
    return f"{_product(item)}, {_money(decimal_str(state.price), state.currency)}"


def _availability(value: str | None) -> str:
    """`OutOfStock` (schema.org) reads `out of stock`; other words stay as they are."""
    if value is None:
        return "unknown"
    return md_text(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value.rsplit("/", 1)[-1]).lower(), 40)


def _availability_line(item: Item) -> str:
    event = item.first
    return f"{_product(item)}: {_availability(event.old)}{_ARROW}{_availability(event.new)}"


def _value(value: str | None) -> str:
    return "(none)" if value is None else f"“{md_text(value)}”"


def _positioning_line(item: Item) -> str:
    event = item.first
    label = POSITIONING_LABELS.get(event.field or "", md_text(event.field or "positioning", 40))
    return f"{label}: {_value(event.old)}{_ARROW}{_value(event.new)}"


def _site_line(item: Item) -> str:
    event = item.first
    return f"{md_text(event.old or 'unknown', 40)}{_ARROW}{md_text(event.new or 'unknown')}"


def _generic_line(item: Item) -> str:
    """Kinds added after this module was written still read: what, which field, from, to."""
    event = item.first
    what = _product(item) if event.entity == "product" else md_text(event.key, NAME_LIMIT)
    field = f" {md_text(event.field, 40)}" if event.field else ""
    return f"{what}{field}: {_value(event.old)}{_ARROW}{_value(event.new)}"


def _content_link(item: Item) -> str:
    url = item.content.url if item.content else item.first.url
    return md_link(item.name or "", url or item.first.key, NAME_LIMIT)


def _day(moment: datetime | None) -> str:
    return f"{as_utc(moment):%Y-%m-%d}" if moment else "unknown date"


def _dated(item: Item) -> str:
    """The link to the content, with its publication day when known."""
    published = item.content.published if item.content else None
    return _content_link(item) + (f" ({_day(published)})" if published else "")


def _post_line(item: Item) -> str:
    return f"New post: {_dated(item)}"


def _post_updated_line(item: Item) -> str:
    parts = []
    if (title := item.field("title")) is not None:
        parts.append(f"title {_value(title.old)}{_ARROW}{_value(title.new)}")
    if (modified := item.field("modified")) is not None:
        parts.append(f"modified {_day(_moment(modified.new))}")
    return f"Updated post: {_content_link(item)}" + (f": {'; '.join(parts)}" if parts else "")


def _moment(text: str | None) -> datetime | None:
    try:
        return parse_iso(text)
    except ValueError:
        return None


def _video_line(item: Item) -> str:
    return f"New video: {_dated(item)}"


def _mention_line(item: Item) -> str:
    source = item.content.payload.get("source") if item.content else None
    source = source or _host(item.first.url or item.first.key) or "unknown source"
    return f"Mentioned by {md_text(source, 80)}: {_dated(item)}"


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _social_line(item: Item) -> str:
    event = item.first
    verb = "added" if event.kind == ChangeKind.SOCIAL_PROFILE_ADDED else "removed"
    name = network(event.key)
    suffix = f" ({md_text(name, 40)})" if name else ""
    return f"Social profile {verb}: {md_link(event.key, event.url or event.key)}{suffix}"


_RENDERERS: dict[str, Callable[[Item], str]] = {
    ChangeKind.PRICE_CHANGED: _price_line,
    ChangeKind.PRODUCT_ADDED: _listed_line,
    ChangeKind.PRODUCT_REMOVED: _listed_line,
    ChangeKind.PRODUCT_RETURNED: _listed_line,
    ChangeKind.AVAILABILITY_CHANGED: _availability_line,
    ChangeKind.POSITIONING_CHANGED: _positioning_line,
    ChangeKind.SITE_DOWN: _site_line,
    ChangeKind.SITE_PARTIAL: _site_line,
    ChangeKind.POST_PUBLISHED: _post_line,
    ChangeKind.POST_UPDATED: _post_updated_line,
    ChangeKind.VIDEO_PUBLISHED: _video_line,
    ChangeKind.MENTION_FOUND: _mention_line,
    ChangeKind.SOCIAL_PROFILE_ADDED: _social_line,
    ChangeKind.SOCIAL_PROFILE_REMOVED: _social_line,
}
