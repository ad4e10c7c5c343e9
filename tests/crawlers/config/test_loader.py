from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.config import ConfigError, load_config, parse_config
from crawlers.config.notices import unused_key_notices

MINIMAL = """\
competitors:
  - name: Alpha
    homepage: https://alpha.example/
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rivalwatch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_config_gets_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.competitors[0].kind == "direct"
    assert config.competitors[0].render == "auto"
    assert config.crawl.obey_robots is True
    assert config.exports.formats == ["json", "csv", "xlsx"]


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "database: sqlite:///data/x.db\n" + MINIMAL))
    assert config.database == f"sqlite:///{tmp_path.resolve()}/data/x.db"
    assert config.exports.dir == tmp_path.resolve() / "exports"


def test_absolute_and_server_urls_are_kept(tmp_path: Path) -> None:
    text = "database: postgresql+psycopg://u:p@db/rw\n" + MINIMAL
    assert load_config(write(tmp_path, text)).database == "postgresql+psycopg://u:p@db/rw"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            MINIMAL.replace("    homepage", "    kind: rival\n    homepage"),
            ":3: competitors[0].kind: Input should be 'direct', 'indirect', 'foreign' or 'self'",
        ),
        (MINIMAL.replace("https://alpha.example/", "alpha"), ":3: competitors[0].homepage:"),
        (
            "crawl: {retrys: 3}\n" + MINIMAL,
            ":1: crawl.retrys: unknown key; valid keys here: autothrottle,",
        ),
        (
            "crawl:\n  concurrency: 0\n" + MINIMAL,
            ":2: crawl.concurrency: Input should be greater than or equal to 1",
        ),
        (
            MINIMAL + "    catalog: {selectors: {price: 'span[[['}}\n",
            ":4: competitors[0].catalog.selectors.price: Value error, not a valid CSS selector",
        ),
        (
            MINIMAL + "  - name: alpha\n    homepage: https://b.example/\n",
            "competitor name 'alpha' appears twice",
        ),
        ("competitors: []\n", ":1: competitors: List should have at least 1 item"),
        (
            "exports: {formats: [pdf]}\n" + MINIMAL,
            ":1: exports.formats[0]: Input should be 'json', 'csv' or 'xlsx'",
        ),
        ("competitors:\n  - name: A\n", ":2: competitors[0].homepage: Field required"),
        ("competitors: [\n", "invalid YAML"),
        ("just a string\n", ":1: the config must be a mapping"),
    ],
    ids=[
        "bad-kind",
        "bad-url",
        "typo-key",
        "out-of-range",
        "bad-selector",
        "duplicate-name",
        "no-competitors",
        "bad-format",
        "missing-key",
        "bad-yaml",
        "not-mapping",
    ],
)
def test_validation_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert any(str(path) in m and expected in m for m in caught.value.messages), (
        caught.value.messages
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = "crawl: {concurrency: 0, retries: -1}\ncompetitors:\n  - name: A\n    homepage: x\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert len(caught.value.messages) == 3


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "absent.yaml")


def test_keys_of_later_capabilities_are_accepted_and_announced() -> None:
    text = MINIMAL + "    render: always\n    reviews: [https://reviews.example/alpha]\n"
    config = parse_config(text, source=Path("rivalwatch.yaml"))
    notices = unused_key_notices(config)
    assert config.competitors[0].render == "always"
    assert any("'reviews' is accepted but not used yet" in n for n in notices)
    assert not any("render" in n for n in notices)  # rendering is built


def test_defaults_alone_announce_nothing() -> None:
    assert unused_key_notices(parse_config(MINIMAL, source=Path("rivalwatch.yaml"))) == []


def test_unknown_competitor_lists_configured_names() -> None:
    config = parse_config(MINIMAL, source=Path("rivalwatch.yaml"))
    with pytest.raises(KeyError, match="configured: Alpha"):
        config.competitor("Beta")
