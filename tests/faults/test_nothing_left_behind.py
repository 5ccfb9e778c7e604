"""Nothing left behind: a process that a kernel detaches on purpose (double fork and
``setsid``, as debugpy's adapter does) leaves the server's process tree, yet stopping
:func:`local_server` ends it, found by the mark every process of the server carries."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jupyter_sdk import KernelManager, LocalServer, local_server
from jupyter_sdk.local import MARK_VARIABLE, alive, descendants, kill_processes, marked

pytestmark = pytest.mark.timeout(120)

# Executed in the kernel: a grandchild in a new session, re-exec'd as a plain sleeper
# (so nothing of the kernel is shared), whose PID comes back through a pipe.
DETACH = """
import os, sys
_r, _w = os.pipe()
_child = os.fork()
if _child == 0:
    os.close(_r)
    os.setsid()
    if os.fork() == 0:
        os.write(_w, str(os.getpid()).encode())
        os.close(_w)
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)"])
    os._exit(0)
os.close(_w)
os.waitpid(_child, 0)
_pid = int(os.read(_r, 64))
os.close(_r)
print(_pid, os.getpid(), os.getsid(0), os.environ[MARK])
""".replace("MARK", repr(MARK_VARIABLE))


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.slow
async def test_a_detached_process_of_a_kernel_ends_with_the_server() -> None:
    detached = 0
    try:
        async with (
            local_server(isolate=True) as settings,
            KernelManager(settings, poll=False) as kernels,
        ):
            kernel = await kernels.start_new("python3")
            reply = await kernel.execute(DETACH, timeout=60)
            words = reply.stdout.split()
            detached, kernel_pid, kernel_sid, mark = int(words[0]), *map(int, words[1:3]), words[3]
            assert alive(detached)
            # Really detached: a session of its own, not the kernel's child or descendant.
            assert os.getsid(detached) != kernel_sid
            assert _parent(detached) != kernel_pid
            assert detached not in descendants(kernel_pid)
            # ... yet marked as the server's.
            assert detached in marked(mark)
        # Stopping the server ended it.
        assert not alive(detached)
        assert not marked(mark)
    finally:
        if detached and alive(detached):
            kill_processes({detached})


def test_a_server_on_the_callers_root_leaves_only_the_root(tmp_path: Path) -> None:
    root = tmp_path / "work"
    (root / "notes.txt").parent.mkdir()
    (root / "notes.txt").write_text("mine")
    # Not isolated (as the CLI's server): its runtime files go under this HOME.
    home = tmp_path / "home"
    server = LocalServer(root, env={"HOME": str(home)}, server_extensions={"jupyterlab": False})
    server.start()
    state = server.log_path.parent  # its log (with the token) and its config
    try:
        assert state.is_dir()
        assert not state.is_relative_to(root)
    finally:
        server.stop()
    assert not state.exists()
    assert [p.name for p in root.iterdir()] == ["notes.txt"]


def test_detached_lists_marked_processes_outside_the_tree() -> None:
    server = LocalServer(isolate=True)
    server.start()
    try:
        assert server.pid is not None
        assert server.pid in marked(server.mark)
        assert server.detached() == set()
        assert server.pid not in server.children()
    finally:
        server.stop()
    assert not marked(server.mark)


def test_without_proc_no_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    real_listdir = os.listdir

    def no_proc(path: str | os.PathLike[str] = ".") -> list[str]:
        if str(path) == "/proc":
            raise FileNotFoundError(path)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", no_proc)
    assert marked("anything") == set()
    assert descendants(os.getpid()) == set()


# Run as the owner: a server with a kernel (the kernel writes a file when it has started),
# its PIDs and mark printed, then waiting until it is killed.
OWNER = """
import json, sys
import httpx
from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer
server = LocalServer(isolate=True, server_extensions=WITHOUT_JUPYTERLAB)
server.start()
httpx.post(
    f"{server.url}api/kernels",
    headers={"Authorization": f"token {server.token}"},
    json={"name": "python3"},
    timeout=60,
).raise_for_status()
state = str(server.log_path.parent)
watchdog = server._watchdog.pid
print(json.dumps({"server": server.pid, "mark": server.mark, "state": state, "watchdog": watchdog}))
sys.stdout.flush()
sys.stdin.read()
"""


def _wait_ended(pids: set[int], timeout: float) -> set[int]:
    """Wait (on each process's pidfd) until ``pids`` have ended; those still running."""
    deadline = time.monotonic() + timeout
    for pid in pids:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(fd)
    return {pid for pid in pids if alive(pid)}


def test_an_owner_killed_outright_leaves_no_server_behind() -> None:
    # SIGKILL gives the owner no chance to stop its server (which runs in a session of
    # its own, out of reach of signals to the owner's group): the watchdog does.
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    mark = ""
    try:
        assert owner.stdout is not None
        info = json.loads(owner.stdout.readline())  # the test's timeout bounds it
        mark, state = info["mark"], Path(info["state"])
        running = marked(mark)
        assert info["server"] in running
        assert len(running) >= 2  # the server and its kernel
        assert state.exists()
        owner.kill()
        owner.wait()
        left = _wait_ended(running, 60)
        assert not left, f"left behind after the owner died: {sorted(left)}"
        assert not marked(mark)
        assert not _wait_ended({info["watchdog"]}, 30)  # its work done, it ends too
        assert not state.exists()  # its log held the token
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
        if mark:
            kill_processes(marked(mark))
