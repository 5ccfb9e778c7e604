"""LiveNotebook against a real collaborative server, with a JupyterLab-like Node peer
(``tests/live/node/peer.mjs``: @jupyter/ydoc, yjs and y-websocket) as the other user."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import nbformat
import pytest

from jupyter_sdk import ServiceManager, errors
from jupyter_sdk.documents import (
    CellAdded,
    CellMoved,
    CellRemoved,
    Collaborator,
    DocumentManager,
    LiveCell,
    LiveNotebook,
    MetadataChanged,
    OutputsChanged,
    SourceChanged,
)
from jupyter_sdk.local import LocalServer, alive

from .conftest import ChangeWatch, NodePeerFactory, empty_notebook, on_disk, wait_presence
from .peer import Snapshot, cell_source, find_cell, stream_text, user

LOOP_3S = (
    "import time\nfor i in range(7):\n    print(f'line {i}', flush=True)\n    time.sleep(0.5)\n"
)
LOOP_OUTPUT = "".join(f"line {i}\n" for i in range(7))


def _ids(snapshot: Snapshot) -> list[str]:
    return [cell["id"] for cell in snapshot["cells"]]


# -- the server offers documents ------------------------------------------------------------


async def test_documents_are_available_with_execution(collab_server: LocalServer) -> None:
    async with ServiceManager(collab_server.settings) as services:
        assert isinstance(services.documents, DocumentManager)
        assert await services.documents.is_available()
        info = await services.server_info()
        assert "documents" in info.services
        assert "execution" in info.services


async def test_without_server_side_execution_cells_run_from_the_client(tmp_path: Path) -> None:
    # jupyter-collaboration without jupyter-server-nbmodel: documents, but no "execution".
    server = LocalServer(
        tmp_path,
        isolate=True,
        server_extensions={
            "jupyter_server_ydoc": True,
            "jupyter_server_fileid": True,
            "jupyter_server_nbmodel": False,
        },
    )
    (tmp_path / "plain.ipynb").write_text(empty_notebook())
    await asyncio.to_thread(server.start)
    try:
        async with ServiceManager(server.settings) as services:
            info = await services.server_info()
            assert "documents" in info.services
            assert "execution" not in info.services
            async with services.documents.open_notebook("plain.ipynb") as nb:
                cell = nb.append_cell("code", "print(6 * 7)")
                result = await nb.execute(cell, timeout=60)  # the default: client-side here
                assert result.stdout == "42\n"
                assert cell.outputs == [{"output_type": "stream", "name": "stdout", "text": "42\n"}]
    finally:
        children = server.children()
        await asyncio.to_thread(server.stop)
        assert not [pid for pid in children if alive(pid)]


# -- editing: the SDK's edits reach the peer and the file ---------------------------------


async def test_structure_edits_reach_the_peer_and_the_saved_file(
    documents: DocumentManager,
    node_peer: NodePeerFactory,
    notebook: str,
    collab_server: LocalServer,
) -> None:
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb:
        assert isinstance(nb, LiveNotebook)
        assert nb.path == notebook
        assert nb.room_id.startswith("json:notebook:")
        # The server gives an empty notebook one empty code cell, as JupyterLab sees it.
        start = len(nb)
        first = nb.append_cell("markdown", "# Title")
        second = nb.append_cell("code", "x = 1", metadata={"tags": ["setup"]})
        third = nb.insert_cell(start, "raw", "raw text")
        assert isinstance(first, LiveCell)
        assert [c.id for c in nb.cells][start:] == [third.id, first.id, second.id]
        assert len(nb) == start + 3
        assert nb[start + 2].source == "x = 1"
        assert nb[start + 2].metadata == {"tags": ["setup"]}
        nb.move_cell(start, start + 2)  # the raw cell goes last
        nb.delete_cell(start)  # the markdown cell goes
        assert [c.id for c in nb.cells][start:] == [second.id, third.id]
        assert nb.metadata["kernelspec"]["name"] == "python3"
        await nb.flush()

        wanted = [c.id for c in nb.cells]
        seen = await peer.wait_for(lambda s: _ids(s) == wanted, 10)
        assert find_cell(seen["cells"], third.id)["source"] == "raw text"  # type: ignore[index]
        assert find_cell(seen["cells"], third.id)["cell_type"] == "raw"  # type: ignore[index]
        assert find_cell(seen["cells"], second.id)["metadata"] == {"tags": ["setup"]}  # type: ignore[index]

        document = nb.to_notebook()
        nbformat.validate(nbformat.from_dict(document))
        assert [c["id"] for c in document["cells"]] == wanted
        assert await nb.save() == "success"
        saved = on_disk(collab_server, notebook)
        assert [c.id for c in saved.cells] == wanted
        assert saved.cells[-1].source == "raw text"


async def test_local_edits_are_change_events_marked_local(
    documents: DocumentManager, notebook: str
) -> None:
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        cell = nb.append_cell("code", "")
        cell.insert_text(0, "abc")
        await watch.until(lambda: bool(watch.of_type(SourceChanged)), 10, "a source change")
        (added,) = watch.of_type(CellAdded)
        assert added.cell_id == cell.id
        assert added.index == len(nb) - 1
        assert added.local is True
        assert all(change.local for change in watch.seen)


async def test_changes_miss_nothing_after_the_call(
    documents: DocumentManager, notebook: str
) -> None:
    # The iterator registers when changes() is called, not at its first step: an edit
    # made in between (its event emitted at once, inside the edit) is not lost.
    async with documents.open_notebook(notebook) as nb:
        changes = nb.changes()
        cell = nb.append_cell("code", "made before the first step")
        first = await asyncio.wait_for(anext(changes), 10)
        assert isinstance(first, CellAdded)
        assert first.cell_id == cell.id
        assert first.local is True
        await changes.aclose()  # type: ignore[attr-defined]


async def test_changes_end_when_the_notebook_closes(
    documents: DocumentManager, notebook: str
) -> None:
    async with documents.open_notebook(notebook) as nb:
        watch = ChangeWatch(nb)
        await watch.__aenter__()
        nb.append_cell("code", "x")
        await watch.until(lambda: bool(watch.seen), 10, "a change")
    try:
        await watch.until(lambda: watch.ended, 10, "the end of changes()")
        assert watch.error is None
    finally:
        await watch.__aexit__(None, None, None)

    # An iterator started after the close ends at once too.
    async def drain() -> list[object]:
        return [change async for change in nb.changes()]

    assert await asyncio.wait_for(drain(), 5) == []


async def test_cell_text_methods(documents: DocumentManager, notebook: str) -> None:
    async with documents.open_notebook(notebook) as nb:
        cell = nb.append_cell("code", "hello world")
        cell.insert_text(5, ",")
        assert cell.source == "hello, world"
        cell.delete_text(0, 7)
        assert cell.source == "world"
        cell.set_source("big world\nend")
        assert cell.source == "big world\nend"
        assert cell.cell_type == "code"
        assert cell.outputs == []
        assert cell.execution_count is None
        await nb.flush()


# -- the peer's edits reach the SDK -------------------------------------------------------


async def test_a_cell_inserted_and_typed_by_the_peer_reaches_the_sdk(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        peer = await node_peer(notebook)
        start = len(nb)
        inserted = await peer.request("insert_cell", index=start, cell_type="markdown", source="#")
        await watch.until(lambda: inserted["id"] in [c.id for c in nb.cells], 10, "the cell")
        cell = nb[start]
        assert cell.id == inserted["id"]
        assert cell.cell_type == "markdown"
        assert cell.source == "#"

        for letter in " Typed by Node":
            await peer.request("insert_text", cell=inserted["id"], index="end", text=letter)
        await watch.until(lambda: cell.source == "# Typed by Node", 10, "the typing")

        added = [c for c in watch.of_type(CellAdded) if c.cell_id == inserted["id"]]
        assert len(added) == 1
        assert added[0].index == start
        assert added[0].local is False
        edits = [c for c in watch.of_type(SourceChanged) if c.cell_id == inserted["id"]]
        assert edits
        assert all(not c.local for c in edits)
        assert edits[-1].source == "# Typed by Node"


async def test_jupyterlab_style_edits_and_outputs_reach_the_sdk_as_typed_changes(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        peer = await node_peer(notebook)
        start = len(nb)
        first = await peer.request("insert_cell", index=start, cell_type="code", source="a")
        second = await peer.request("insert_cell", index=start + 1, cell_type="code", source="b")
        await watch.until(lambda: len(nb) == start + 2, 10, "the cells")

        # JupyterLab moves a cell as a delete and an insert of the same cell (same id).
        await peer.request("move_cell", **{"from": start, "to": start + 1})
        await watch.until(
            lambda: [c.id for c in nb.cells][start:] == [second["id"], first["id"]], 10, "the move"
        )
        moved = [c for c in watch.of_type(CellMoved) if c.cell_id == first["id"]]
        assert moved
        assert moved[-1].local is False
        assert (moved[-1].from_index, moved[-1].to_index) == (start, start + 1)
        assert nb[start + 1].source == "a"

        await peer.request("set_metadata", key="authors", value=[{"name": "Ada"}])
        await watch.until(lambda: nb.metadata.get("authors") == [{"name": "Ada"}], 10, "metadata")
        assert [c.local for c in watch.of_type(MetadataChanged)] == [False]

        # A run as JupyterLab writes it: Y.Map outputs, Y.Text stream text appended in place.
        cell = second["id"]
        await peer.request("set_execution", cell=cell, execution_state="running")
        await peer.request(
            "set_outputs",
            cell=cell,
            outputs=[
                {"output_type": "stream", "name": "stdout", "text": "1\n"},
                {"output_type": "display_data", "data": {"text/plain": "'x'"}, "metadata": {}},
            ],
        )
        await peer.request("append_stream", cell=cell, output=0, text="2\n")
        await peer.request("set_execution", cell=cell, execution_count=3, execution_state="idle")
        live = nb[start]
        await watch.until(lambda: live.execution_count == 3, 10, "the run")
        assert live.execution_state == "idle"
        assert isinstance(live.execution_count, int)
        assert live.outputs == [
            {"output_type": "stream", "name": "stdout", "text": "1\n2\n"},
            {"output_type": "display_data", "data": {"text/plain": "'x'"}, "metadata": {}},
        ]
        outputs = [c for c in watch.of_type(OutputsChanged) if c.cell_id == cell]
        assert outputs
        assert not any(c.local for c in outputs)
        nbformat.validate(nbformat.from_dict(nb.to_notebook()))

        await peer.request("delete_cell", cell=first["id"])
        await watch.until(lambda: first["id"] not in [c.id for c in nb.cells], 10, "the delete")
        removed = [c for c in watch.of_type(CellRemoved) if c.cell_id == first["id"]]
        assert [(c.index, c.local) for c in removed[-1:]] == [(start + 1, False)]
        assert len(nb) == start + 1


async def test_typing_into_one_cell_at_once_converges_keeping_every_character(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        cell = nb.append_cell("code", "<>")
        await nb.flush()
        await peer.wait_for(lambda s: cell_source(s, cell.id) == "<>", 10)

        sdk_text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
        node_text = "0123456789!@#$%^&*()0123456789!@#$%^&*("

        async def sdk_types() -> None:
            for n, letter in enumerate(sdk_text):
                cell.insert_text(1 + n, letter)  # right after "<"
                if n % 3 == 2:
                    await nb.flush()
            await nb.flush()

        async def node_types() -> None:
            for letter in node_text:
                await peer.request("insert_text", cell=cell.id, index="end", text=letter)

        await asyncio.gather(sdk_types(), node_types())
        total = 2 + len(sdk_text) + len(node_text)
        await watch.until(lambda: len(cell.source) == total, 20, "every character")
        theirs = cell_source(
            await peer.wait_for(lambda s: len(cell_source(s, cell.id) or "") == total, 20), cell.id
        )
        ours = cell.source
        assert ours == theirs
        assert sorted(ours) == sorted("<>" + sdk_text + node_text)
        assert ours.startswith("<" + sdk_text)
        assert "".join(ch for ch in ours if ch in node_text) == node_text


async def test_set_source_is_a_minimal_diff_keeping_a_peers_concurrent_typing(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        cell = nb.append_cell("code", "alpha = 1\nbeta = 2\ngamma = 3")
        await nb.flush()
        await peer.wait_for(lambda s: cell_source(s, cell.id) == cell.source, 10)
        # Truly concurrent: the peer types while offline, the SDK rewrites the first line.
        await peer.request("disconnect")
        await peer.request("insert_text", cell=cell.id, index="end", text="  # typed by Node")
        cell.set_source("ALPHA = 1\nbeta = 2\ngamma = 3")
        await nb.flush()
        await peer.request("connect")
        merged = "ALPHA = 1\nbeta = 2\ngamma = 3  # typed by Node"
        await watch.until(lambda: cell.source == merged, 20, "the merge")
        assert (
            cell_source(
                await peer.wait_for(lambda s: cell_source(s, cell.id) == merged, 20), cell.id
            )
            == merged
        )


# -- presence -----------------------------------------------------------------------------


def _as_jupyterlab_writes_it(value: dict[str, Any]) -> None:
    assert set(value) >= {"username", "name", "display_name", "initials", "avatar_url", "color"}


async def test_presence_both_ways(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    ada = user("Ada Lovelace", "#72dd76")
    peer = await node_peer(notebook, user=ada)
    agent = Collaborator(name="agent-7", display_name="Agent Seven", initials="A7", color="#00e4d0")
    async with documents.open_notebook(notebook, user=agent) as nb, ChangeWatch(nb):
        # The SDK's presence reaches the peer when it joins.
        await peer.wait_event(
            lambda e: (
                e.get("event") == "awareness"
                and any(u["user"].get("display_name") == "Agent Seven" for u in e["users"])
            ),
            10,
        )
        (seen,) = await peer.users()
        _as_jupyterlab_writes_it(seen)
        assert seen["username"] == "agent-7"
        assert seen["initials"] == "A7"
        assert seen["color"] == "#00e4d0"

        # The peer joined first, so the SDK learns of it at its next awareness update.
        await peer.request("set_user", user={**ada, "display_name": "Ada L."})

        await wait_presence(nb, lambda: bool(nb.collaborators), 10)
        (them,) = nb.collaborators  # neither this client nor the server's empty state
        assert isinstance(them, Collaborator)
        assert them.display_name == "Ada L."
        assert them.initials == "AL"
        assert them.color == "#72dd76"
        assert them.name in ("ada-lovelace", "Ada Lovelace")
    # Closing removes the SDK from the peer's presence at once.
    await peer.wait_event(lambda e: e.get("event") == "awareness" and e["users"] == [], 10)


async def test_a_newcomer_sees_the_sdk_at_once(
    documents: DocumentManager,
    node_peer: NodePeerFactory,
    notebook: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """y-protocols peers announce themselves when they join and at each renewal; the server
    tells a newcomer nothing. The SDK greets each newcomer with its presence, so a user
    opening the notebook sees it at once (renewals are off here: only the greeting can)."""
    from jupyter_sdk.documents import room

    monkeypatch.setattr(room, "_RENEW_EVERY", 3600.0)
    agent = Collaborator(name="agent-8", display_name="Agent Eight", initials="A8")
    async with documents.open_notebook(notebook, user=agent) as nb, ChangeWatch(nb):
        peer = await node_peer(notebook, user=user("Grace Hopper"))
        await peer.wait_event(
            lambda e: (
                e.get("event") == "awareness"
                and any(u["user"].get("display_name") == "Agent Eight" for u in e["users"])
            ),
            10,
        )
        # ... and the newcomer announced itself to the SDK as it joined.
        await wait_presence(nb, lambda: bool(nb.collaborators), 10)
        assert [c.display_name for c in nb.collaborators] == ["Grace Hopper"]


async def test_default_presence_is_the_servers_identity(
    documents: DocumentManager,
    node_peer: NodePeerFactory,
    notebook: str,
    collab_server: LocalServer,
) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        me = await client.get(
            f"{collab_server.url}api/me",
            headers={"Authorization": f"token {collab_server.token}"},
        )
    identity = me.json()["identity"]
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook):
        event = await peer.wait_event(lambda e: e.get("event") == "awareness" and e["users"], 10)
        (seen,) = [u["user"] for u in event["users"]]
        _as_jupyterlab_writes_it(seen)
        # A token without a login cookie gets a fresh anonymous identity per request
        # ("Anonymous Io", a random hex username): the SDK's is one of those.
        assert identity["display_name"].startswith("Anonymous ")
        assert seen["display_name"].startswith("Anonymous ")
        # JupyterLab writes the identity as /api/me gives it: ``name`` is the identity's
        # name ("Anonymous Io"), not its username (a random hex string).
        assert seen["name"].startswith("Anonymous ")
        assert len(seen["username"]) == len(identity["username"])
        initials = "".join(word[0] for word in seen["display_name"].split()[:2]).upper()
        assert seen["initials"] == initials


# -- execution: outputs stream into the shared cell --------------------------------------


@pytest.mark.parametrize("execution", ["server", "client"])
async def test_an_executed_cell_streams_to_the_peer_while_running_then_is_saved(
    documents: DocumentManager,
    node_peer: NodePeerFactory,
    notebook: str,
    collab_server: LocalServer,
    execution: str,
) -> None:
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb:
        cell = nb.append_cell("code", LOOP_3S)
        mark = len(peer.events)
        running = asyncio.create_task(nb.execute(cell, timeout=120, execution=execution))  # type: ignore[arg-type]
        try:

            def with_text(text: str) -> Any:
                def match(event: dict[str, Any]) -> bool:
                    found = find_cell(event.get("cells", []), cell.id)
                    return found is not None and text in stream_text(found)

                return match

            first = await peer.wait_event(with_text("line 0\n"), 90, since=mark)
            assert not running.done(), "the first line arrived only after the run ended"
            first_cell = find_cell(first["cells"], cell.id)
            assert first_cell is not None
            assert first_cell["execution_state"] == "running"
            last = await peer.wait_event(with_text("line 6\n"), 30, since=mark)
            # The loop prints for 3 s: the first line was seen well before the last.
            assert last["t"] - first["t"] > 2.0
            result = await running
        finally:
            if not running.done():
                running.cancel()
        assert result.status == "ok"
        assert result.stdout == LOOP_OUTPUT
        assert isinstance(result.execution_count, int)
        assert cell.execution_count == result.execution_count
        assert cell.execution_state == "idle"
        assert (
            "".join(o["text"] for o in cell.outputs if o["output_type"] == "stream") == LOOP_OUTPUT
        )

        def done(snapshot: Snapshot) -> bool:
            found = find_cell(snapshot["cells"], cell.id)
            return bool(found and found["execution_count"] == result.execution_count)

        final = find_cell((await peer.wait_for(done, 20))["cells"], cell.id)
        assert final is not None
        assert stream_text(final) == LOOP_OUTPUT
        assert final["execution_state"] == "idle"
        if execution == "client":
            # As JupyterLab writes a stream: one output, its Y.Text appended to in place.
            assert [(o["output_type"], o.get("text_kind")) for o in final["outputs"]] == [
                ("stream", "Y.Text")
            ]

    def saved(_: Snapshot) -> bool:
        cells = [c for c in on_disk(collab_server, notebook).cells if c.id == cell.id]
        return bool(cells and cells[0].get("execution_count") == result.execution_count)

    await peer.wait_for(saved, 20)  # autosave: each save changes the room's state
    (on_file,) = [c for c in on_disk(collab_server, notebook).cells if c.id == cell.id]
    assert "".join(o.text for o in on_file.outputs if o.output_type == "stream") == LOOP_OUTPUT


async def test_client_execution_honours_clear_output_and_update_display(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    code = (
        "from IPython.display import clear_output, display\n"
        "print('before', flush=True)\n"
        "clear_output(wait=True)\n"
        "print('after', flush=True)\n"
        "handle = display('first', display_id=True)\n"
        "handle.update('second')\n"
    )
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb:
        cell = nb.append_cell("code", code)
        result = await nb.execute(cell, timeout=60, execution="client")
        assert result.status == "ok"
        kinds = [o["output_type"] for o in cell.outputs]
        assert kinds == ["stream", "display_data"]
        assert cell.outputs[0]["text"] == "after\n"
        assert cell.outputs[1]["data"]["text/plain"] == "'second'"
        await nb.flush()

    def rendered(snapshot: Snapshot) -> bool:
        found = find_cell(snapshot["cells"], cell.id)
        return bool(found and found["execution_count"] == result.execution_count)

    final = find_cell((await peer.wait_for(rendered, 20))["cells"], cell.id)
    assert final is not None
    assert stream_text(final) == "after\n"
    assert [o["output_type"] for o in final["outputs"]] == ["stream", "display_data"]
    assert final["outputs"][1]["data"]["text/plain"] == "'second'"


@pytest.mark.parametrize("execution", ["server", "client"])
async def test_an_execution_timeout_interrupts_and_leaves_the_cell_idle(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str, execution: str
) -> None:
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb:
        cell = nb.append_cell("code", "import time\nprint('start', flush=True)\ntime.sleep(60)")
        started = time.monotonic()
        with pytest.raises(errors.ExecutionTimeoutError):
            await nb.execute(cell, timeout=5, execution=execution)  # type: ignore[arg-type]
        assert time.monotonic() - started < 30

        def settled(snapshot: Snapshot) -> bool:
            found = find_cell(snapshot["cells"], cell.id)
            return found is not None and found["execution_state"] != "running"

        await peer.wait_for(settled, 20)  # no peer is left watching a cell "running" forever
        # The kernel was interrupted, not left busy: the next cell runs at once.
        after = nb.append_cell("code", "print('after')")
        result = await nb.execute(after, timeout=20, execution=execution)  # type: ignore[arg-type]
        assert result.stdout == "after\n"


async def test_execute_all_stops_at_the_first_error_unless_told_not_to(
    documents: DocumentManager, notebook: str
) -> None:
    async with documents.open_notebook(notebook) as nb:
        for index in reversed(range(len(nb))):
            nb.delete_cell(index)
        nb.append_cell("code", "print('one')")
        nb.append_cell("markdown", "not run")
        nb.append_cell("code", "raise ValueError('two')")
        last = nb.append_cell("code", "print('three')")
        results = await nb.execute_all(timeout=60)
        assert [r.status for r in results] == ["ok", "error"]
        assert results[1].error is not None
        assert results[1].error["ename"] == "ValueError"
        assert last.outputs == []
        assert last.execution_count is None
        assert [o["output_type"] for o in nb[2].outputs] == ["error"]

        results = await nb.execute_all(stop_on_error=False, timeout=60)
        assert [r.status for r in results] == ["ok", "error", "ok"]
        assert last.outputs == [{"output_type": "stream", "name": "stdout", "text": "three\n"}]

        # A moved cell keeps its id, outputs and count (as JupyterLab moves cells).
        first = nb[0]
        outputs, count = first.outputs, first.execution_count
        nb.move_cell(0, len(nb) - 1)
        moved = nb[len(nb) - 1]
        assert (moved.id, moved.outputs, moved.execution_count) == (first.id, outputs, count)
        await nb.flush()


# -- the file changes on disk while open --------------------------------------------------


async def test_a_file_overwritten_on_disk_is_a_change_not_a_crash(
    documents: DocumentManager, notebook: str, collab_server: LocalServer
) -> None:
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        nb.append_cell("code", "from_sdk = 1")
        assert await nb.save() == "success"
        replaced = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("# from disk", id="from-disk")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        )
        # Written as another program would, after the save (the server polls the file).
        (collab_server.root_dir / notebook).write_text(nbformat.writes(replaced))
        await watch.until(lambda: [c.id for c in nb.cells] == ["from-disk"], 20, "the reload")
        assert nb[0].source == "# from disk"
        reload_changes = [c for c in watch.seen if not c.local]
        assert reload_changes
        # Still usable.
        nb.append_cell("code", "still = True")
        await nb.flush()
        assert len(nb) == 2


async def test_a_cell_a_peer_deleted_is_a_typed_error_and_presence_is_signalled(
    documents: DocumentManager, notebook: str, collab_server: LocalServer
) -> None:
    from jupyter_sdk import errors
    from jupyter_sdk.documents import Collaborator

    async with documents.open_notebook(notebook) as nb:
        cell = nb.append_cell("code", "doomed = True")
        await nb.flush()
        joined = asyncio.Event()
        nb.presence_changed.connect(lambda _: joined.set())
        other = DocumentManager(collab_server.settings, user=Collaborator("grace"))
        async with other, other.open_notebook(notebook) as theirs:
            await asyncio.wait_for(joined.wait(), 10)
            assert "grace" in [p.name for p in nb.collaborators]
            removed = ChangeWatch(nb)
            async with removed:
                theirs.delete_cell([c.id for c in theirs.cells].index(cell.id))
                await theirs.flush()
                await removed.until(lambda: cell.id not in [c.id for c in nb.cells], 10, "delete")
        with pytest.raises(errors.CellNotFoundError) as caught:
            _ = cell.source
        assert isinstance(caught.value, KeyError)
        assert cell.id in str(caught.value)


async def test_presence_is_renewed_before_peers_drop_it(
    documents: DocumentManager,
    notebook: str,
    collab_server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Peers drop an awareness state not renewed within 30 s; the SDK renews its own
    every 15 s (here sped up), and a peer sees the renewals (a rising clock)."""
    from jupyter_sdk.documents import Collaborator, room

    monkeypatch.setattr(room, "_RENEW_EVERY", 0.2)
    async with documents.open_notebook(notebook) as nb:
        watcher = DocumentManager(collab_server.settings, user=Collaborator("watcher"))
        async with watcher, watcher.open_notebook(notebook) as theirs:
            me = nb.room.client_id
            renewed = asyncio.Event()
            clocks: list[int] = []

            def seen(_: object) -> None:
                meta = theirs.room.awareness.meta.get(me)
                if meta is not None:
                    clocks.append(int(meta["clock"]))
                    if len(set(clocks)) >= 3:
                        renewed.set()

            # Clock-only renewals are awareness "update"s (no state change): observe those.
            theirs.room.awareness.observe(lambda topic, _: seen(None))
            await asyncio.wait_for(renewed.wait(), 10)
            assert clocks == sorted(clocks)
            assert len(theirs.collaborators) == 1


