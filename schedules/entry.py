"""The `rivalwatch` console script and `python -m schedules`.

The CLI is imported only when the command runs: every worker process multiprocessing spawns
imports the main module again, and the CLI's imports cost each of them over a second.
"""

from __future__ import annotations


def main() -> None:
    """Run the `rivalwatch` command line."""
    from schedules.cli import app

    app(prog_name="rivalwatch")
