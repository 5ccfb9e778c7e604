"""Every script in examples/ runs against a real server (and the embedded one once)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_sdk import LocalServer

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))
pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script: Path, server: LocalServer, tmp_path: Path) -> None:
    env = dict(os.environ, JUPYTER_SERVER_URL=server.url, JUPYTER_TOKEN=server.token)
    done = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert server.token not in done.stdout + done.stderr


def test_execute_example_with_embedded_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_SERVER_URL", "JUPYTER_TOKEN")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(EXAMPLES[0].parent / "execute.py")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "result: 42" in done.stdout
    assert "sync result: 45" in done.stdout
