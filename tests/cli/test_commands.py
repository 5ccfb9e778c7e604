"""The other commands against the session's server: exec, every listing with --json,
kernel/session/terminal management, contents, and the exit codes for an unreachable
server and a refused token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jupyter_sdk import sync
from jupyter_sdk.local import LocalServer, free_port

from .helpers import Cli, load_json

pytestmark = pytest.mark.timeout(180)


def test_exec_reads_stdin_and_streams(cli: Cli) -> None:
    code = "import sys\nprint('out')\nprint('err', file=sys.stderr)\n6 * 7\n"
    done = cli("exec", "-", input=code)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "out\n42\n"
    assert done.stderr == "err\n"


def test_exec_error_exits_1_with_the_traceback(cli: Cli) -> None:
    done = cli("exec", "print('first')\n1 / 0")
    assert done.returncode == 1
    assert done.stdout == "first\n"
    assert "ZeroDivisionError" in done.stderr
    assert "\x1b[" not in done.stderr


def test_exec_input_fails_fast(cli: Cli) -> None:
    done = cli("exec", "input('? ')", timeout=60)
    assert done.returncode == 1
    assert "StdinNotImplementedError" in done.stderr


@pytest.fixture
def busy(server: LocalServer, server_folder: str) -> Iterator[dict[str, str]]:
    """A session (with its kernel) and a terminal on the server, shut down afterwards."""
    (server.root_dir / server_folder / "data.txt").write_text("hello")
    with sync.ServiceManager(server.settings, poll=False) as services:
        session = services.sessions.start_new(
            path=f"{server_folder}/busy.ipynb", kernel={"name": "python3"}
        )
        terminal = services.terminals.start_new()
        kernel = session.kernel
        assert kernel is not None
        try:
            yield {
                "session": session.id,
                "kernel": kernel.id,
                "terminal": terminal.name,
                "path": session.path,
                "folder": server_folder,
            }
        finally:
            session.shutdown()
            terminal.shutdown()


def test_json_listings(cli: Cli, busy: dict[str, str]) -> None:
    def listing(*args: str) -> object:
        done = cli(*args, "--json")
        assert done.returncode == 0, done.stderr
        return load_json(done.stdout)

    kernels = listing("kernels", "list")
    assert isinstance(kernels, list)
    assert busy["kernel"] in {k["id"] for k in kernels}

    specs = listing("kernelspecs")
    assert isinstance(specs, dict)
    assert "python3" in specs["kernelspecs"]
    assert specs["default"] == "python3"

    sessions = listing("sessions", "list")
    assert isinstance(sessions, list)
    mine = [s for s in sessions if s["id"] == busy["session"]]
    assert mine
    assert mine[0]["path"] == busy["path"]
    assert mine[0]["kernel"]["id"] == busy["kernel"]

    files = listing("contents", "ls", busy["folder"])
    assert isinstance(files, list)
    assert {f["name"]: f["type"] for f in files} == {"data.txt": "file"}
    assert "content" not in files[0]

    terminals = listing("terminals", "list")
    assert isinstance(terminals, list)
    assert busy["terminal"] in {t["name"] for t in terminals}

    status = listing("status")
    assert isinstance(status, dict)
    assert status["embedded"] is False
    assert status["kernels"] >= 1
    assert "kernels" in status["services"]
    assert status["version"].startswith("2.")


def test_tables_for_people(cli: Cli, busy: dict[str, str]) -> None:
    done = cli("sessions", "list")
    assert done.returncode == 0, done.stderr
    assert busy["path"] in done.stdout
    assert "PATH" in done.stdout
    done = cli("status")
    assert done.returncode == 0, done.stderr
    assert "jupyter_server 2." in done.stdout


def test_kernel_lifecycle(cli: Cli) -> None:
    done = cli("kernels", "start", "python3")
    assert done.returncode == 0, done.stderr
    kernel_id = done.stdout.strip()
    assert len(kernel_id) == 36
    for action in ("interrupt", "restart"):
        done = cli("kernels", action, kernel_id[:12])
        assert done.returncode == 0, done.stderr
        assert kernel_id in done.stdout
    done = cli("kernels", "stop", kernel_id)
    assert done.returncode == 0, done.stderr
    listed = load_json(cli("kernels", "list", "--json").stdout)
    assert isinstance(listed, list)
    assert kernel_id not in {k["id"] for k in listed}
    done = cli("kernels", "stop", kernel_id)
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: no kernel {kernel_id!r} on the server"


def test_session_and_terminal_stop(cli: Cli, busy: dict[str, str]) -> None:
    done = cli("sessions", "stop", busy["session"])
    assert done.returncode == 0, done.stderr
    done = cli("terminals", "stop", busy["terminal"])
    assert done.returncode == 0, done.stderr
    sessions = load_json(cli("sessions", "list", "--json").stdout)
    assert isinstance(sessions, list)
    assert busy["session"] not in {s["id"] for s in sessions}
    kernels = load_json(cli("kernels", "list", "--json").stdout)
    assert isinstance(kernels, list)
    assert busy["kernel"] not in {k["id"] for k in kernels}  # stopped with its session


def test_contents_round_trip(
    cli: Cli, server: LocalServer, server_folder: str, tmp_path: Path
) -> None:
    local = tmp_path / "up.bin"
    local.write_bytes(bytes(range(256)) * 10)
    root = server.root_dir / server_folder

    assert cli("contents", "put", str(local), f"{server_folder}/").returncode == 0
    assert (root / "up.bin").read_bytes() == local.read_bytes()

    done = cli("contents", "get", f"{server_folder}/up.bin", "-o", str(tmp_path / "down.bin"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "down.bin").read_bytes() == local.read_bytes()

    (root / "note.txt").write_text("plain text\n")
    done = cli("contents", "get", f"{server_folder}/note.txt")
    assert done.stdout == "plain text\n"

    (root / "sub").mkdir()
    assert (
        cli("contents", "cp", f"{server_folder}/note.txt", f"{server_folder}/sub").returncode == 0
    )
    assert (root / "sub" / "note.txt").read_text() == "plain text\n"
    done = cli("contents", "cp", f"{server_folder}/note.txt", f"{server_folder}/copy.txt")
    assert done.returncode == 0, done.stderr
    assert (root / "copy.txt").read_text() == "plain text\n"

    done = cli("contents", "mv", f"{server_folder}/copy.txt", f"{server_folder}/moved.txt")
    assert done.returncode == 0, done.stderr
    assert not (root / "copy.txt").exists()
    assert (root / "moved.txt").exists()

    assert cli("contents", "rm", f"{server_folder}/moved.txt").returncode == 0
    assert not (root / "moved.txt").exists()

    done = cli("contents", "ls", server_folder)
    assert done.returncode == 0, done.stderr
    assert "sub/" in done.stdout
    assert "up.bin" in done.stdout

    done = cli("contents", "get", f"{server_folder}/nothing.txt")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1


def test_unreachable_server_exits_3(cli: Cli) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    for args in (["kernels", "list"], ["exec", "1"], ["contents", "ls"]):
        done = cli(*args, env={"JUPYTER_SERVER_URL": url}, timeout=60)
        assert done.returncode == 3, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("error: cannot reach the server")
        assert "Traceback" not in done.stderr


def test_wrong_token_exits_3_without_printing_it(cli: Cli) -> None:
    wrong = "wrong-token-3f9a1c"
    for args in (["status"], ["exec", "1"], ["contents", "ls"]):
        done = cli(*args, env={"JUPYTER_TOKEN": wrong})
        assert done.returncode == 3, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "refused the credentials" in lines[0]
        assert wrong not in done.stdout + done.stderr
        assert "Traceback" not in done.stderr


def test_bad_url_is_a_usage_error(cli: Cli) -> None:
    done = cli("status", env={"JUPYTER_SERVER_URL": "ftp://example/?token=sekrit"})
    assert done.returncode == 2
    assert "sekrit" not in done.stderr
