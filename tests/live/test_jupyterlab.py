"""The SDK beside a person in a real JupyterLab (headless Chromium, JupyterLab 4 with
jupyter-collaboration), in one notebook: what the SDK writes and runs appears in
JupyterLab's page while the cell runs, what the person types reaches the SDK, and each is
in the other's list of collaborators. The server runs under a JupyterHub-style prefix."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Literal

import pytest

from jupyter_sdk.documents import Collaborator, DocumentManager
from jupyter_sdk.local import LocalServer, alive, descendants, kill_processes

from .conftest import ChangeWatch, collaborative_server, empty_notebook, on_disk, wait_presence
from .lab_browser import (
    COLLABORATORS_PANEL,
    COLLABORATORS_TAB,
    OUTPUTS,
    PROMPTS,
    LabBrowser,
    chromium,
)

pytestmark = pytest.mark.timeout(240)

WAIT = 60.0


@pytest.fixture(scope="module")
def lab_server() -> Iterator[LocalServer]:
    """A collaborative server with JupyterLab (the shared ``collab_server`` runs without),
    under a JupyterHub-style prefix as most shared deployments are."""
    with tempfile.TemporaryDirectory(prefix="jupyter-sdk-lab-") as root:
        server = collaborative_server(root_dir=Path(root), base_url="/user/alice/")
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
async def lab(lab_server: LocalServer, peer_modules: Path) -> AsyncIterator[LabBrowser]:
    """A started headless Chromium for JupyterLab on ``lab_server``; it and every process
    it started are stopped by PID at teardown."""
    executable = chromium()
    if executable is None:
        pytest.fail(
            "no Chromium: install Debian's chromium (./test.sh does, as root) "
            "or name one in JUPYTER_SDK_TEST_CHROMIUM"
        )
    browser = LabBrowser(lab_server.url, lab_server.token, executable)
    await browser.start(timeout=WAIT)
    assert browser.pid is not None
    started = {browser.pid}
    try:
        yield browser
    finally:
        started |= descendants(browser.pid) if browser.pid is not None else set()
        await browser.stop()
        leftover = {pid for pid in started if alive(pid)}
        kill_processes(leftover)
        assert not leftover, f"browser processes left behind: {sorted(leftover)}"


@pytest.mark.parametrize("execution", ["server", "client"])
async def test_a_person_in_jupyterlab_and_the_sdk_in_one_notebook(
    lab_server: LocalServer,
    lab: LabBrowser,
    execution: Literal["server", "client"],
    tmp_path: Path,
) -> None:
    assert lab_server.url.endswith("/user/alice/")
    path = f"with-lab-{execution}.ipynb"
    first = {"cell_type": "code", "id": "first", "source": "x = 1", "metadata": {}}
    (lab_server.root_dir / path).write_text(
        empty_notebook([{**first, "outputs": [], "execution_count": None}])
    )
    release = tmp_path / "release"
    agent = Collaborator(name="agent-smith", display_name="Agent Smith", initials="AS")
    async with (
        DocumentManager(lab_server.settings, user=agent) as documents,
        documents.open_notebook(path) as nb,
        ChangeWatch(nb) as watch,
    ):
        # The person opens the notebook the SDK is in: each sees the other at once.
        await lab.open(path)
        await wait_presence(nb, lambda: bool(nb.collaborators), WAIT)
        (person,) = nb.collaborators
        assert person.display_name.startswith("Anonymous")  # the server's name for a token user
        await lab.click(COLLABORATORS_TAB)
        await lab.wait_text(COLLABORATORS_PANEL, "Agent Smith", WAIT)

        # A cell the SDK adds and runs streams into the page while it runs: the kernel
        # prints a line, then waits for the test's go-ahead before the next one.
        cell = nb.append_cell(
            "code",
            "import os, time\n"
            "print('first line', flush=True)\n"
            f"while not os.path.exists({str(release)!r}):\n"
            "    time.sleep(0.05)\n"
            "print('second line', flush=True)\n"
            "'done'",
        )
        running = asyncio.create_task(nb.execute(cell, timeout=WAIT, execution=execution))
        try:
            await lab.wait_text(OUTPUTS, "first line", WAIT)
            assert "[*]:" in await lab.texts(PROMPTS)  # still running, as the person sees it
            assert not running.done()
            release.touch()
            result = await asyncio.wait_for(running, WAIT)
        finally:
            release.touch()
            running.cancel()
        assert result.status == "ok"
        shown = await lab.wait_text(OUTPUTS, "'done'", WAIT)
        assert any("first line\nsecond line" in text for text in shown), shown
        await lab.wait_text(PROMPTS, f"[{result.execution_count}]:", WAIT)

        # What the person types in JupyterLab reaches the SDK.
        await lab.type(0, " + 41")
        await watch.until(lambda: nb[0].source == "x = 1 + 41", WAIT, "the person's typing")

        assert await nb.save() == "success"
        saved = on_disk(lab_server, path)
        assert saved.cells[0].source == "x = 1 + 41"
        assert saved.cells[1].outputs[0]["text"] == "first line\nsecond line\n"
        await (await nb.session()).shutdown()
