"""Ends an embedded server whose owner is gone:
``python -m jupyter_sdk._watchdog SERVER MARK STATE_DIR``, its stdin a pipe from the owner.

A :class:`~jupyter_sdk.LocalServer` runs in a session of its own, so that a Ctrl-C at the
owner's terminal reaches only the owner, which then stops it in order. Were the owner killed
outright (SIGKILL, a cancelled CI job, the out-of-memory killer), the server and its kernels
would live on. This process, started beside each server, reads its stdin (a pipe whose
only write end is the owner's) to the end. An owner that stopped the server itself writes
so and closes it: nothing to do. An owner that dies, however it dies, closes it having
written nothing: then this does what ``LocalServer.stop`` would. It ends the server
(SIGTERM, SIGKILL after a grace), every process carrying the server's mark, and removes
the state folder (its log holds the token).
"""

from __future__ import annotations

import contextlib
import shutil
import sys

from .local import alive, kill_processes, marked


def main(argv: list[str]) -> int:
    """Wait for the owner to let go, then make sure nothing of the server is left."""
    server, mark, state = int(argv[0]), argv[1], argv[2]
    if sys.stdin.buffer.read():
        return 0  # the owner said it stopped the server itself, and closed the pipe
    if alive(server):
        kill_processes({server}, grace=15.0)
    for _ in range(5):  # a marked process may fork while it is being killed
        left = marked(mark)
        if not left:
            break
        kill_processes(left)
    with contextlib.suppress(OSError):
        shutil.rmtree(state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
