"""A real HTTP forward proxy for the proxy tests: ``proxy.py`` (PyPI ``proxy.py``) in a
subprocess on a free port, with the plugin of ``proxy_plugin.py`` loaded, started and
stopped by PID.

It forwards plain ``http://`` requests and tunnels ``CONNECT`` (TLS, websockets), and it
alone resolves the made-up host ``jupyter.test`` (to 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from jupyter_sdk.local import alive, descendants, kill_processes

__all__ = ["TEST_HOST", "ForwardProxy"]

TEST_HOST = "jupyter.test"
"""The made-up host name that only the proxy resolves (to 127.0.0.1)."""

_TESTS = Path(__file__).resolve().parent.parent


class ForwardProxy:
    """``proxy.py`` listening on 127.0.0.1; :attr:`url` is its ``http://`` address."""

    def __init__(self, state: Path, extra_args: tuple[str, ...] = ()) -> None:
        self.state = state
        self.extra_args = extra_args
        self.log_path = state / "proxy.log"
        self.port_file = state / "proxy.port"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._known: set[int] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def start(self, timeout: float = 30.0) -> None:
        env = dict(os.environ)
        # tests/ (not tests/faults, whose proxy.py would shadow the proxy package)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_TESTS), env.get("PYTHONPATH")]))
        argv = [
            sys.executable,
            "-m",
            "proxy",
            "--hostname=127.0.0.1",
            "--port=0",
            f"--port-file={self.port_file}",
            "--num-acceptors=1",
            "--num-workers=1",
            "--threaded",
            "--timeout=300",  # long-lived websocket tunnels stay up while idle
            "--plugins=faults.proxy_plugin.ResolveTestHost",
            f"--data-dir={self.state / 'data'}",
            f"--log-file={self.log_path}",
            *self.extra_args,
        ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                argv,
                cwd=self.state,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"proxy.py exited:\n{self.log_text()[-3000:]}")
            with contextlib.suppress(OSError, ValueError):
                port = int(self.port_file.read_text().split()[0])
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    self.port = port
                    self._known |= descendants(self._process.pid)
                    return
            # Nothing to wait on but the port file and the socket: a short poll is the event.
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"proxy.py did not listen within {timeout} s:\n{self.log_text()}")

    def stop(self) -> list[int]:
        """Stop the proxy and its workers by PID; returns the PIDs that survived."""
        process = self._process
        if process is None:
            return []
        pids = {process.pid} | self._known | descendants(process.pid)
        kill_processes(pids)
        process.wait(5)
        self._process = None
        return [pid for pid in pids if alive(pid)]
