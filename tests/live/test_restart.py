"""A live notebook across a server restart, with and without the server's ystore.

With the ystore kept, the restarted server holds the room's history and both sides
resync. Without it, the room is rebuilt from the file with new Y items: a client that
merged its old document would duplicate every cell, so the SDK starts from a fresh
document and replays only its own unconfirmed edits.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from jupyter_sdk.documents import DocumentManager
from jupyter_sdk.local import free_port

from .conftest import collaborative_server, empty_notebook, on_disk


def _cell(cell_id: str, source: str) -> dict[str, object]:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


@pytest.mark.parametrize("keep_ystore", [True, False], ids=["with-ystore", "without-ystore"])
async def test_a_server_restart_loses_no_edit_and_duplicates_no_cell(
    tmp_path: Path, keep_ystore: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="jupyter_sdk.documents")
    root = tmp_path / "root"
    root.mkdir()
    (root / "r.ipynb").write_text(empty_notebook([_cell("one", "a = 1"), _cell("two", "b = 2")]))
    # The file ids live in the data folder: kept across the restart, as on a real host.
    server = collaborative_server(
        root_dir=root, port=free_port(), env={"JUPYTER_DATA_DIR": str(tmp_path / "data")}
    )
    await asyncio.to_thread(server.start)
    try:
        async with (
            DocumentManager(server.settings) as documents,
            documents.open_notebook("r.ipynb") as nb,
        ):
            first_session = nb.room.session_id
            added = nb.append_cell("code", "c = 3")
            assert await nb.save() == "success"
            assert [c["id"] for c in on_disk(server, "r.ipynb").cells] == ["one", "two", added.id]

            await asyncio.to_thread(server.stop)
            ystore = root / ".jupyter_ystore.db"
            if not keep_ystore:
                ystore.unlink(missing_ok=True)
            # Edits made while the server is down.
            nb[0].set_source("a = 10")
            late = nb.append_cell("markdown", "written while the server was down")
            await asyncio.to_thread(server.start)

            await nb.flush(timeout=60)  # reconnected and resynced
            assert nb.room.session_id != first_session
            # Only a server without its history makes the client start from a fresh doc.
            rebuilt = "lost the room's history" in caplog.text
            assert rebuilt is (not keep_ystore)
            expected = ["one", "two", added.id, late.id]
            assert [c.id for c in nb.cells] == expected
            assert nb[0].source == "a = 10"

            # What a newcomer (and the file, after a save) sees: no duplicated cell.
            async with (
                DocumentManager(server.settings) as other,
                other.open_notebook("r.ipynb") as fresh,
            ):
                assert [c.id for c in fresh.cells] == expected
                assert [c.source for c in fresh.cells] == [
                    "a = 10",
                    "b = 2",
                    "c = 3",
                    "written while the server was down",
                ]
            assert await nb.save() == "success"
            assert [c["id"] for c in on_disk(server, "r.ipynb").cells] == expected
    finally:
        await asyncio.to_thread(server.stop)
