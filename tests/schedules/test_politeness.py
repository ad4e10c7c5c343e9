"""Politeness a competitor's server can measure: never more requests at once than allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawlers.config import load_config
from schedules.demo.web import serve_generated_web
from schedules.runner import run_once
from storage.records import RunStatus
from tests.schedules.helpers import demo_config

pytestmark = pytest.mark.crawl
SHOP = "Generated Shop 1"


@pytest.mark.parametrize("per_site", [1, 3])
def test_a_site_never_gets_more_requests_at_once_than_per_site_concurrency(
    tmp_path: Path, per_site: int
) -> None:
    with serve_generated_web(n_products=40, n_sites=1) as web:
        path = demo_config(web, tmp_path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["crawl"] |= {"concurrency": 16, "per_site_concurrency": per_site}
        data["screenshots"] = {"enabled": False}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        web.set_delay(SHOP, 0.05)  # answers overlap: a burst would show

        report = run_once(load_config(path), trigger="test")
        peak = web.peak_in_flight(SHOP)

    assert report.status == RunStatus.COMPLETED
    assert report.sites[SHOP].products == 40
    assert peak == per_site
