"""A live notebook through faults: a link cut mid-edit, and the SDK process killed while
the server runs its cell. (Server restarts are tested beside the CLI.)"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest
from faults.proxy import TcpProxy

from jupyter_sdk import ReconnectPolicy, ServerSettings, errors
from jupyter_sdk.documents import DocumentManager
from jupyter_sdk.local import LocalServer, alive

from .conftest import ChangeWatch, NodePeerFactory, collaborative_server, empty_notebook, on_disk
from .peer import Snapshot, cell_source, find_cell, stream_text


def _ids(snapshot: Snapshot) -> list[str]:
    return [cell["id"] for cell in snapshot["cells"]]


async def test_edits_made_while_the_link_is_cut_are_all_delivered_after_reconnect(
    collab_server: LocalServer, node_peer: NodePeerFactory, notebook: str
) -> None:
    async with TcpProxy(collab_server.port) as proxy:
        # Retries every <= 0.5 s, and enough of them to outlast the cut on a busy machine.
        fast = ReconnectPolicy(max_attempts=100, initial_delay=0.05, max_delay=0.5, jitter=0.1)
        settings = ServerSettings(
            proxy.url_for(collab_server.url), token=collab_server.token, reconnect=fast
        )
        async with (
            DocumentManager(settings) as documents,
            documents.open_notebook(notebook) as nb,
            ChangeWatch(nb) as watch,
        ):
            peer = await node_peer(notebook)
            cell = nb.append_cell("code", "a = 1")
            await nb.flush()
            await peer.wait_for(lambda s: cell_source(s, cell.id) == "a = 1", 10)

            # Mid-edit: an edit goes out (or not) as the link drops; nothing answers for now.
            cell.insert_text(len(cell.source), "\nb = 2")
            proxy.refuse()
            assert proxy.cut() >= 1
            with pytest.raises(TimeoutError):
                await nb.flush(timeout=1)  # every wait has a timeout, even with no link

            # Edits on both sides while cut.
            written = nb.append_cell("markdown", "written while cut")
            cell.insert_text(0, "# head\n")
            from_node = await peer.request(
                "insert_cell", index=0, cell_type="code", source="from_node = True"
            )
            await peer.request("insert_text", cell=cell.id, index="end", text="\nc = 3")
            assert from_node["id"] not in [c.id for c in nb.cells]

            await proxy.accept()
            # "\nb = 2" and "\nc = 3" were typed at the same place concurrently (unless the
            # first went out before the cut): the CRDT orders them by client, either way.
            merged = {"# head\na = 1\nb = 2\nc = 3", "# head\na = 1\nc = 3\nb = 2"}
            await watch.until(
                lambda: from_node["id"] in [c.id for c in nb.cells] and cell.source in merged,
                30,
                "the peer's edits after reconnect",
            )
            await nb.flush(timeout=10)
            theirs = await peer.wait_for(
                lambda s: cell_source(s, cell.id) == cell.source and written.id in _ids(s), 30
            )
            assert _ids(theirs) == [c.id for c in nb.cells]  # same cells, same order, once
            assert cell_source(theirs, written.id) == "written while cut"
            assert nb[0].source == "from_node = True"


SDK_SCRIPT = textwrap.dedent(
    """
    import asyncio
    import os

    from jupyter_sdk import ReconnectPolicy, ServerSettings, errors
    from jupyter_sdk.documents import DocumentManager

    CODE = (
        "import time\\n"
        "for i in range(10):\\n"
        "    print(f'tick {i}', flush=True)\\n"
        "    time.sleep(0.5)\\n"
    )


    async def main() -> None:
        settings = ServerSettings(os.environ["LIVE_URL"], token=os.environ["LIVE_TOKEN"])
        async with DocumentManager(settings) as documents:
            async with documents.open_notebook(os.environ["LIVE_PATH"]) as nb:
                cell = nb.append_cell("code", CODE)
                await nb.flush()
                print(cell.id, flush=True)
                await nb.execute(cell)  # server-side (jupyter-server-nbmodel): killed during it
                print("finished", flush=True)


    asyncio.run(main())
    """
)


async def test_server_side_execution_finishes_into_the_document_after_the_sdk_is_killed(
    collab_server: LocalServer, node_peer: NodePeerFactory, notebook: str, tmp_path: Path
) -> None:
    peer = await node_peer(notebook)
    script = tmp_path / "agent.py"
    script.write_text(SDK_SCRIPT)
    env = dict(os.environ)
    env.update(
        {"LIVE_URL": collab_server.url, "LIVE_TOKEN": collab_server.token, "LIVE_PATH": notebook}
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        cell_id = line.decode().strip()
        assert cell_id, (await process.stderr.read()).decode() if process.stderr else ""

        def has(text: str) -> object:
            def match(snapshot: Snapshot) -> bool:
                found = find_cell(snapshot["cells"], cell_id)
                return found is not None and text in stream_text(found)

            return match

        await peer.wait_for(has("tick 0\n"), 90)  # type: ignore[arg-type]
        os.kill(process.pid, signal.SIGKILL)
        assert await asyncio.wait_for(process.wait(), 10) == -signal.SIGKILL
        at_kill = find_cell((await peer.snapshot())["cells"], cell_id)
        assert at_kill is not None
        assert "tick 9" not in stream_text(at_kill), "the run ended before the SDK was killed"
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            await process.wait()
    assert not alive(process.pid)

    # The server keeps running the cell and writing its outputs into the shared document.
    def finished(snapshot: Snapshot) -> bool:
        found = find_cell(snapshot["cells"], cell_id)
        return found is not None and found["execution_count"] is not None

    done = find_cell((await peer.wait_for(finished, 30))["cells"], cell_id)
    assert done is not None
    assert stream_text(done) == "".join(f"tick {i}\n" for i in range(10))

    # ... and the server saves it.
    def saved(_: Snapshot) -> bool:
        cells = [c for c in on_disk(collab_server, notebook).cells if c.id == cell_id]
        return bool(cells and cells[0].get("execution_count") is not None)

    await peer.wait_for(saved, 20)


async def test_nothing_hangs_when_the_server_goes_away(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "gone.ipynb").write_text(empty_notebook())
    server = collaborative_server(root_dir=root)
    await asyncio.to_thread(server.start)
    fast = ReconnectPolicy(max_attempts=3, initial_delay=0.05, max_delay=0.2, jitter=0.1)
    settings = ServerSettings(server.url, token=server.token, reconnect=fast)
    try:
        async with DocumentManager(settings) as documents:
            opened = documents.open_notebook("gone.ipynb")
            nb = await opened.__aenter__()
            try:
                async with ChangeWatch(nb) as watch:
                    nb.append_cell("code", "unsaved = True")
                    await nb.flush(timeout=10)
                    # The server dies (with a room client connected, jupyter-collaboration
                    # 5.0.4 ignores SIGTERM: "Deleting all rooms" never ends).
                    assert server.pid is not None
                    os.kill(server.pid, signal.SIGKILL)
                    nb.append_cell("code", "never delivered")
                    with pytest.raises((TimeoutError, errors.DocumentError)):
                        await nb.flush(timeout=2)
                    # The room gives up after its reconnect attempts: a typed error, not a hang.
                    await watch.until(lambda: watch.ended, 30, "changes() to end")
                    assert isinstance(watch.error, errors.DocumentError)
                    with pytest.raises((TimeoutError, errors.DocumentError)):
                        await nb.save(timeout=2)

                # Iterating changes() after the room failed raises its error, at once.
                async def drain() -> None:
                    async for _ in nb.changes():
                        pass

                with pytest.raises(errors.DocumentError):
                    await asyncio.wait_for(drain(), 5)
            finally:
                await asyncio.wait_for(opened.__aexit__(None, None, None), 10)
    finally:
        await asyncio.to_thread(server.stop)
