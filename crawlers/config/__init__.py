"""Configuration: the validated rivalwatch.yaml, the first step of the flow."""

from crawlers.config.loader import ConfigError, config_path, load_config, parse_config
from crawlers.config.models import CompetitorConfig, Config, CrawlConfig, SelectorsConfig

__all__ = [
    "CompetitorConfig",
    "Config",
    "ConfigError",
    "CrawlConfig",
    "SelectorsConfig",
    "config_path",
    "load_config",
    "parse_config",
]
