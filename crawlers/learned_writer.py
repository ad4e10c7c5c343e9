"""Keeps what a crawl learned: fetch decisions in the database, screenshots on disk + rows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from crawlers.learned import FetchLearned, ScreenshotTaken
from storage.records import FetchDecision, Fetcher, ScreenshotRecord
from storage.repository import Repository
from storage.screenshot_files import write_screenshot

logger = logging.getLogger(__name__)


class LearnedWriter:
    """Writes FetchLearned and ScreenshotTaken items as they come (they are few)."""

    def __init__(self, repository: Repository, run_id: int, screenshots_dir: Path | None) -> None:
        self.repository = repository
        self.run_id = run_id
        self.screenshots_dir = screenshots_dir

    def write(self, item: FetchLearned | ScreenshotTaken) -> None:
        if isinstance(item, FetchLearned):
            self._decision(item)
        else:
            self._screenshot(item)

    def _decision(self, learned: FetchLearned) -> None:
        if learned.forget:
            self.repository.forget_fetch_decision(learned.competitor_id, learned.page_kind)
            return
        now = datetime.now(UTC)
        self.repository.save_fetch_decision(
            FetchDecision(
                competitor_id=learned.competitor_id,
                page_kind=learned.page_kind,
                fetcher=Fetcher(learned.fetcher),
                reason=learned.reason,
                endpoint=learned.endpoint,
                url_template=learned.url_template,
                decided_at=now,
                confirmed_at=now,
            )
        )

    def _screenshot(self, shot: ScreenshotTaken) -> None:
        if self.screenshots_dir is None:
            return
        try:
            path = write_screenshot(
                self.screenshots_dir, shot.competitor_name, shot.taken_at, shot.png
            )
        except (OSError, ValueError) as error:  # a lost screenshot must not stop the crawl
            logger.warning("screenshot of %s not kept: %s", shot.url, error)
            return
        self.repository.add_screenshot(
            ScreenshotRecord(
                run_id=self.run_id,
                competitor_id=shot.competitor_id,
                url=shot.url,
                path=path.as_posix(),
                taken_at=shot.taken_at,
                width=shot.width,
                height=shot.height,
                size_bytes=len(shot.png),
            )
        )
