"""Whether the process behind a `running` run still exists: how crashed runs are spotted."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """Tell whether a process with this pid exists on this host.

    On Windows there is no harmless probe (os.kill terminates), so every pid counts as alive
    there and stale runs are only recovered with `recover_stale_runs(all_running=True)`.
    """
    if pid <= 0:
        return False
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True
