"""Why a page could not be rendered, in one line an analyst can act on.

Playwright's errors carry a multi-line call log ("Call log: - navigating to ..., waiting
until load"); stored as a page's failure reason and shown in a site's message, they bury
the cause. The rendering download handler turns them into these.
"""

from __future__ import annotations

import re

_TIMEOUT = re.compile(r"^(?P<call>[\w.]+): Timeout (?P<ms>\d+(?:\.\d+)?)ms exceeded")
_CALL = re.compile(r"^(?P<call>[A-Z]\w*\.\w+): ")
_GONE = ("has been closed", "target closed", "crashed", "browser closed", "disconnected")
_LOADING_CALLS = ("Page.goto", "Page.wait_for_load_state", "Frame.goto", "Page.reload")


class RenderError(Exception):
    """A page could not be rendered; the message says why in one line."""


class PageLoadTimeout(RenderError):
    """The page's navigation or load did not finish within the timeout."""


class BrowserCrashed(RenderError):
    """The browser died (or closed) while it held the page; a new one renders the next."""


class RenderStalled(RenderError):
    """The browser stopped answering: the page took longer than its whole budget."""


def render_error(error: BaseException) -> BaseException:
    """The RenderError that says in one line what a Playwright `error` means; other
    errors (and RenderErrors already) are returned as they are.
    """
    from playwright.async_api import Error as PlaywrightError

    if isinstance(error, RenderError) or not isinstance(error, PlaywrightError):
        return error
    first = (error.message or str(error)).strip().splitlines()[0] if str(error) else ""
    timeout = _TIMEOUT.match(first)
    if timeout is not None:
        return _timeout(timeout["call"], float(timeout["ms"]) / 1000)
    call_match = _CALL.match(first)
    call = call_match["call"] if call_match else "the browser"
    if any(marker in first.lower() for marker in _GONE):
        return BrowserCrashed(f"the browser crashed or closed while rendering the page ({call})")
    detail = first[call_match.end() :] if call_match else first
    return RenderError(f"browser error in {call}: {detail}"[:300])


def _timeout(call: str, seconds: float) -> RenderError:
    if call in _LOADING_CALLS:
        return PageLoadTimeout(
            f"rendering timed out: the page did not finish loading within {seconds:g} s"
        )
    return RenderError(f"rendering timed out in {call} after {seconds:g} s")
