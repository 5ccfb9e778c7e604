"""Without JUPYTER_SERVER_URL the CLI runs its own server: a command's whole life, the
``server`` command until Ctrl-C, and Ctrl-C during a run leaving no process behind."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from jupyter_sdk.local import alive, descendants

from .helpers import clean_env, executable, write_notebook

pytestmark = pytest.mark.timeout(180)

WAIT = 90.0


def wait_for(predicate: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    """Poll ``predicate`` (bounded), failing early when ``process`` exits."""
    deadline = time.monotonic() + WAIT
    while not predicate():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the CLI exited ({process.returncode}) before {what}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def stop(process: subprocess.Popen[str], signum: int = signal.SIGINT) -> tuple[str, str]:
    """Signal the CLI (SIGINT: as Ctrl-C does) and collect its output."""
    process.send_signal(signum)
    try:
        return process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def read_banner(process: subprocess.Popen[str]) -> list[str]:
    """The ``server`` command's lines up to its last one (the server answers by then)."""
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or not lines[-1].startswith("Ctrl-C stops it"):
        line = process.stdout.readline()
        assert line, f"the CLI closed its output early: {lines}"
        lines.append(line)
    return lines


def test_exec_with_the_embedded_server(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run(
        [executable(), "exec", "print(1)"],
        env={**clean_env(home=tmp_path / "home"), "TMPDIR": str(temp)},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1\n"
    # The embedded server's state folder (its log, its config) went with it.
    assert not list(temp.glob("jupyter-sdk-*"))


def test_run_in_place_with_the_embedded_server(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("beside the notebook")
    write_notebook(tmp_path / "nb" / "reader.ipynb", "print(open('../data.txt').read())")
    done = subprocess.run(
        [executable(), "run", "nb/reader.ipynb", "--log-output"],
        env=clean_env(home=tmp_path / "home"),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "beside the notebook" in done.stdout  # relative files resolve as with papermill
    assert (tmp_path / "nb" / "reader.executed.ipynb").exists()
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == [
        "reader.executed.ipynb",
        "reader.ipynb",
    ]


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["ctrl-c", "sigterm"],
)
def test_signal_during_a_run_leaves_no_process(
    tmp_path: Path, signum: int, code: int, message: str
) -> None:
    write_notebook(
        tmp_path / "slow.ipynb",
        "import pathlib, time\npathlib.Path('started').touch()\ntime.sleep(600)",
        "print('never')",
    )
    process = subprocess.Popen(
        [executable(), "run", "slow.ipynb"],
        env=clean_env(home=tmp_path / "home"),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for((tmp_path / "started").exists, process, "the cell started")
    spawned = descendants(process.pid)  # the server and its kernel
    assert len(spawned) >= 2

    out, err = stop(process, signum)

    assert process.returncode == code, out + err
    assert err.strip() == f"error: {message}"
    assert "Traceback" not in out + err
    assert not (tmp_path / "slow.executed.ipynb").exists()
    survivors = [pid for pid in spawned if alive(pid)]
    assert not survivors, f"left behind: {survivors}"


def test_server_command_until_ctrl_c(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [executable(), "server", "--root", str(tmp_path)],
        env=clean_env(home=tmp_path / "home"),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    banner = read_banner(process)
    first = banner[0]
    assert first.startswith("Jupyter Server running at http://127.0.0.1:"), banner
    url = first.split(" at ", 1)[1].strip()
    with httpx.Client(trust_env=False, timeout=10) as client:
        assert client.get(f"{url}api").status_code == 200  # the version needs no token
        assert client.get(f"{url}api/status").status_code in (401, 403)  # the rest does
    spawned = descendants(process.pid)
    assert spawned

    out, err = stop(process)

    text = "".join(banner) + out + err
    assert process.returncode == 0, text
    assert "token: hidden" in text
    assert "Traceback" not in text
    assert not [pid for pid in spawned if alive(pid)]


def test_server_command_shows_the_token_on_request(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [executable(), "server", "--show-token"],
        env=clean_env(home=tmp_path / "home"),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    banner = read_banner(process)
    url = banner[0].split(" at ", 1)[1].strip()
    token = next(line for line in banner if line.startswith("token: ")).split(": ", 1)[1].strip()
    with httpx.Client(trust_env=False, timeout=10) as client:
        answer = client.get(f"{url}api/status", headers={"Authorization": f"token {token}"})
        assert answer.status_code == 200
    stop(process)
    assert process.returncode == 0
