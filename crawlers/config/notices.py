"""Honest notices for config keys whose capability is not built yet."""

from __future__ import annotations

from crawlers.config.models import Config


def unused_key_notices(config: Config) -> list[str]:
    """One line per accepted-but-unused key that the file sets, so nothing is a silent no-op."""
    notices = []
    reviewed = [c.name for c in config.competitors if c.reviews]
    if reviewed:
        notices.append(
            "config key 'reviews' is accepted but not used yet (review collection is not built); "
            f"set for: {', '.join(reviewed)}"
        )
    return notices
