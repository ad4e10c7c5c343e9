"""`rivalwatch daemon`: crawls each competitor on its own schedule, for ever.

triggers: a competitor's schedule as an APScheduler trigger. jobs: one persistent job per
competitor and source, kept in step with the config. dispatcher: due competitors become
runs (batched, never two at once for one competitor). service: the process around them
(lease, signals, graceful stop).
"""
