"""`python -m schedules` is the `rivalwatch` command."""

from schedules.cli import app

if __name__ == "__main__":  # worker processes import the main module again
    app(prog_name="rivalwatch")
