"""Ends an embedded server whose owner is gone:
``python -m jupyter_sdk._watchdog OWNER SERVER MARK [STATE_DIR]``.

A :class:`~jupyter_sdk.LocalServer` runs in a session of its own, so that a Ctrl-C at the
owner's terminal reaches only the owner, which then stops it in order. Were the owner killed
outright (SIGKILL, a cancelled CI job, the out-of-memory killer), the server and its kernels
would live on. This process, started beside each server, waits for one of the two to end;
if the owner goes first, it does what ``LocalServer.stop`` would: ends the server (SIGTERM,
SIGKILL after a grace), every process carrying the server's mark, and removes the state
folder (its log holds the token).
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import sys
import time

from .local import alive, kill_processes, marked


def _wait_either(owner: int, server: int) -> None:
    """Return once ``owner`` or ``server`` has ended."""
    fds: list[int] = []
    try:
        for pid in (owner, server):
            fds.append(os.pidfd_open(pid))
        select.select(fds, [], [])  # a pidfd is readable once its process has ended
    except (AttributeError, OSError):  # no pidfd (not Linux, or before 5.3), or gone
        while alive(owner) and alive(server):
            time.sleep(0.5)  # no event to wait on for another process's death
    finally:
        for fd in fds:
            os.close(fd)


def main(argv: list[str]) -> int:
    """Watch; clean up after a dead owner."""
    owner, server, mark = int(argv[0]), int(argv[1]), argv[2]
    _wait_either(owner, server)
    if alive(owner):
        return 0  # the server ended first: its owner stops and reaps it
    kill_processes({server}, grace=15.0)
    for _ in range(5):  # a marked process may fork while it is being killed
        left = marked(mark)
        if not left:
            break
        kill_processes(left)
    if len(argv) > 3:
        with contextlib.suppress(OSError):
            shutil.rmtree(argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
