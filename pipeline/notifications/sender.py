"""Deliver messages to one apprise URL, retrying with backoff, never raising.

A notification target that is down must not fail the run that found the changes: a
failed attempt (apprise answers False, or raises) is logged at WARNING with the URL's
secrets masked and apprise's own reason, then retried after `backoff_s`, doubling.
While we send, apprise's logger keeps to itself (its lines reach our warning instead),
so one failure is one log line per attempt, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import apprise
from apprise.logger import LOGGER_NAME
from apprise.utils.cwe312 import cwe312_url

logger = logging.getLogger(__name__)

ATTEMPTS = 3
"""Tries per message."""
BACKOFF_S = 2.0
"""Seconds before the second try; each later wait doubles."""
REASONS = 3
"""Apprise log lines quoted per failed attempt."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How sending one message went."""

    ok: bool
    """Whether the target accepted it."""
    attempts: int
    """How many tries it took (or were made before giving up)."""
    error: str | None = None
    """The last failure's reason, when it was not delivered."""


class Sender:
    """One notification target: an apprise URL, loaded once, sent to many times."""

    def __init__(
        self,
        url: str,
        *,
        attempts: int = ATTEMPTS,
        backoff_s: float = BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.attempts = max(1, attempts)
        self.backoff_s = max(0.0, backoff_s)
        self._sleep = sleep
        self._apprise = apprise.Apprise()
        with _apprise_quiet():
            _load_plugins()
            self.loaded = self._apprise.add(url)
        masked = self._apprise.urls(privacy=True)
        # Apprise spells out every default parameter; the query adds nothing to a log line.
        shown = _mask_tokens(masked[0].split("?", 1)[0]) if self.loaded and masked else _mask(url)
        self.masked_url: str = shown
        """The URL with passwords and tokens masked: the only form that is logged."""
        self.given_up: str | None = None
        """Why later messages are not tried, once one failed every attempt."""
        if not self.loaded:
            self.given_up = "not a usable apprise URL (unknown scheme or invalid parameters)"
            logger.warning("notification target %s skipped: %s", shown, self.given_up)

    def send(self, title: str, body: str, *, warning: bool = False) -> Outcome:
        """Deliver one Markdown message (an info, or a warning); retry failures; say how it went.

        Once a message failed every attempt, later ones are not tried (a dead endpoint
        costs one message's retries, not one per competitor); a new Sender tries again.
        """
        if self.given_up is not None:
            return Outcome(ok=False, attempts=0, error=f"not tried: {self.given_up}")
        error = None
        for attempt in range(1, self.attempts + 1):
            error = self._try(title, body, warning)
            if error is None:
                return Outcome(ok=True, attempts=attempt)
            self._log_failure(attempt, error)
            if attempt < self.attempts:
                self._wait(attempt)
        self.given_up = f"{self.masked_url} failed {self.attempts} attempts before"
        return Outcome(ok=False, attempts=self.attempts, error=error)

    def _try(self, title: str, body: str, warning: bool) -> str | None:
        """One attempt: None when delivered, else why not."""
        kind = apprise.NotifyType.WARNING if warning else apprise.NotifyType.INFO
        try:
            with _apprise_quiet():
                result = self._apprise.notify(
                    body=body,
                    title=title,
                    notify_type=kind,
                    body_format=apprise.NotifyFormat.MARKDOWN,
                )
        except Exception as error:  # a plugin bug must not end the run
            return f"apprise raised {type(error).__name__}"
        if result:
            return None
        reasons = [entry.message for entry in result.logs()]  # WARNING and up
        return "; ".join(reasons[-REASONS:]) or f"apprise reported {result.status.name}"

    def _log_failure(self, attempt: int, error: str) -> None:
        then = "retrying" if attempt < self.attempts else "giving up"
        logger.warning(
            "notification to %s failed (attempt %d of %d, %s): %s",
            self.masked_url,
            attempt,
            self.attempts,
            then,
            error,
        )

    def _wait(self, attempt: int) -> None:
        delay = self.backoff_s * 2 ** (attempt - 1)
        if delay > 0:
            self._sleep(delay)


def _mask_tokens(url: str) -> str:
    """Mask path parts that look like tokens (long, with digits): apprise's privacy mode
    leaves the paths of generic json://, xml:// and form:// webhooks as they are.
    """
    head, sep, path = url.partition("://")
    netloc, slash, rest = path.partition("/")
    parts = [_TOKEN.sub(lambda m: f"{m[0][0]}...{m[0][-1]}", part) for part in rest.split("/")]
    return head + sep + netloc + slash + "/".join(parts)


_TOKEN = re.compile(r"^(?=[^/]*\d)[\w.~-]{12,}$")


def _mask(url: str) -> str:
    """Mask a URL apprise could not load (its passwords, tokens and long path parts)."""
    try:
        return str(cwe312_url(url))
    except Exception:  # a URL too broken to parse is too broken to show
        return url.split("://", 1)[0] + "://****"


_PLUGINS_LOCK = threading.Lock()
_plugins_loaded = False


def _load_plugins() -> None:
    """Load apprise's plugins once, hiding one warning that is apprise's to fix, not ours.

    Its e-mail plugin imports the deprecated `imghdr` module for PGPy on Python < 3.13
    (apprise/utils/pgp.py `_ensure_imghdr_shim`); with warnings as errors, as in the
    tests, that import would fail every plugin load.
    """
    global _plugins_loaded
    with _PLUGINS_LOCK:
        if _plugins_loaded:
            return
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="'imghdr' is deprecated", category=DeprecationWarning
            )
            apprise.Apprise.instantiate("json://localhost")  # loads every plugin module
        _plugins_loaded = True


_QUIET_LOCK = threading.Lock()
_quiet_depth = 0
_saved: tuple[bool, int] = (True, logging.NOTSET)


@contextlib.contextmanager
def _apprise_quiet() -> Iterator[None]:
    """Keep apprise's records from propagating (they reach our warning through the result),
    while letting its WARNINGs through to the result's log capture; nests across threads.
    """
    global _quiet_depth, _saved
    log = logging.getLogger(LOGGER_NAME)
    with _QUIET_LOCK:
        if _quiet_depth == 0:
            _saved = (log.propagate, log.level)
            log.propagate = False
            log.setLevel(min(log.level or logging.WARNING, logging.WARNING))
        _quiet_depth += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                log.propagate, level = _saved
                log.setLevel(level)
