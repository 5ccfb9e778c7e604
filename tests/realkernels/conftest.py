"""A server with real non-IPython kernels from PyPI (xeus-python, bash_kernel, Calysto
Scheme): their kernelspecs are written into the isolated server's private Jupyter data
folder."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bash_kernel.install import kernel_json as bash_kernel_json
from calysto_scheme.kernel import CalystoScheme
from cli.helpers import Cli, clean_env, cli_runner

from jupyter_sdk.local import LocalServer, alive

# The kernels as their packages install them, run by this interpreter (not by whatever
# "python3.11" is first on PATH, as xeus-python's own kernelspec says).
KERNELSPECS: dict[str, dict[str, object]] = {
    "xpython": {
        "argv": [sys.executable, "-m", "xpython_launcher", "-f", "{connection_file}"],
        "display_name": "Python (xeus-python)",
        "language": "python",
        "metadata": {"debugger": True},
    },
    "bash": {
        **bash_kernel_json,
        "argv": [sys.executable, "-m", "bash_kernel", "-f", "{connection_file}"],
    },
    # A kernelspec that names no language: the kernel's language_info settles it.
    "bash_nolang": {
        "argv": [sys.executable, "-m", "bash_kernel", "-f", "{connection_file}"],
        "display_name": "Bash (kernelspec without a language)",
        "env": {"PS1": "$"},
    },
    # A MetaKernel kernel, in a language without a parameter translator.
    "calysto_scheme": {
        **CalystoScheme.kernel_json,
        "argv": [sys.executable, "-m", "calysto_scheme", "-f", "{connection_file}"],
    },
}


def install_kernelspecs(data_dir: Path) -> None:
    for name, spec in KERNELSPECS.items():
        folder = data_dir / "kernels" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


@pytest.fixture(scope="package")
def kernel_server() -> Iterator[LocalServer]:
    """A server whose kernelspecs include xpython and bash."""
    server = LocalServer(isolate=True)
    assert server.data_dir is not None
    install_kernelspecs(server.data_dir)
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        leftover = [pid for pid in children if alive(pid)]
        assert not leftover, f"processes left behind: {leftover}"


@pytest.fixture
def kernel_env(kernel_server: LocalServer) -> dict[str, str]:
    """The environment of a local process (papermill) that finds the same kernelspecs."""
    env = clean_env()
    assert kernel_server.data_dir is not None
    env["JUPYTER_PATH"] = str(kernel_server.data_dir)
    return env


@pytest.fixture
def cli(kernel_server: LocalServer, tmp_path: Path) -> Cli:
    """Run ``jupyter-sdk ARGS`` against the kernel server."""
    return cli_runner(kernel_server, tmp_path)
