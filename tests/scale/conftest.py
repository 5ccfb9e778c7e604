"""Real backends beyond one local server: Kernel Gateway, Enterprise Gateway, JupyterHub.

Each runs on 127.0.0.1 on free ports, with its tokens in its environment (never on its
command line), private HOME and Jupyter folders, and its log in a file; each is stopped
by PID together with every process it started (kernels, the hub's proxy and user
servers, and processes that detached themselves but carry the backend's environment
mark), and the test session fails if any of them is left running.

Installs (nothing here skips: a backend that cannot be set up fails its tests):

* Kernel Gateway and JupyterHub: dev dependencies of the project (pyproject's ``dev``
  extra, pinned in ``constraints/dev.txt``), so ``./test.sh`` installs them.
* Enterprise Gateway needs jupyter-server<2 and jupyter-client<7: a venv of its own,
  built by ``tests/venvs.py`` from ``requirements/enterprise-gateway.txt`` (every package
  pinned) under ``~/.cache/jupyter-sdk-tests/eg-<hash>``, reused while the file (and the
  Python version) is unchanged.
* JupyterHub's proxy, npm's ``configurable-http-proxy``: ``npm ci`` from
  ``tests/scale/package-lock.json`` into the test cache (``tests/npm_cache.py``), reused
  while the lock file is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import httpx
import pytest
import venvs  # tests/venvs.py
from npm_cache import NpmError, npm_modules

from jupyter_sdk import ServerSettings
from jupyter_sdk.local import (
    MARK_VARIABLE,
    WITHOUT_JUPYTERLAB,
    alive,
    descendants,
    free_port,
    kernel_provisioner_args,
    kill_processes,
    marked,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- processes --------------------------------------------------------------------------


def isolated_env(state: Path, extra: Mapping[str, str] = {}) -> dict[str, str]:
    """The test run's environment with private HOME and Jupyter folders under ``state``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTERHUB_", "JUPYTER_", "KG_", "EG_", "CONFIGPROXY_"))
    }
    for name, sub in (
        ("HOME", "home"),
        ("JUPYTER_CONFIG_DIR", "home/.jupyter"),
        ("JUPYTER_DATA_DIR", "home/.local/share/jupyter"),
        ("JUPYTER_RUNTIME_DIR", "home/.local/share/jupyter/runtime"),
        ("IPYTHONDIR", "home/.ipython"),
    ):
        (state / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(state / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    no_proxy = ",".join(filter(None, [env.get("NO_PROXY", ""), "127.0.0.1,localhost"]))
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    env.update(extra)
    return env


class Process:
    """A server subprocess: started, probed until ready, stopped by PID with its tree."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        env: Mapping[str, str],
        state: Path,
        secrets: list[str],
    ) -> None:
        self.name = name
        self.argv = argv
        self.mark = os.urandom(16).hex()
        # Inherited by every child that keeps the environment (JupyterHub's spawner
        # builds a fresh one for user servers: those are found as descendants).
        self.env = {**env, MARK_VARIABLE: self.mark}
        self.state = state
        self.secrets = secrets
        self.log_path = state / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.known: set[int] = set()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log_text(self) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def start(self, ready: Callable[[httpx.Client], bool], timeout: float = 60.0) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=self.state,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    self.stop()
                    pytest.fail(
                        f"{self.name} exited with code {self.process.returncode}:\n"
                        f"{self.log_text()[-3000:]}"
                    )
                with contextlib.suppress(httpx.TransportError):
                    if ready(client):
                        return
                # Nothing to wait on but the socket itself: a short poll is the event.
                time.sleep(0.05)
        self.stop()
        pytest.fail(f"{self.name} did not answer within {timeout} s:\n{self.log_text()[-3000:]}")

    def children(self) -> set[int]:
        """The live descendants (kernels, proxy, user servers), remembered for stop()."""
        if self.process is None:
            return set()
        found = (descendants(self.process.pid) | marked(self.mark)) - {self.process.pid}
        self.known |= found
        return found

    def stop(self, timeout: float = 20.0) -> list[int]:
        """Stop the process and everything it started; returns PIDs that survived."""
        process = self.process
        if process is None:
            return []
        self.children()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        kill_processes(self.known | marked(self.mark), grace=10)
        return [pid for pid in {process.pid, *self.known, *marked(self.mark)} if alive(pid)]


def _finish(process: Process) -> None:
    """Stop ``process``; fail if anything it started is still alive after."""
    left = process.stop()
    # Anything left after SIGKILL would be a zombie or unkillable: report it.
    assert not left, f"{process.name}: processes left behind: {left}"


def _api_ready(url: str, token: str) -> Callable[[httpx.Client], bool]:
    def ready(client: httpx.Client) -> bool:
        response = client.get(url, headers={"Authorization": f"token {token}"})
        return response.status_code == 200

    return ready


class Gateway:
    """A running Kernel Gateway or Enterprise Gateway."""

    def __init__(self, process: Process, port: int, token: str) -> None:
        self.process = process
        self.port = port
        self.token = token

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def settings(self) -> ServerSettings:
        return ServerSettings(self.url, token=self.token)


def _state(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"jupyter-sdk-{prefix}-"))


# -- Kernel Gateway ---------------------------------------------------------------------


def _start_kernel_gateway(list_kernels: bool) -> Iterator[Gateway]:
    state = _state("kg")
    token = secrets.token_hex(24)
    port = free_port()
    env = isolated_env(
        state,
        {"KG_AUTH_TOKEN": token, "KG_LIST_KERNELS": "True" if list_kernels else "False"},
    )
    process = Process(
        "kernel-gateway",
        [
            sys.executable,
            "-m",
            "kernel_gateway",
            "--KernelGatewayApp.ip=127.0.0.1",
            f"--KernelGatewayApp.port={port}",
            "--KernelGatewayApp.port_retries=0",
            *kernel_provisioner_args(),  # runs in this environment (EG has a venv of its own)
        ],
        env=env,
        state=state,
        secrets=[token],
    )
    process.start(_api_ready(f"http://127.0.0.1:{port}/api", token))
    try:
        yield Gateway(process, port, token)
    finally:
        _finish(process)
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def kernel_gateway() -> Iterator[Gateway]:
    """Jupyter Kernel Gateway with the running lists allowed (``KG_LIST_KERNELS=True``;
    in 3.x the option is ``JupyterWebsocketPersonality.list_kernels``)."""
    yield from _start_kernel_gateway(list_kernels=True)


@pytest.fixture(scope="session")
def kernel_gateway_unlisted() -> Iterator[Gateway]:
    """Jupyter Kernel Gateway as shipped: ``GET /api/kernels`` and ``/api/sessions`` 403."""
    yield from _start_kernel_gateway(list_kernels=False)


# -- Enterprise Gateway -----------------------------------------------------------------


def _run(argv: list[str], what: str, timeout: float, cwd: Path | None = None) -> None:
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"{what} failed: {exc}")
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        pytest.fail(f"{what} failed with code {done.returncode}:\n{output[-3000:]}")


def enterprise_gateway_python() -> Path:
    """The Python of the Enterprise Gateway venv, built once per requirements file."""
    try:
        return venvs.venv_python("enterprise-gateway")
    except venvs.VenvError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def enterprise_gateway() -> Iterator[Gateway]:
    """Jupyter Enterprise Gateway from its own venv, with the running lists allowed.

    As root, EG refuses to start kernels for the user ``root`` unless
    ``unauthorized_users`` is emptied.
    """
    python = enterprise_gateway_python()
    state = _state("eg")
    token = secrets.token_hex(24)
    port = free_port()
    env = isolated_env(state, {"EG_AUTH_TOKEN": token, "EG_LIST_KERNELS": "True"})
    # Kernels run `python` from the kernelspec: the venv's, first on PATH.
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    process = Process(
        "enterprise-gateway",
        [
            str(python),
            "-m",
            "enterprise_gateway",
            "--EnterpriseGatewayApp.ip=127.0.0.1",
            f"--EnterpriseGatewayApp.port={port}",
            "--EnterpriseGatewayApp.port_retries=0",
            "--EnterpriseGatewayApp.unauthorized_users=set()",
        ],
        env=env,
        state=state,
        secrets=[token],
    )
    process.start(_api_ready(f"http://127.0.0.1:{port}/api", token))
    try:
        yield Gateway(process, port, token)
    finally:
        _finish(process)
        shutil.rmtree(state, ignore_errors=True)


# -- JupyterHub -------------------------------------------------------------------------


def configurable_http_proxy() -> Path:
    """The proxy's executable, installed by ``npm ci`` into the test cache when missing."""
    try:
        return npm_modules(HERE) / ".bin" / "configurable-http-proxy"
    except NpmError as exc:
        pytest.fail(f"configurable-http-proxy (JupyterHub's proxy): {exc}")


HUB_CONFIG = """\
# Generated by tests/scale/conftest.py. Tokens come from the environment.
import os
import sys

c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {public_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///" + {db!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {hub_pid!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60


def _port_outside_the_ephemeral_range(spawner):
    # JupyterHub's own choice binds port 0 and lets go: a user server slow to start (a
    # loaded machine) can find it taken by then (jupyter_sdk/_ports.py).
    from jupyter_sdk.local import free_port

    spawner.port = free_port()


c.Spawner.pre_spawn_hook = _port_outside_the_ephemeral_range
c.JupyterHub.services = [
    {{"name": "sdk-admin", "api_token": os.environ["SDK_HUB_ADMIN_TOKEN"]}},
]
c.JupyterHub.load_roles = [
    {{
        "name": "sdk-admin",
        "scopes": ["admin:users", "admin:servers", "servers", "tokens"],
        "services": ["sdk-admin"],
    }},
]
"""


class Hub:
    """A running JupyterHub (hub + proxy + simple spawner) and its admin service token."""

    def __init__(self, process: Process, public_port: int, admin_token: str, state: Path):
        self.process = process
        self.public_port = public_port
        self.admin_token = admin_token
        self.state = state

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}/"

    @property
    def api_url(self) -> str:
        return f"{self.public_url}hub/api"

    def home(self, user: str) -> Path:
        return self.state / "users" / user


@pytest.fixture(scope="session")
def jupyterhub() -> Iterator[Hub]:
    """JupyterHub on 127.0.0.1: dummy authenticator, simple spawner (no system users),
    an isolated state folder, and the admin service ``sdk-admin`` (``admin:users``,
    ``servers``, ``tokens``)."""
    proxy = configurable_http_proxy()
    state = _state("hub")
    admin_token = secrets.token_hex(24)
    proxy_token = secrets.token_hex(24)
    public_port, hub_port, proxy_api_port = free_port(), free_port(), free_port()
    (state / "users").mkdir()
    user_env = isolated_env(state / "user-jupyter")
    # Single-user servers as before JupyterLab joined the dev install (for tests/services/
    # test_lab.py): the plain ServerApp (JupyterHub launches JupyterLab's app, which turns
    # JupyterLab on, whenever it is importable), and JupyterLab's extensions off, written
    # as LocalServer(server_extensions=) writes it.
    user_env["JUPYTERHUB_SINGLEUSER_APP"] = "jupyter-server"
    user_env["JUPYTER_CONFIG_PATH"] = str(state / "user-jupyter" / "extensions")
    enabled = Path(user_env["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.d"
    enabled.mkdir(parents=True, exist_ok=True)
    (enabled / "jupyter_sdk_without_jupyterlab.json").write_text(
        json.dumps(
            {
                "ServerApp": {
                    "jpserver_extensions": {
                        **WITHOUT_JUPYTERLAB,
                        "jupyter_server_ydoc": False,
                        "jupyter_server_nbmodel": False,
                    }
                }
            }
        )
    )
    environment = {
        key: user_env[key]
        for key in (
            "JUPYTER_CONFIG_DIR",
            "JUPYTER_DATA_DIR",
            "JUPYTER_RUNTIME_DIR",
            "IPYTHONDIR",
            "JUPYTER_PLATFORM_DIRS",
            "JUPYTERHUB_SINGLEUSER_APP",
            "JUPYTER_CONFIG_PATH",
        )
    }
    config = state / "jupyterhub_config.py"
    config.write_text(
        HUB_CONFIG.format(
            public_port=public_port,
            hub_port=hub_port,
            proxy_api_port=proxy_api_port,
            proxy=str(proxy),
            proxy_pid=str(state / "proxy.pid"),
            db=str(state / "jupyterhub.sqlite"),
            cookie_secret=str(state / "cookie_secret"),
            hub_pid=str(state / "hub.pid"),
            homes=str(state / "users"),
            # The user servers' kernels get the embedded server's ports (jupyter_sdk/_ports.py).
            args=[*(["--allow-root"] if IS_ROOT else []), *kernel_provisioner_args()],
            environment=environment,
        )
    )
    env = isolated_env(
        state, {"SDK_HUB_ADMIN_TOKEN": admin_token, "CONFIGPROXY_AUTH_TOKEN": proxy_token}
    )
    process = Process(
        "jupyterhub",
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        env=env,
        state=state,
        secrets=[admin_token, proxy_token],
    )

    def ready(client: httpx.Client) -> bool:
        # Through the proxy: ready once the hub has added its own route.
        response = client.get(f"http://127.0.0.1:{public_port}/hub/api/")
        return response.status_code == 200 and "version" in response.text

    process.start(ready)
    try:
        yield Hub(process, public_port, admin_token, state)
    finally:
        _finish(process)
        shutil.rmtree(state, ignore_errors=True)
