"""Export regeneration shared by runs that finish together.

The daemon runs several crawls at once, and each must leave the dossiers, the pivot and the
spreadsheet current. Regenerating everything once per run would queue up behind itself at
hundreds of competitors; a regeneration that starts after a run stored its results covers
that run, so runs waiting together share one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path


class SharedPublish:
    """Runs `publish` so that every caller's data is in a regeneration that started after
    it asked, and callers waiting together share it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets = threading.Lock()
        self._asked = 0
        self._covered = 0
        self._paths: list[Path] = []

    def __call__(self, publish: Callable[[], list[Path]]) -> list[Path]:
        """The exports' paths, from this call's regeneration or a later-started one."""
        with self._tickets:
            self._asked += 1
            ticket = self._asked
        with self._lock:
            if self._covered >= ticket:
                return self._paths
            with self._tickets:
                covers = self._asked
            self._paths = publish()
            self._covered = covers
            return self._paths
