"""``jupyter-sdk run --live``: run server-side notebooks inside their shared documents.

Anyone with the notebook open in JupyterLab watches its cells run; the server saves it.
Needs jupyter-collaboration on the server (jupyter-server-nbmodel makes the server itself
write the outputs).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from .. import errors
from ..documents import DocumentManager
from ..settings import ServerSettings
from ._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, stderr, stdout

__all__ = ["run_live"]

NO_COLLABORATION = (
    "--live needs real-time collaboration on the server: install jupyter-collaboration "
    "(and jupyter-server-nbmodel for server-side execution) where the server runs"
)


async def run_live(
    settings: ServerSettings,
    paths: Sequence[str],
    *,
    timeout: float | None,
    allow_errors: bool,
    log_output: bool,
) -> int:
    """Run each notebook's code cells in order in its shared document; the exit code."""
    failed = False
    async with DocumentManager(settings) as documents:
        if not await documents.is_available():
            fail(NO_COLLABORATION, EXIT_USAGE)
        for path in paths:
            started = time.monotonic()
            try:
                async with documents.open_notebook(path) as notebook:
                    ran = 0
                    for cell in notebook.cells:
                        if cell.cell_type != "code" or not cell.source.strip():
                            continue
                        result = await notebook.execute(cell, timeout=timeout)
                        ran += 1
                        if log_output:
                            for text in (result.stdout, result.text):
                                if text:
                                    stdout.print(text.rstrip("\n"), markup=False)
                        if result.error is not None:
                            error = result.error
                            stderr.print(
                                f"{path}: cell {cell.index + 1} failed: "
                                f"{error['ename']}: {error['evalue']}",
                                markup=False,
                            )
                            failed = True
                            if not allow_errors:
                                break
                    status = await notebook.save()
            except errors.ExecutionTimeoutError as exc:
                stderr.print(f"{path}: {exc}", markup=False)
                failed = True
                continue
            took = time.monotonic() - started
            stdout.print(
                f"{path}: {ran} cell(s) run live in {took:.1f} s, saved ({status})", markup=False
            )
    return EXIT_FAILED if failed else EXIT_OK
