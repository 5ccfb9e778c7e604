"""Notebooks from the wild, damaged the ways real ones are: read leniently as nbformat
does, run, written strictly (they validate), and compared cell by cell with nbclient."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbclient
import nbformat
import pytest

from jupyter_sdk.local import LocalServer
from jupyter_sdk.notebook import run_notebook

from .helpers import Cli, cells_of

pytestmark = pytest.mark.timeout(180)

WILD = Path(__file__).parent.parent / "files" / "wild"
NOTEBOOKS = sorted(p.name for p in WILD.glob("*.ipynb"))


def with_nbclient(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    return nbclient.NotebookClient(nb, timeout=60, kernel_name="python3").execute()


@pytest.mark.parametrize("name", NOTEBOOKS)
async def test_wild_notebook_runs_as_with_nbclient(
    name: str, server: LocalServer, tmp_path: Path
) -> None:
    source = shutil.copy(WILD / name, tmp_path / name)
    run = await run_notebook(source, settings=server.settings, upload=True)
    assert run.ok, run.failed_cell
    nbformat.validate(run.notebook)  # written strictly
    ours = nbformat.from_dict(run.notebook)
    theirs = with_nbclient(WILD / name)
    ours_cells, theirs_cells = cells_of(ours), cells_of(theirs)
    if name == "old-frontend-outputs.ipynb":
        # The skipped cell keeps its old outputs: nbclient writes them as they were (the
        # notebook does not validate), the SDK repaired them (execution_count: null added
        # where nbformat 4 requires it, nbformat 3's prompt_number dropped).
        with pytest.raises(nbformat.ValidationError):
            nbformat.validate(theirs)
        skipped = ours_cells[-1][3]
        assert isinstance(skipped, list)
        assert skipped[0].pop("execution_count") is None
    assert ours_cells == theirs_cells
    assert ours.nbformat_minor == theirs.nbformat_minor
    # The kernel settled what the file left out.
    assert ours.metadata.kernelspec.name == "python3"
    assert ours.metadata.language_info.name == "python"


def test_cli_runs_a_notebook_whose_kernelspec_has_no_name(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(WILD / "nameless-kernelspec.ipynb", tmp_path / "n.ipynb")
    done = cli("run", "n.ipynb", "-o", "out.ipynb")
    assert done.returncode == 0, done.stdout + done.stderr
    # A warning naming the file and the problem, as nbformat logs it; then it runs.
    assert "n.ipynb is not a valid nbformat 4 notebook (read anyway): 'name'" in (
        done.stdout + done.stderr
    )
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].outputs[0]["text"] == "hello\n"
