"""Shared documents: edit and run the notebooks and files JupyterLab users have open.

JupyterLab 4 with jupyter-collaboration shares every open document as a Y (CRDT)
document held by the server. A program that joins the document's room is a peer like
any browser: its edits and outputs appear live in every open JupyterLab, concurrent
typing merges, and nothing is overwritten::

    async with DocumentManager(settings) as documents:
        async with documents.open_notebook("demo.ipynb") as nb:
            cell = nb.append_cell("code", "print('hello')")
            await nb.execute(cell)

Layers: :mod:`.protocol` (sans-I/O room protocol on pycrdt's codec), :mod:`.room` (the
websocket, reconnects, server restarts), :mod:`.notebook` and :mod:`.file` (the models),
:mod:`.manager` (opening documents, kernels for execution).
"""

from .changes import (
    CellAdded,
    CellChanged,
    CellMoved,
    CellRemoved,
    Change,
    MetadataChanged,
    OutputsChanged,
    SourceChanged,
    StateChanged,
    TextChanged,
)
from .file import LiveFile
from .manager import DocumentManager
from .notebook import CellType, Execution, LiveCell, LiveNotebook
from .presence import Collaborator
from .room import RoomStatus

__all__ = [
    "CellAdded",
    "CellChanged",
    "CellMoved",
    "CellRemoved",
    "CellType",
    "Change",
    "Collaborator",
    "DocumentManager",
    "Execution",
    "LiveCell",
    "LiveFile",
    "LiveNotebook",
    "MetadataChanged",
    "OutputsChanged",
    "RoomStatus",
    "SourceChanged",
    "StateChanged",
    "TextChanged",
]