async def test_non_ascii_text_lands_where_each_side_means_it(
    documents: DocumentManager, node_peer: NodePeerFactory, notebook: str
) -> None:
    """pycrdt indexes text by UTF-8 bytes and Yjs by UTF-16 units; the SDK's indices are
    str indices. Accents, CJK and astral emoji (a surrogate pair in JavaScript) on both
    sides end in the same text everywhere."""
    peer = await node_peer(notebook)
    async with documents.open_notebook(notebook) as nb, ChangeWatch(nb) as watch:
        cell = nb.append_cell("code", "é😀中")
        await nb.flush()
        await peer.wait_for(lambda s: cell_source(s, cell.id) == "é😀中", 10)
        cell.insert_text(2, "|sdk|")  # after the emoji, by str index
        await nb.flush()
        assert cell.source == "é😀|sdk|中"
        await peer.wait_for(lambda s: cell_source(s, cell.id) == "é😀|sdk|中", 10)
        # The peer inserts at JavaScript index 8 (é=1, 😀=2 units, |sdk|=5): before 中.
        await peer.request("insert_text", cell=cell.id, index=8, text="🎉")
        await watch.until(lambda: cell.source == "é😀|sdk|🎉中", 10, "the peer's emoji")
        cell.delete_text(1, 1)  # the first emoji, one str character
        await nb.flush()
        await peer.wait_for(lambda s: cell_source(s, cell.id) == "é|sdk|🎉中", 10)
        assert cell.source == "é|sdk|🎉中"


