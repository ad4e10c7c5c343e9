"""HTML templates of the demo shops, kept as .html files beside the code.

One file per platform flavour; sections start with a line `<!-- @name -->` and use
string.Template placeholders (`$name`, `${name}`, `$$` for a dollar sign). Values are
inserted as given, so callers escape text with `text.esc` first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from string import Template

_SECTION = re.compile(r"^<!-- @(\w+) -->\n", re.MULTILINE)


@cache
def _sections(flavour: str) -> dict[str, Template]:
    text = (files(__package__) / "templates" / f"{flavour}.html").read_text("utf-8")
    parts = _SECTION.split(text)
    return {
        name: Template(body.rstrip("\n"))
        for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def render(flavour: str, section: str, /, **values: object) -> str:
    """Fill one template section; a missing placeholder value is a KeyError."""
    return _sections(flavour)[section].substitute(values)


def render_each(flavour: str, section: str, rows: list[dict[str, object]], /) -> str:
    """Render one section per row and join the results."""
    return "".join(render(flavour, section, **row) for row in rows)


def page_links(flavour: str, page: int, pages: int, href: Callable[[int], str]) -> str:
    """Render numbered page links and a 'next' link ('' when one page holds everything).

    Uses the flavour's sections page_link, page_current and page_next.
    """
    if pages == 1:
        return ""
    items = [
        render(flavour, "page_current" if n == page else "page_link", n=n, href=href(n))
        for n in range(1, pages + 1)
    ]
    if page < pages:
        items.append(render(flavour, "page_next", href=href(page + 1)))
    return "".join(items)
