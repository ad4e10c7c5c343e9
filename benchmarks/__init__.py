"""On-demand speed and memory measurements; each compares against a baseline in the same run."""
