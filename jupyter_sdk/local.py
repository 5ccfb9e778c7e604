"""An embedded Jupyter Server: a real ``jupyter server`` subprocess on 127.0.0.1.

:func:`local_server` starts one on a free port with a random token, waits until it
answers, yields its :class:`~jupyter_sdk.ServerSettings`, and stops it (and its kernels,
by PID) on exit, also on Ctrl-C or error. The token travels to the subprocess in its
environment, never on its command line, and the server's log (which prints URLs with the
token) goes to a file in a private state folder, never to the console.

Every process of the server carries a mark in its environment (:data:`MARK_VARIABLE`),
inherited by its kernels, terminals and whatever they start, also processes that detach
themselves (double fork and ``setsid``, as debugpy's adapter does) and so leave the
server's process tree: on stop, every process with the mark is ended too (Linux, through
``/proc``; elsewhere only the process tree).

Kernels get their ports from outside the system's ephemeral range (a kernel provisioner of
the SDK's, :mod:`jupyter_sdk._kernel_ports`), where no other process is handed one before
the kernel binds it: many kernels started at once on a busy machine all start.

The server runs in a session of its own (a Ctrl-C at the terminal reaches only its owner,
which then stops it in order). Should the owner die without stopping it (SIGKILL, a
cancelled CI job), a small watchdog process (:mod:`jupyter_sdk._watchdog`) started beside
the server does the stopping.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import httpx

from ._ports import ephemeral_range, free_ports, port_window
from .errors import JupyterError
from .settings import ServerSettings

__all__ = [
    "MARK_VARIABLE",
    "LocalServer",
    "WITHOUT_JUPYTERLAB",
    "alive",
    "descendants",
    "free_port",
    "kernel_provisioner_args",
    "kill_processes",
    "local_server",
    "marked",
]

MARK_VARIABLE = "JUPYTER_SDK_SERVER_MARK"
"""The environment variable that marks every process of a :class:`LocalServer`."""

WITHOUT_JUPYTERLAB: Mapping[str, bool] = MappingProxyType(
    {"jupyterlab": False, "jupyter_lsp": False, "notebook_shim": False}
)
"""``server_extensions=`` for a server without JupyterLab and the server extensions it
brings (jupyter_lsp, notebook_shim), even where they are installed: a faster start for
what needs only Jupyter Server's own services."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago, from outside the ephemeral range
    where there is room (no other process is handed it before its user binds it)."""
    window = port_window(ephemeral_range())
    if window is not None:
        with contextlib.suppress(OSError):
            return free_ports("127.0.0.1", 1, window)[0]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> dict[int, int]:
    """Map of pid -> parent pid for every process (Linux /proc; empty elsewhere)."""
    parents: dict[int, int] = {}
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                # The command name may hold spaces and parentheses: split after the last ')'.
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (Linux only; empty elsewhere)."""
    parents = _children(pid)
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def marked(value: str, variable: str = MARK_VARIABLE) -> set[int]:
    """Live processes whose environment holds ``variable=value`` (Linux; empty elsewhere).

    Reads ``/proc/<pid>/environ``: processes of other users are skipped unless we may
    read theirs (root may). Without ``/proc`` the answer is an empty set.
    """
    needle = f"{variable}={value}".encode()
    found: set[int] = set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    own = os.getpid()
    for entry in entries:
        if not entry.isdigit() or int(entry) == own:
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue  # gone, or not ours to read
        if needle in environ.split(b"\0") and alive(int(entry)):
            found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        # A zombie is dead for our purposes.
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def kill_processes(pids: set[int], grace: float = 5.0) -> None:
    """SIGTERM ``pids``, wait up to ``grace`` seconds, then SIGKILL the survivors."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)  # no event to wait on for another process's death
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


_COLLABORATION_EXTENSIONS = ("jupyter_server_ydoc", "jupyter_server_nbmodel")

# Kernel ports from outside the ephemeral range (jupyter_sdk/_kernel_ports.py says why).
_PROVISIONER = "jupyter-sdk-local-provisioner"


def kernel_provisioner_args() -> list[str]:
    """Options making the SDK's kernel provisioner a Jupyter Server's default, as the
    embedded server's: kernel ports from outside the ephemeral range, so that many kernels
    started at once on a busy machine all start. Empty where this environment (the
    server's) lacks it: an installed SDK has it, a source tree on ``sys.path`` does not."""
    if not _has_provisioner():
        return []
    return [f"--KernelProvisionerFactory.default_provisioner_name={_PROVISIONER}"]


@functools.cache
def _has_provisioner() -> bool:
    import importlib.metadata  # once per process: it reads every installed distribution

    group = importlib.metadata.entry_points(group="jupyter_client.kernel_provisioners")
    return _PROVISIONER in group.names


def _require_collaboration() -> None:
    import importlib.util

    missing = [e for e in _COLLABORATION_EXTENSIONS if importlib.util.find_spec(e) is None]
    if missing:
        raise JupyterError(
            f"collaborative=True needs {', '.join(missing)}: "
            "pip install jupyter-collaboration jupyter-server-nbmodel"
        )


class LocalServer:
    """A Jupyter Server subprocess owned by this object.

    Most code wants :func:`local_server`; this class is the blocking core it wraps.

    Args:
        root_dir: The server's root folder; a temporary one (removed on stop) when ``None``.
        base_url: The server's base URL path, e.g. ``/user/alice/``.
        kernel_names: Restrict the kernelspecs the server offers.
        isolate: Give the server private HOME and Jupyter config/data/runtime folders,
            so it neither reads nor writes the user's (tests want this).
        extra_args: More ``jupyter server`` command-line options.
        env: More environment variables for the server and its kernels.
        startup_timeout: Seconds to wait for the server to answer.
        port: The port to listen on (0: a free one). A fixed port lets a stopped server
            be started again where its clients expect it.
        certfile: Serve HTTPS with this PEM certificate (``keyfile`` its private key).
            The settings keep ``verify=True``: trust the certificate with
            ``attrs.evolve(settings, verify=...)``.
        keyfile: The certificate's PEM private key.
        collaborative: ``True``: load real-time collaboration (jupyter-server-ydoc, from
            jupyter-collaboration) and server-side execution (jupyter-server-nbmodel), which
            must be installed; ``False``: load neither even if installed; ``None``:
            whatever the installed configuration enables. Overrides ``server_extensions``
            for those two.
        server_extensions: Server extensions to enable (``True``) or disable (``False``),
            by module name, over those installed and enabled (e.g. ``{"jupyterlab":
            False}``). Written the way ``jupyter server extension enable/disable`` writes
            it, as ``ServerApp.jpserver_extensions`` in a ``jupyter_server_config.d`` file
            of a config folder of the server's own, placed first on ``JUPYTER_CONFIG_PATH``
            (so ``--ServerApp.jpserver_extensions`` in ``extra_args`` adds to it).

    Attributes:
        mark: The value of :data:`MARK_VARIABLE` in the environment of every process of
            this server (random per instance).
    """

    def __init__(
        self,
        root_dir: str | os.PathLike[str] | None = None,
        *,
        base_url: str = "/",
        kernel_names: Sequence[str] | None = None,
        isolate: bool = False,
        extra_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
        port: int = 0,
        certfile: str | os.PathLike[str] | None = None,
        keyfile: str | os.PathLike[str] | None = None,
        collaborative: bool | None = None,
        server_extensions: Mapping[str, bool] | None = None,
    ) -> None:
        if (certfile is None) != (keyfile is None):
            raise ValueError("certfile and keyfile go together")
        self._state = Path(tempfile.mkdtemp(prefix="jupyter-sdk-server-"))
        self.root_dir = Path(root_dir) if root_dir is not None else self._state / "root"
        self.root_dir.mkdir(parents=True, exist_ok=True)
        self.base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
        self.kernel_names = list(kernel_names) if kernel_names is not None else None
        self.isolate = isolate
        self.extra_args = list(extra_args)
        self.extra_env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.fixed_port = port
        self.port = port
        self.certfile = Path(certfile) if certfile is not None else None
        self.keyfile = Path(keyfile) if keyfile is not None else None
        self.collaborative = collaborative
        self.server_extensions = dict(server_extensions or {})
        if collaborative is not None:
            if collaborative:
                _require_collaboration()
            self.server_extensions.update(dict.fromkeys(_COLLABORATION_EXTENSIONS, collaborative))
        self.log_path = self._state / "server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._known_children: set[int] = set()
        self.mark = secrets.token_hex(16)

    def __repr__(self) -> str:
        return f"LocalServer(url={self.url!r}, pid={self.pid})"

    @property
    def url(self) -> str:
        """The server's base URL (no token)."""
        scheme = "https" if self.certfile is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}{self.base_url}"

    @property
    def pid(self) -> int | None:
        """The server process's PID while it runs."""
        return self._process.pid if self._process else None

    @property
    def settings(self) -> ServerSettings:
        """Settings for this server."""
        return ServerSettings(self.url, token=self.token)

    @property
    def data_dir(self) -> Path | None:
        """The private ``JUPYTER_DATA_DIR`` of an isolated server (``None`` otherwise):
        kernelspecs installed in its ``kernels`` folder are the server's (created here)."""
        if not self.isolate:
            return None
        path = self._state / "home/.local/share/jupyter"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _command(self) -> list[str]:
        args = [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--ServerApp.base_url={self.base_url}",
            "--ServerApp.open_browser=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")
        if self.certfile is not None and self.keyfile is not None:
            args += [f"--ServerApp.certfile={self.certfile}", f"--ServerApp.keyfile={self.keyfile}"]
        if self.kernel_names is not None:
            names = ",".join(repr(n) for n in self.kernel_names)
            args.append(f"--KernelSpecManager.allowed_kernelspecs={{{names}}}")
        return args + kernel_provisioner_args() + self.extra_args

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["JUPYTER_TOKEN"] = self.token
        env.pop("JUPYTER_SERVER_URL", None)
        # Loopback must never go through a proxy.
        no_proxy = ",".join(filter(None, [env.get("NO_PROXY", ""), "127.0.0.1,localhost"]))
        env["NO_PROXY"] = env["no_proxy"] = no_proxy
        if self.isolate:
            for name, sub in (
                ("HOME", "home"),
                ("JUPYTER_CONFIG_DIR", "home/.jupyter"),
                ("JUPYTER_DATA_DIR", "home/.local/share/jupyter"),
                ("JUPYTER_RUNTIME_DIR", "home/.local/share/jupyter/runtime"),
                ("IPYTHONDIR", "home/.ipython"),
            ):
                (self._state / sub).mkdir(parents=True, exist_ok=True)
                env[name] = str(self._state / sub)
            env["JUPYTER_PLATFORM_DIRS"] = "1"
            env.pop("JUPYTER_PATH", None)
            env.pop("JUPYTER_CONFIG_PATH", None)
        if self.server_extensions:
            config = self._state / "config"
            (config / "jupyter_server_config.d").mkdir(parents=True, exist_ok=True)
            extensions = {"ServerApp": {"jpserver_extensions": self.server_extensions}}
            path = config / "jupyter_server_config.d" / "jupyter_sdk_local_server.json"
            path.write_text(json.dumps(extensions, indent=2))
            # Before the environment's and system's folders (where installed extensions
            # enable themselves): the same merge by key as `--user` config.
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
                filter(None, [str(config), env.get("JUPYTER_CONFIG_PATH", "")])
            )
        env.update(self.extra_env)
        env[MARK_VARIABLE] = self.mark  # inherited by every process the server starts
        return env

    def start(self) -> ServerSettings:
        """Start the server and wait until it answers; returns its settings."""
        if self._process is not None:
            raise RuntimeError("the server is already running")
        # A stopped server may be started again: stop() removed its state folder.
        self._state.mkdir(parents=True, exist_ok=True)
        self.root_dir.mkdir(parents=True, exist_ok=True)
        for _ in range(5):  # a free port can be taken between probe and bind
            self.port = self.fixed_port or free_port()
            with self.log_path.open("ab") as log:
                self._process = subprocess.Popen(
                    self._command(),
                    cwd=self.root_dir,
                    env=self._environment(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
            self._watch()
            try:
                self._wait_ready()
                return self.settings
            except _PortTaken:
                self._reap()
                if self.fixed_port:
                    raise JupyterError(f"port {self.fixed_port} is in use") from None
                continue
            except BaseException:
                self.stop()
                raise
        raise JupyterError("could not bind a free port for the local server")

    def _watch(self) -> None:
        """Start the watchdog that ends the server should this process die without
        stopping it (the server runs in a session of its own: nothing else would)."""
        assert self._process is not None
        args = [str(self._process.pid), self.mark, str(self._state)]
        # Its stdin is a pipe whose only write end is ours (close-on-exec: no other child
        # inherits it): it reads the end when we close it in _reap, or when we die.
        self._watchdog = subprocess.Popen(
            [sys.executable, "-m", "jupyter_sdk._watchdog", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        headers = {"Authorization": f"token {self.token}"}
        # Readiness only: the probe does not check the certificate (the client does).
        verify = self.certfile is None
        with httpx.Client(timeout=2.0, trust_env=False, verify=verify) as client:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    log = self.log_text()
                    if "already in use" in log or "Address already" in log:
                        raise _PortTaken
                    raise JupyterError(
                        f"the local Jupyter Server exited with code {self._process.returncode}:"
                        f"\n{log[-2000:]}"
                    )
                # Ask only once the server says it listens on the port: until then the
                # port may be another process's (a free port can be taken between probe
                # and bind), and a probe would talk to it.
                if f"127.0.0.1:{self.port}/" in self.log_text():
                    with contextlib.suppress(httpx.TransportError):
                        response = client.get(f"{self.url}api/status", headers=headers)
                        if response.status_code == 200:
                            return
                # Nothing to wait on but the socket itself: a short poll is the event.
                time.sleep(0.05)
        raise JupyterError(
            f"the local Jupyter Server did not answer within {self.startup_timeout} s:"
            f"\n{self.log_text()[-2000:]}"
        )

    def log_text(self) -> str:
        """The server's log so far, with the token redacted."""
        try:
            return self.log_path.read_text(errors="replace").replace(self.token, "***")
        except OSError:
            return ""

    def children(self) -> set[int]:
        """PIDs of the server's live processes but its own: its descendants (kernels,
        terminals) and every process carrying its mark (also detached ones)."""
        if self._process is None:
            return set()
        found = (descendants(self._process.pid) | marked(self.mark)) - {self._process.pid}
        self._known_children |= found
        return found

    def detached(self) -> set[int]:
        """PIDs of processes with the server's mark outside its process tree: processes
        that detached themselves (debugpy's adapter, daemons started by user code), or
        that outlived the server."""
        if self._process is None:
            return marked(self.mark)
        return marked(self.mark) - descendants(self._process.pid) - {self._process.pid}

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server and every process it started (by PID), found as its descendants
        and by its mark. Safe to call twice."""
        process = self._process
        if process is not None:
            self.children()
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                    process.wait(5)
            self._reap()
        # Ours alone (the server's log and config, and the root when it is ours), also
        # beside a root of the caller's.
        shutil.rmtree(self._state, ignore_errors=True)

    def _reap(self) -> None:
        """Kill what the server left behind (by PID) and forget the process."""
        left = self._known_children | marked(self.mark)
        for _ in range(5):  # a marked process may fork while it is being killed
            if not left:
                break
            kill_processes(left)
            left = marked(self.mark)
        self._known_children.clear()
        self._process = None
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None:  # we stopped the server ourselves: it may go
            assert watchdog.stdin is not None
            with contextlib.suppress(OSError):
                watchdog.stdin.write(b"stopped")
                watchdog.stdin.close()
            try:
                watchdog.wait(10)
            except subprocess.TimeoutExpired:
                watchdog.kill()
                watchdog.wait()

    def __enter__(self) -> ServerSettings:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _PortTaken(Exception):
    pass


@contextlib.asynccontextmanager
async def local_server(
    root_dir: str | os.PathLike[str] | None = None,
    *,
    base_url: str = "/",
    kernel_names: Sequence[str] | None = None,
    isolate: bool = False,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 60.0,
    port: int = 0,
    certfile: str | os.PathLike[str] | None = None,
    keyfile: str | os.PathLike[str] | None = None,
    collaborative: bool | None = None,
    server_extensions: Mapping[str, bool] | None = None,
) -> AsyncIterator[ServerSettings]:
    """Run a Jupyter Server on 127.0.0.1 for the duration of an ``async with`` block.

    Yields the server's settings (free port, random token). On exit, also on error or
    cancellation, the server and its kernels are stopped, with every process they started,
    also those that detached themselves (see :data:`MARK_VARIABLE`). See
    :class:`LocalServer` for the arguments.
    """
    server = LocalServer(
        root_dir,
        base_url=base_url,
        kernel_names=kernel_names,
        isolate=isolate,
        extra_args=extra_args,
        env=env,
        startup_timeout=startup_timeout,
        port=port,
        certfile=certfile,
        keyfile=keyfile,
        collaborative=collaborative,
        server_extensions=server_extensions,
    )
    try:
        yield await asyncio.to_thread(server.start)
    finally:
        # Shielded: the server must stop even when the block was cancelled.
        await asyncio.shield(asyncio.to_thread(server.stop))
