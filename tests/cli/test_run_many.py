"""``jupyter-sdk run -j 4`` of twelve notebooks: all correct, never more than four kernels
alive (polled on the server while it runs), none left at the end."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import httpx
import nbformat
import pytest

from jupyter_sdk.local import LocalServer

from .helpers import clean_env, executable, write_notebook

pytestmark = pytest.mark.timeout(240)


def _kernel_ids(server: LocalServer, client: httpx.Client) -> set[str]:
    response = client.get(f"{server.url}api/kernels")
    response.raise_for_status()
    return {k["id"] for k in response.json()}


def test_twelve_notebooks_four_at_a_time(server: LocalServer, tmp_path: Path) -> None:
    names = [f"nb{i:02d}" for i in range(12)]
    for i, name in enumerate(names):
        write_notebook(
            tmp_path / "in" / f"{name}.ipynb",
            "import time\ntime.sleep(0.4)",
            f"print('{name}', {i} * {i})",
        )
    headers = {"Authorization": f"token {server.token}"}
    env = clean_env()
    env["JUPYTER_SERVER_URL"] = server.url
    env["JUPYTER_TOKEN"] = server.token
    with httpx.Client(headers=headers, trust_env=False, timeout=10) as client:
        baseline = _kernel_ids(server, client)
        most = 0
        finished = threading.Event()
        process = subprocess.Popen(
            [executable(), "run", *(f"in/{n}.ipynb" for n in names), "-j", "4",
             "--output-dir", "out"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

        samples = 0
        failures: list[Exception] = []

        def watch() -> None:
            nonlocal most, samples
            while not finished.is_set():
                try:
                    running = _kernel_ids(server, client)
                except httpx.HTTPStatusError as exc:
                    # The server's listing can answer 500 while a kernel is being removed;
                    # anything else is a failure, reported by the main thread.
                    if exc.response.status_code < 500:
                        failures.append(exc)
                        return
                else:
                    most = max(most, len(running - baseline))
                    samples += 1
                finished.wait(0.05)  # the sampling period of the poll

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            out, err = process.communicate(timeout=200)
        finally:
            finished.set()
            watcher.join()
        assert process.returncode == 0, err
        assert not failures, failures
        assert samples > 10, samples
        assert 2 <= most <= 4, most
        assert _kernel_ids(server, client) - baseline == set()
    for i, name in enumerate(names):
        nb = nbformat.read(tmp_path / "out" / f"{name}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert nb.cells[1].outputs[0]["text"] == f"{name} {i * i}\n"
        assert f"in/{name}.ipynb" in out
