"""Run a notebook on a Jupyter Server, cell by cell, with parameters; print its outputs.

The notebook runs through a session (JupyterLab users see it, and can attach), in a
fresh folder on the server that is removed afterwards. The same from a shell:
``jupyter-sdk run examples/sample.ipynb -p n 4 --log-output``.

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from jupyter_sdk import ServerSettings, local_server
from jupyter_sdk.notebook import CellReport, run_notebook

SAMPLE = Path(__file__).with_name("sample.ipynb")


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


def progress(report: CellReport) -> None:
    if report.status != "running":
        print(f"cell {report.number}/{report.total}: {report.status}")


async def main() -> None:
    async with server() as settings:
        run = await run_notebook(
            SAMPLE,
            settings=settings,
            parameters={"n": 4, "greeting": "bonjour"},
            upload=True,  # put the notebook on the server while it runs
            timeout=60,
            on_cell=progress,
        )
    print("ok:", run.ok, "| kernel:", run.kernel_name, "| session:", run.session_path)
    for report in run.cells:
        for output in run.outputs(report):
            if output["output_type"] == "stream":
                print(output["text"], end="")
            elif output["output_type"] in ("display_data", "execute_result"):
                data = output["data"]
                print(data.get("text/markdown") or data.get("text/plain"))
    if run.failed_cell is not None:
        print("failed at cell", run.failed_cell.number, run.failed_cell.ename)
    # run.write("sample.executed.ipynb") saves it, as Jupyter would.


if __name__ == "__main__":
    asyncio.run(main())
