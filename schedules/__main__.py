"""`python -m schedules` is the `rivalwatch` command."""

from schedules.cli import app

app(prog_name="rivalwatch")
