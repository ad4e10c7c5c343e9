"""What a rendering page may load: no images, fonts or media, except on screenshot pages.

Rendering for extraction needs the HTML, scripts, styles and data requests only; images,
fonts and video are most of a page's bytes. A screenshot must look like the real page.
"""

from __future__ import annotations

import weakref
from typing import Any

BLOCKED_RESOURCE_TYPES = frozenset({"image", "font", "media"})
_screenshot_pages: weakref.WeakSet[Any] = weakref.WeakSet()


def allow_everything_on(page: Any) -> None:
    """Let `page` (a Playwright page) load images and fonts: it is going to be photographed."""
    _screenshot_pages.add(page)


def abort_unneeded_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: True for heavy resources that extraction does not need."""
    if request.resource_type not in BLOCKED_RESOURCE_TYPES:
        return False
    try:
        page = request.frame.page
    except Exception:  # service-worker requests have no frame: nobody looks at them
        return True
    return page not in _screenshot_pages
