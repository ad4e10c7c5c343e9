"""Configuration: the validated rivalwatch.yaml, the first step of the flow."""

from crawlers.config.loader import ConfigError, config_path, load_config, parse_config
from crawlers.config.models import (
    BlogConfig,
    BrowserStep,
    CompetitorConfig,
    Config,
    CrawlConfig,
    ScreenshotsConfig,
    SelectorsConfig,
)

__all__ = [
    "BlogConfig",
    "BrowserStep",
    "CompetitorConfig",
    "Config",
    "ConfigError",
    "CrawlConfig",
    "ScreenshotsConfig",
    "SelectorsConfig",
    "config_path",
    "load_config",
    "parse_config",
]
