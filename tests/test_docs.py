"""The documentation: it builds in strict mode, and its examples run.

1. ``mkdocs build --strict`` succeeds (a warning, such as a docstring that does not parse,
   a broken link or a cross-reference to nothing, fails it) and the API reference pages
   hold the documented classes.
2. Every Python block of ``docs/`` marked runnable is executed against the test server.
   The convention: an HTML comment ``<!-- test: run -->`` on the line right before a
   ```` ```python ```` fence (invisible in the rendered page). A marked block runs with
   ``settings`` preset to the server's settings and ``JUPYTER_SERVER_URL`` /
   ``JUPYTER_TOKEN`` set (so ``ServerSettings.from_env()`` works too), in a fresh temporary
   working folder. A block with top-level ``await`` runs in ``asyncio.run`` in a thread;
   other blocks run as they are. A block must clean up what it starts on the server.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from jupyter_sdk.local import LocalServer

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = "<!-- test: run -->"
BLOCK_TIMEOUT = 60.0

# Reference page -> objects whose anchors it must hold.
REFERENCE = {
    "settings": [
        "jupyter_sdk.settings.ServerSettings",
        "jupyter_sdk.settings.ReconnectPolicy",
        "jupyter_sdk.settings.PollingPolicy",
        "jupyter_sdk.local.local_server",
        "jupyter_sdk.local.LocalServer",
    ],
    "errors": [
        "jupyter_sdk.errors.JupyterError",
        "jupyter_sdk.errors.ResponseError",
        "jupyter_sdk.errors.ServerNotRunningError",
        "jupyter_sdk.errors.KernelDeadError",
        "jupyter_sdk.errors.ConnectionReplacedError",
        "jupyter_sdk.errors.ExecutionError",
        "jupyter_sdk.errors.IOPubRateLimitWarning",
    ],
    "kernels": [
        "jupyter_sdk.kernels.KernelManager",
        "jupyter_sdk.kernels.KernelManager.start_new",
        "jupyter_sdk.kernels.KernelConnection",
        "jupyter_sdk.kernels.KernelConnection.execute",
        "jupyter_sdk.kernels.KernelConnection.status_changed",
        "jupyter_sdk.kernels.KernelFuture",
        "jupyter_sdk.kernels.Comm",
        "jupyter_sdk.outputs.ExecutionResult",
        "jupyter_sdk.kernelspecs.KernelSpecManager",
        "jupyter_sdk.signal.Signal",
    ],
    "protocol": [
        "jupyter_sdk.protocol.wire.encode",
        "jupyter_sdk.protocol.wire.decode",
        "jupyter_sdk.protocol.wire.WireProtocol",
        "jupyter_sdk.protocol.messages.Message",
        "jupyter_sdk.protocol.messages.new_message",
        "jupyter_sdk.protocol.messages.MESSAGE_TYPES",
    ],
    "sessions": [
        "jupyter_sdk.sessions.SessionManager",
        "jupyter_sdk.sessions.SessionConnection",
        "jupyter_sdk.sessions.KernelRef",
        "jupyter_sdk.session_context.SessionContext",
        "jupyter_sdk.session_context.KernelPreference",
    ],
    "contents": [
        "jupyter_sdk.contents.ContentsManager",
        "jupyter_sdk.contents.ContentsManager.upload",
        "jupyter_sdk.contents.Drive",
        "jupyter_sdk.contents.FileChange",
        "jupyter_sdk.paths.check_path",
    ],
    "terminals": [
        "jupyter_sdk.terminals.TerminalManager",
        "jupyter_sdk.terminals.TerminalConnection",
        "jupyter_sdk.terminals.TerminalMessage",
    ],
    "services": [
        "jupyter_sdk.service_manager.ServiceManager",
        "jupyter_sdk.events.EventManager",
        "jupyter_sdk.events.EventSubscription",
        "jupyter_sdk.user.UserManager",
        "jupyter_sdk.config.ConfigSection",
        "jupyter_sdk.config.ConfigWithDefaults",
        "jupyter_sdk.nbconvert.NbConvertManager",
        "jupyter_sdk.server.ServerAPI",
    ],
    "notebook": ["jupyter_sdk.notebook.run_notebook"],
    "sync": [
        "jupyter_sdk.sync.KernelManager",
        "jupyter_sdk.sync.KernelConnection",
        "jupyter_sdk.sync.SessionContext",
        "jupyter_sdk.sync.ContentsManager",
        "jupyter_sdk.sync.ServiceManager",
        "jupyter_sdk.sync.local_server",
    ],
    "models": ["jupyter_server_rest.models.Kernel", "jupyter_server_rest.models.Contents"],
}


def runnable_blocks() -> list[tuple[str, str]]:
    """(``page:line``, code) of every marked Python block under ``docs/``."""
    found: list[tuple[str, str]] = []
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip() != MARKER:
                continue
            fence = lines[number + 1] if number + 1 < len(lines) else ""
            where = f"{page.relative_to(DOCS)}:{number + 2}"
            assert fence.strip() == "```python", f"{where}: {MARKER} must precede ```python"
            end = next(
                (i for i in range(number + 2, len(lines)) if lines[i].strip() == "```"), None
            )
            assert end is not None, f"{where}: unclosed code block"
            found.append((where, "\n".join(lines[number + 2 : end]) + "\n"))
    return found


BLOCKS = runnable_blocks()


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    for page, names in REFERENCE.items():
        html = (site / "reference" / page / "index.html").read_text(encoding="utf-8")
        anchors = set(re.findall(r'id="([\w.]+)"', html))
        missing = [name for name in names if name not in anchors]
        assert not missing, f"reference/{page}: no section for {missing}"


def test_there_are_runnable_examples() -> None:
    pages = {where.split(":", 1)[0] for where, _ in BLOCKS}
    assert {
        "index.md",
        "kernels.md",
        "sessions.md",
        "contents.md",
        "sync.md",
        "live-notebooks.md",
    } <= pages


def _run(code: str, where: str, namespace: dict[str, object]) -> None:
    compiled = compile(code, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if not compiled.co_flags & inspect.CO_COROUTINE:
        exec(compiled, namespace)
        return
    # Top-level await: eval gives a coroutine. Run it on a loop of its own thread, so a
    # loop of the caller's (none here) cannot interfere.
    with ThreadPoolExecutor(1, thread_name_prefix="docs-example") as pool:
        pool.submit(asyncio.run, eval(compiled, namespace)).result(BLOCK_TIMEOUT)


@pytest.mark.parametrize(("where", "code"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_example_runs(
    where: str,
    code: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Live notebooks need a server with real-time collaboration.
    name = "collab_server" if where.startswith("live-notebooks") else "server"
    server: LocalServer = request.getfixturevalue(name)
    monkeypatch.setenv("JUPYTER_SERVER_URL", server.url)
    monkeypatch.setenv("JUPYTER_TOKEN", server.token)
    monkeypatch.chdir(tmp_path)
    _run(code, where, {"__name__": "__docs_example__", "settings": server.settings})