async def test_online_collaborators_as_jupyterlab_lists_them(
    documents: DocumentManager, collab_server: LocalServer
) -> None:
    """JupyterLab's "online collaborators" panel reads the global awareness room: a
    client with a document open is there (user, current document, documents), and leaves
    it with its last document."""
    from jupyter_sdk.documents import Collaborator

    for name in ("a.ipynb", "b.ipynb"):
        (collab_server.root_dir / f"online-{name}").write_text(empty_notebook())
    grace = DocumentManager(collab_server.settings, user=Collaborator("grace"))
    changed = asyncio.Event()
    documents.online_changed.connect(lambda _: changed.set())

    async def until(predicate: Any) -> None:
        async with asyncio.timeout(20):
            while not predicate():
                changed.clear()
                await changed.wait()

    async with grace, documents.open_notebook("online-a.ipynb"):
        assert documents.online_collaborators == []
        async with grace.open_notebook("online-b.ipynb"):
            await until(lambda: "grace" in [p.name for p in documents.online_collaborators])
            # What a JupyterLab in the room reads of her (as the panel does).
            room = documents._global
            assert room is not None
            (state,) = [
                s
                for s in room.awareness.states.values()
                if s.get("user", {}).get("name") == "grace"
            ]
            assert state["current"] == "notebook:online-b.ipynb"
            assert state["documents"] == ["online-b.ipynb"]
        # Grace closed her last document: she leaves the panel.
        await until(lambda: documents.online_collaborators == [])
