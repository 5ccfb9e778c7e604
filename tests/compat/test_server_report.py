"""``openapi/server_report.py`` (run by ``./codegen.sh --check``): what it says about the
servers of the matrix whose differences from the spec are known."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.matrix, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent.parent


def test_report_lists_known_differences_and_does_not_fail() -> None:
    env = dict(os.environ)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "openapi" / "server_report.py"),
            "--only",
            "server-1.24,server-2.14",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=280,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "server-2.21" not in out  # --only
    one, fourteen = out.split("  server-2.14: ")
    # 1.x: no identity API, no event bus, no hashes.
    assert "route  spec GET /api/me: /api/me is served by" in one
    assert "route  spec POST /api/events: /api/events is served by" in one
    assert "field  GET /api/contents/{path}: $.hash: optional, omitted" in one
    # 2.14: /api/me without updatable_fields nor PATCH; hashes came with 2.11.
    assert "field  GET /api/me: $.permissions.updatable_fields: optional, omitted" in fourteen
    assert "route  spec PATCH /api/me:" in fourteen
    assert "does not implement PATCH" in fourteen
    assert "$.hash: optional" not in fourteen
