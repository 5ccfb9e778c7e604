"""``jupyter-sdk run --live --server-path``: a server-side notebook runs inside its shared
document; a JupyterLab-like peer watches the cells run; the server saves the result."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cli.helpers import clean_env, executable

from jupyter_sdk.local import LocalServer

from .conftest import NodePeerFactory, empty_notebook, on_disk
from .peer import find_cell, stream_text

TICKS = "import time\nfor i in range(3):\n    print(f'tick {i}', flush=True)\n    time.sleep(1)"


def _code(cell_id: str, source: str) -> dict[str, object]:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


async def _cli(server: LocalServer, *args: str) -> asyncio.subprocess.Process:
    env = clean_env()
    env["JUPYTER_SERVER_URL"] = server.url
    env["JUPYTER_TOKEN"] = server.token
    return await asyncio.create_subprocess_exec(
        executable(),
        *args,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process, timeout: float) -> tuple[int, str, str]:
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_run_live_runs_the_shared_notebook_while_a_peer_watches(
    collab_server: LocalServer, node_peer: NodePeerFactory
) -> None:
    folder = collab_server.root_dir / "run-live"
    folder.mkdir(exist_ok=True)
    (folder / "ticks.ipynb").write_text(
        empty_notebook([_code("ticks", TICKS), _code("answer", "6 * 7")])
    )
    path = "run-live/ticks.ipynb"
    peer = await node_peer(path)
    mark = len(peer.events)
    process = await _cli(collab_server, "run", "--live", "--server-path", path)
    try:

        def first_tick(event: dict[str, Any]) -> bool:
            cell = find_cell(event.get("cells", []), "ticks")
            return cell is not None and "tick 0" in stream_text(cell)

        await peer.wait_event(first_tick, 90, since=mark)
        assert process.returncode is None, "the first tick arrived only after the run ended"
        code, out, err = await _finish(process, 120)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert code == 0, err
    assert "saved (success)" in out
    assert collab_server.token not in out + err

    cells = {c.id: c for c in on_disk(collab_server, path).cells}
    assert "".join(o.text for o in cells["ticks"].outputs) == "tick 0\ntick 1\ntick 2\n"
    (result,) = cells["answer"].outputs
    assert result.data["text/plain"] == "42"
    assert isinstance(cells["answer"].execution_count, int)


async def test_run_live_without_collaboration_exits_2_saying_what_to_install(
    server: LocalServer,
) -> None:
    (server.root_dir / "plain-live.ipynb").write_text(json.dumps(json.loads(empty_notebook())))
    try:
        process = await _cli(server, "run", "--live", "--server-path", "plain-live.ipynb")
        code, _, err = await _finish(process, 60)
    finally:
        (server.root_dir / "plain-live.ipynb").unlink(missing_ok=True)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "jupyter-collaboration" in lines[0]


async def test_run_live_needs_a_server_path(collab_server: LocalServer) -> None:
    process = await _cli(collab_server, "run", "--live")
    code, _, err = await _finish(process, 60)
    assert code == 2
    assert "--server-path" in err
