"""Start and stop one fresh Jupyter Server for a benchmark run.

The server gets a free port on 127.0.0.1, a random token (in ``JUPYTER_TOKEN``, never on
the command line), isolated HOME / JUPYTER_* / IPYTHONDIR folders in a temp dir, and a
log file. :meth:`BenchServer.stop` stops it by PID and kills any kernel it leaves behind
(its descendants, and any process whose command line names the temp dir).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from jupyter_sdk.local import (
    WITHOUT_JUPYTERLAB,
    alive,
    descendants,
    free_port,
    kill_processes,
)

__all__ = ["BenchServer", "ServerStartError", "kill_processes_mentioning"]

NODELAY_LAUNCHER = Path(__file__).with_name("nodelay_server.py")
# A plain Jupyter Server even where the venv has JupyterLab and collaboration.
PLAIN_SERVER = "--ServerApp.jpserver_extensions=" + repr(
    {
        **WITHOUT_JUPYTERLAB,
        "jupyter_server_ydoc": False,
        "jupyter_server_fileid": False,
        "jupyter_server_nbmodel": False,
    }
)


class ServerStartError(RuntimeError):
    """The server did not come up."""


def _mentioning(text: str) -> set[int]:
    """PIDs of processes (other than this one) whose command line contains ``text``."""
    found: set[int] = set()
    needle = text.encode()
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != os.getpid():
                with contextlib.suppress(OSError):
                    if needle in Path(f"/proc/{entry}/cmdline").read_bytes():
                        found.add(int(entry))
    return found


def kill_processes_mentioning(text: str, grace: float = 2.0) -> set[int]:
    """Kill leftover processes (kernels) whose command line contains ``text``."""
    pids = _mentioning(text)
    if pids:
        kill_processes(pids, grace)
    return pids


class BenchServer:
    """One Jupyter Server subprocess owned by the harness.

    Args:
        workdir: A fresh folder for this server's state (created if missing).
        nodelay: Start it through ``nodelay_server.py`` (TCP_NODELAY on kernel websockets).
        log_path: Where the server log goes (default: ``workdir/server.log``).
    """

    def __init__(self, workdir: Path, *, nodelay: bool = False, log_path: Path | None = None):
        self.workdir = workdir
        self.nodelay = nodelay
        self.log_path = log_path or workdir / "server.log"
        self.token = secrets.token_hex(24)
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def isolated_env(self) -> dict[str, str]:
        """Environment with HOME / JUPYTER_* / IPYTHONDIR inside ``workdir`` (no token)."""
        env = dict(os.environ)
        for key in ("JUPYTER_TOKEN", "JUPYTER_PASSWORD", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH"):
            env.pop(key, None)
        dirs = {
            "HOME": "home",
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython",
        }
        for key, name in dirs.items():
            path = self.workdir / name
            path.mkdir(parents=True, exist_ok=True)
            env[key] = str(path)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        no_proxy = "127.0.0.1,localhost"
        env["NO_PROXY"] = env["no_proxy"] = no_proxy
        return env

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until ``GET /api/status`` answers 200."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        root = self.workdir / "root"
        root.mkdir(exist_ok=True)
        self.env = self.isolated_env()
        env = dict(self.env, JUPYTER_TOKEN=self.token)
        last_error = ""
        for _attempt in range(3):  # a free port can be taken before the server binds it
            self.port = free_port()
            launcher = [str(NODELAY_LAUNCHER)] if self.nodelay else ["-m", "jupyter_server"]
            argv = [
                sys.executable,
                *launcher,
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.root_dir={root}",
                "--allow-root",
                PLAIN_SERVER,
            ]
            with self.log_path.open("ab") as log:
                self.proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=root,
                    env=env,
                    start_new_session=True,  # Ctrl-C in the terminal goes to us, not to it
                )
            try:
                self._wait_ready(timeout)
                return
            except ServerStartError as exc:
                last_error = str(exc)
                self.stop()
        raise ServerStartError(last_error)

    def _wait_ready(self, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        headers = {"Authorization": f"token {self.token}"}
        with httpx.Client(trust_env=False, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise ServerStartError(
                        f"server exited with {self.proc.returncode}:\n{self.log_tail()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (
                        client.get(f"{self.base_url}/api/status", headers=headers).status_code
                        == 200
                    ):
                        return
                time.sleep(0.1)
        raise ServerStartError(f"server not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
            return "\n".join(line.replace(self.token, "<token>") for line in text)
        return ""

    def stop(self, grace: float = 10.0) -> None:
        """Stop the server by PID (SIGTERM, then SIGKILL) and kill leftover kernels."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            kernels = descendants(proc.pid)
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGTERM)  # jupyter_server shuts its kernels down
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    proc.kill()
                proc.wait(5)
            leftovers = {pid for pid in kernels if alive(pid)}
            if leftovers:
                kill_processes(leftovers, 2.0)
        elif proc is not None:
            proc.wait()
        kill_processes_mentioning(str(self.workdir))


def make_workdir(prefix: str = "jupyter-sdk-bench-") -> Path:
    """A fresh private temp folder for one harness run."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
