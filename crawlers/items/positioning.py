"""How a competitor presents itself on its homepage."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Positioning:
    """Homepage positioning fields; each is diffed on its own."""

    url: str
    """Homepage URL."""
    title: str | None = None
    """<title> text."""
    meta_description: str | None = None
    """<meta name=description> content."""
    h1: str | None = None
    """First H1 text."""
    usp: str | None = None
    """Hero/USP line: the most prominent promise near the top of the page."""
    language: str | None = None
    """<html lang> value."""
    languages: tuple[str, ...] = field(default_factory=tuple)
    """Languages offered: html lang plus hreflang alternates, sorted."""
    social: tuple[str, ...] = field(default_factory=tuple)
    """Links to the competitor's social network profiles, sorted."""
