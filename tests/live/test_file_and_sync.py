"""Plain text files (LiveFile) and the blocking twins (jupyter_sdk.sync)."""

from __future__ import annotations

import asyncio

from jupyter_sdk import sync
from jupyter_sdk.documents import DocumentManager
from jupyter_sdk.local import LocalServer

from .conftest import ChangeWatch, on_disk


async def test_a_text_file_edited_live_is_saved_and_seen_by_another_client(
    documents: DocumentManager, collab_server: LocalServer, notebook: str
) -> None:
    path = notebook.replace("live.ipynb", "notes.md")
    (collab_server.root_dir / path).write_text("first line\n")
    async with (
        documents.open_file(path) as mine,
        DocumentManager(collab_server.settings) as others,
        others.open_file(path) as theirs,
        ChangeWatch(theirs) as watch,
    ):
        assert mine.text == "first line\n"
        mine.insert_text(len(mine.text), "second line\n")
        mine.delete_text(0, len("first "))
        await mine.flush()
        await watch.until(lambda: theirs.text == "line\nsecond line\n", 10, "the edit")
        assert all(not change.local for change in watch.seen)
        theirs.set_text("line\nsecond line\nthird line\n")
        await theirs.flush()
        assert await theirs.save() == "success"
    assert (collab_server.root_dir / path).read_text() == "line\nsecond line\nthird line\n"


def test_the_sync_twins_edit_a_live_notebook(collab_server: LocalServer, notebook: str) -> None:
    with sync.DocumentManager(collab_server.settings) as documents:
        assert documents.is_available()
        with documents.open_notebook(notebook) as nb:
            assert isinstance(nb, sync.LiveNotebook)
            cell = nb.append_cell("code", "print('sync')")
            assert isinstance(cell, sync.LiveCell)
            cell.insert_text(0, "# blocking\n")
            result = nb.execute(cell, timeout=60)
            assert result.stdout == "sync\n"
            nb.flush()
            assert nb.save() == "success"
            cell_id = cell.id
    (saved,) = [c for c in on_disk(collab_server, notebook).cells if c.id == cell_id]
    assert saved.source == "# blocking\nprint('sync')"
    assert saved.outputs[0].text == "sync\n"
    assert not asyncio.iscoroutinefunction(sync.LiveNotebook.flush)
