from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from storage.lease import Lease
from storage.repository import Repository

STALE = timedelta(minutes=1)


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_the_first_daemon_takes_the_lease_and_a_second_is_told_who_holds_it(
    repository: Repository,
) -> None:
    first = Lease(repository.engine, host="box", pid=1)  # pid 1 lives for sure
    assert first.acquire(STALE) is None

    holder = Lease(repository.engine, host="box", pid=dead_pid() + 10**6).acquire(STALE)

    assert holder is not None and (holder.host, holder.pid) == ("box", 1)
    assert holder.describe().startswith("pid 1 on box, running since ")


def test_a_lease_whose_holder_on_this_host_died_is_taken_over_at_once(
    repository: Repository,
) -> None:
    gone = Lease(repository.engine, host="box", pid=dead_pid())
    assert gone.acquire(STALE) is None

    assert Lease(repository.engine, host="box").acquire(STALE) is None
    assert gone.renew() is False, "the old holder learns it lost the lease"


def test_a_holder_on_another_host_keeps_it_while_it_renews_and_loses_it_when_stale(
    repository: Repository,
) -> None:
    remote = Lease(repository.engine, host="other-host", pid=1)
    assert remote.acquire(STALE) is None
    here = Lease(repository.engine, host="box", pid=2)

    assert here.acquire(STALE) is not None
    assert remote.renew() is True
    assert here.acquire(timedelta(0)) is None, "not renewed within stale_after: taken over"


def test_release_frees_the_lease_for_the_next_start(repository: Repository) -> None:
    first = Lease(repository.engine, host="box", pid=1)
    first.acquire(STALE)
    first.release()

    assert first.holder() is None
    assert Lease(repository.engine, host="box", pid=2).acquire(STALE) is None
