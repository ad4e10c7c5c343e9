"""`python -m schedules` is the `rivalwatch` command."""

from schedules.entry import main

if __name__ == "__main__":  # worker processes import the main module again
    main()
