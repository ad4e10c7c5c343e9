"""App shells (need a browser) told from pages plain HTTP can read, on framework-like samples.

Each file under app_shells/shell/ and app_shells/not_shell/ is a hand-written page modelled on
a framework's or platform's real markup (invented shops); the folder is the expected verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.extractors.app_shell import app_shell, is_json_response
from crawlers.page import FetchedPage

SAMPLES = Path(__file__).parent / "app_shells"


def _samples() -> list[Path]:
    return sorted(SAMPLES.glob("*/*.html"))


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_sample_verdict(sample: Path) -> None:
    page = FetchedPage(
        url=f"https://shop.example/{sample.stem}",
        body=sample.read_bytes(),
        headers={"content-type": "text/html; charset=utf-8"},
    )
    verdict = app_shell(page)
    expected = sample.parent.name == "shell"
    assert verdict.is_shell is expected, f"{sample.name}: {'; '.join(verdict.reasons)}"
    assert verdict.reasons, "a verdict always says why"


def test_there_are_samples_of_both_kinds() -> None:
    kinds = [p.parent.name for p in _samples()]
    assert kinds.count("shell") >= 12
    assert kinds.count("not_shell") >= 10


def test_shell_reasons_name_the_evidence() -> None:
    page = FetchedPage(
        url="https://shop.example/",
        body=(SAMPLES / "shell" / "create_react_app.html").read_bytes(),
    )
    reasons = app_shell(page).reasons
    assert "empty mount point #root" in reasons
    assert "noscript asks for JavaScript" in reasons
    assert any(r.endswith("0 characters of visible text") for r in reasons)
    assert "1 script bundle" in reasons  # the analytics tag does not count


def test_a_loading_message_in_any_language_is_not_content() -> None:
    page = FetchedPage(
        url="https://shop.example/",
        body=(SAMPLES / "shell" / "vue_russian_preloader.html").read_bytes(),
    )
    reasons = app_shell(page).reasons
    assert "visible text is only a loading message: 'Загрузка каталога...'" in reasons


def test_a_payload_with_products_is_named() -> None:
    page = FetchedPage(
        url="https://shop.example/",
        body=(SAMPLES / "not_shell" / "next_payload_with_products.html").read_bytes(),
    )
    assert "the __NEXT_DATA__ payload holds 3 products" in app_shell(page).reasons


def test_an_empty_body_is_no_shell() -> None:
    verdict = app_shell(FetchedPage(url="https://shop.example/", body=b""))
    assert verdict.is_shell is False


@pytest.mark.parametrize(
    ("content_type", "body_start", "expected"),
    [
        ("application/json; charset=utf-8", b'{"products":[{"id":1', True),
        ("application/vnd.api+json", b'{"data":[', True),
        ("application/graphql-response+json", b'\n  {"data":{"products"', True),
        ("text/plain", b'[{"id": 1, "name": "Mug"}]', True),
        ("text/html", b'{"items":[]}', True),  # PHP backends often send JSON as text/html
        ("", b'\xef\xbb\xbf{"hits":[]', True),
        ("application/json", b')]}\'\n{"results":[]}', True),
        ("application/json", '[{"名前": 1}]'.encode("utf-16"), True),
        ("application/json", b"", True),
        ("application/json", b"<!DOCTYPE html><html><head>", False),
        ("text/html; charset=utf-8", b"<!doctype html><html lang=en>", False),
        ("application/javascript", b"(function(){var a={", False),
        ("application/javascript", b"{ var settings = 1 }", False),
        ("text/css", b"{}", False),
        ("image/svg+xml", b"<svg xmlns=", False),
        ("application/x-ndjson", b'{"id":1}\n{"id":2}', False),
        ("text/plain", b"", False),
    ],
)
def test_is_json_response(content_type: str, body_start: bytes, expected: bool) -> None:
    assert is_json_response(content_type, body_start) is expected
