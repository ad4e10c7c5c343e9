"""robots.txt rules as the demo shops publish them, and a matcher for checking crawls.

The matcher follows RFC 9309 (longest match wins, Allow wins a tie, `*` and `$`), for the
`User-agent: *` group only: enough to tell whether a crawler requested a path it must not.
"""

from __future__ import annotations

import re
from functools import cache


def disallowed(robots_txt: str, target: str) -> bool:
    """Whether `target` (path and query) is disallowed for generic crawlers."""
    verdict, length = False, -1
    for allow, pattern in _star_rules(robots_txt):
        match = _compile(pattern).match(target)
        if match and (len(pattern) > length or (len(pattern) == length and allow)):
            verdict, length = not allow, len(pattern)
    return verdict


@cache
def _star_rules(robots_txt: str) -> tuple[tuple[bool, str], ...]:
    """(is_allow, pattern) of the groups that name `User-agent: *`."""
    rules: list[tuple[bool, str]] = []
    agents: list[str] = []
    in_rules = False
    for raw in robots_txt.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            agents = [*agents, value] if not in_rules else [value]
            in_rules = False
        elif key in ("allow", "disallow"):
            in_rules = True
            if "*" in agents and value:
                rules.append((key == "allow", value))
    return tuple(rules)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = re.escape(pattern.rstrip("$")).replace(r"\*", ".*")
    return re.compile(body + ("$" if anchored else ""))
