"""The vocabulary of change: what kinds of events the diff reports."""

from __future__ import annotations

from enum import StrEnum

from storage.records import ChangeEventRecord

ChangeEvent = ChangeEventRecord


class ChangeKind(StrEnum):
    """Event kinds; later capabilities append (post_published, review_added, ...)."""

    PRODUCT_ADDED = "product_added"
    PRODUCT_REMOVED = "product_removed"
    PRODUCT_RETURNED = "product_returned"
    PRICE_CHANGED = "price_changed"
    AVAILABILITY_CHANGED = "availability_changed"
    POSITIONING_CHANGED = "positioning_changed"
    POST_PUBLISHED = "post_published"
    POST_UPDATED = "post_updated"
    VIDEO_PUBLISHED = "video_published"
    MENTION_FOUND = "mention_found"
    SOCIAL_PROFILE_ADDED = "social_profile_added"
    SOCIAL_PROFILE_REMOVED = "social_profile_removed"
    SITE_DOWN = "site_down"
    SITE_PARTIAL = "site_partial"
