"""A small but nasty export bundle: Unicode, hostile text, awkward competitor names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline.dossier import DossierInput, build_dossier
from pipeline.exporters import ExportBundle
from pipeline.pivot import build_pivot
from pipeline.screenshots import ScreenshotLink
from tests.pipeline.builders import T0, T1, competitor, content, crawl, event, state

HOSTILE = ['=HYPERLINK("http://evil")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1"]
"""Product names a malicious or unlucky shop could publish."""

LONG_NAME = "Sehr lange Wettbewerber GmbH & Co. KG Österreich"
SCREENSHOTS = [
    ScreenshotLink(taken_at=T0, path="/srv/shots/alpha/2024-05-01T080000Z.png"),
    ScreenshotLink(taken_at=T1, path="../screenshots/alpha/2024-05-02T080000Z.png"),
]
"""Alpha's screenshots, oldest first: one outside the exports' folder, one beside them."""
NOW = T1 + timedelta(hours=1)


def _products() -> list:
    products = [
        state("a", name="Äxte für Küche & Garten", sku="Ä-1", price="19.90", currency="EUR"),
        state("b", name="Молоток", price="1299.00", regular_price="1499", currency="EUR"),
        state("c", name="Gone", price="3", currency="EUR", status="removed"),
    ]
    products += [
        state(f"h{i}", name=text, price="1", currency="EUR") for i, text in enumerate(HOSTILE)
    ]
    return products


def _content() -> list:
    """Alpha's posts (one titled with hostile text), a video and a mention."""
    return [
        content(
            "post",
            "https://alpha.example/blog/1",
            published=T0,
            title=HOSTILE[1],
            authors=["Ann", "Bo"],
            signals={"comments": 3, "views": 250},
        ),
        content("post", "https://alpha.example/blog/2", published=T1, title="Frühling"),
        content(
            "video",
            "https://video.example/watch?v=1",
            published=T0,
            title="Unboxing",
            rating="4.5",
            signals={"views": 900, "rating_count": 21},
        ),
        content("mention", "https://news.example/a", published=T1, title="-50% bei Alpha"),
    ]


def _inputs() -> list[DossierInput]:
    changes = [
        event("price_changed", "a", at=T1, field="price", old="21.00", new="19.90"),
        event("price_changed", "b", at=T1, field="price", old="1199", new="1299.00"),
        event("price_changed", "a", at=T0, field="price", old="22", new="21.00"),
        event("product_added", "h0", at=T0, new=HOSTILE[0]),
    ]
    homepage = {
        "title": "=cmd",
        "h1": "Willkommen",
        "languages": ["de"],
        "social": ["https://x.com/alpha", "https://www.instagram.com/alpha"],
    }
    return [
        DossierInput(
            competitor=competitor(1, "Alpha/Beta: [Test]*?", slug="alpha"),
            last_crawl=crawl(1),
            positioning=homepage,
            products=_products(),
            changes=changes,
            generated_at=NOW,
            screenshots=SCREENSHOTS,
            content=_content(),
        ),
        DossierInput(
            competitor=competitor(2, LONG_NAME, slug="long-one"),
            last_crawl=None,
            positioning=None,
            products=[],
            changes=[],
            generated_at=NOW,
        ),
        DossierInput(
            competitor=competitor(3, LONG_NAME + " zwei", slug="long-two"),
            last_crawl=crawl(3, status="down", finished=None),
            positioning=None,
            products=[],
            changes=[event("price_changed", "x", at=T1, field="price", old="6", new="5", cid=3)],
            generated_at=NOW,
        ),
    ]


@pytest.fixture
def bundle() -> ExportBundle:
    inputs = _inputs()
    dossiers = {d.competitor.slug: build_dossier(d) for d in inputs}
    return ExportBundle.from_dossiers(dossiers, build_pivot(inputs, now=NOW))
