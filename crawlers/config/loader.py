"""Reading rivalwatch.yaml: validation errors that name the file, the line and the key."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from crawlers.config.models import Config

DEFAULT_CONFIG = Path("rivalwatch.yaml")
CONFIG_ENV = "RIVALWATCH_CONFIG"


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. YAML 1.1 also reads on/off/yes/no as booleans,
    which turns a `notify` target's `on:` key into True and a country code `no` into False.
    """


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class ConfigError(Exception):
    """The config cannot be used; `messages` holds one line per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def config_path(explicit: Path | None = None) -> Path:
    """`--config`, else $RIVALWATCH_CONFIG, else ./rivalwatch.yaml."""
    if explicit is not None:
        return explicit
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: Path) -> Config:
    """Parse and validate `path`; relative paths in it resolve against its folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError([f"{path}: cannot read config: {error.strerror or error}"]) from None
    return parse_config(text, source=path)


def parse_config(text: str, *, source: Path) -> Config:
    """Validate YAML `text`; `source` names the file in messages and anchors relative paths."""
    try:
        root = yaml.compose(text, Loader=_Yaml12Loader)
        data = yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        raise ConfigError([_yaml_message(source, error)]) from None
    if not isinstance(data, dict):
        raise ConfigError([f"{source}:1: the config must be a mapping with a 'competitors' list"])
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_validation_messages(source, root, error)) from None
    return _anchor_paths(config, source.parent.resolve())


def _yaml_message(source: Path, error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error)
    return f"{source}{line}: invalid YAML: {problem}"


def _validation_messages(source: Path, root: yaml.Node | None, error: ValidationError) -> list[str]:
    messages = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        line = _line_of(root, loc)
        key = _dotted(loc) or "(top level)"
        messages.append(f"{source}:{line}: {key}: {_explain(detail, loc)}")
    return messages


def _explain(detail: dict[str, Any], loc: tuple[Any, ...]) -> str:
    message = str(detail["msg"])
    if detail["type"] == "extra_forbidden":
        valid = ", ".join(sorted(_valid_keys(loc[:-1])))
        return f"unknown key; valid keys here: {valid}"
    if "input" in detail and detail["type"] not in {"missing", "value_error"}:
        given = detail["input"]
        if isinstance(given, str | int | float | bool):
            message += f" (got {given!r})"
    return message


def _valid_keys(parent: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `parent` (a pydantic loc without the last element)."""
    model: Any = Config
    for part in parent:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation)
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """1-based line of the deepest YAML node along `loc` (the parent when a key is missing)."""
    if node is None:
        return 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _anchor_paths(config: Config, base: Path) -> Config:
    exports = config.exports.model_copy(update={"dir": _anchor(config.exports.dir, base)})
    screenshots = config.screenshots.model_copy(
        update={"dir": _anchor(config.screenshots.dir, base)}
    )
    browser = config.crawl.browser_executable
    crawl = config.crawl.model_copy(
        update={"browser_executable": _anchor(browser, base) if browser else None}
    )
    return config.model_copy(
        update={
            "exports": exports,
            "screenshots": screenshots,
            "crawl": crawl,
            "database": _anchor_sqlite(config.database, base),
        }
    )


def _anchor(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else base / path


def _anchor_sqlite(url: str, base: Path) -> str:
    """Make a relative SQLite file path relative to the config file, not to the shell's cwd."""
    prefix, _, rest = url.partition(":///")
    if not prefix.startswith("sqlite") or not rest or rest.startswith("/") or rest == ":memory:":
        return url
    return f"{prefix}:///{base / rest}"
