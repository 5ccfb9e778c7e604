"""``jupyter-sdk run`` and run_notebook on real non-IPython kernels, with parameters in
the kernel's language, compared cell by cell with papermill on the same notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from cli.helpers import Cli
from nbformat import v4

from jupyter_sdk.local import LocalServer
from jupyter_sdk.notebook import run_notebook

pytestmark = pytest.mark.timeout(180)


def kernel_notebook(path: Path, kernel: str, language: str, *sources: str) -> Path:
    """A notebook for ``kernel``: the first code cell is tagged ``parameters``."""
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": language}
    nb.cells.append(v4.new_markdown_cell("# A title"))
    for n, source in enumerate(sources):
        cell = v4.new_code_cell(source)
        if n == 0:
            cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def papermill(
    env: dict[str, str], source: Path, target: Path, kernel: str, *params: str
) -> nbformat.NotebookNode:
    args = [sys.executable, "-m", "papermill", str(source), str(target), "-k", kernel]
    for name, value in zip(params[::2], params[1::2], strict=True):
        args += ["-p", name, value]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return nbformat.read(target, as_version=4)


def coalesced(outputs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Consecutive stream outputs of one name joined, as JupyterLab shows them (the SDK
    stores them so; nbclient, without coalesce_streams, keeps each message's)."""
    keep = ("output_type", "name", "text", "data", "ename", "evalue", "execution_count")
    result: list[dict[str, object]] = []
    for output in outputs:
        item = {k: v for k, v in output.items() if k in keep}
        last = result[-1] if result else None
        if (
            last is not None
            and item["output_type"] == last["output_type"] == "stream"
            and item["name"] == last["name"]
        ):
            last["text"] = str(last["text"]) + str(item["text"])
        else:
            result.append(item)
    return result


def cells_of(nb: nbformat.NotebookNode) -> list[tuple[object, ...]]:
    """What a reader sees of each cell: type, source, count, outputs (no timings/ids)."""
    return [
        (
            cell.cell_type,
            cell.source,
            cell.get("execution_count"),
            coalesced(cell.get("outputs", [])),
            cell.metadata.get("tags", []),
        )
        for cell in nb.cells
    ]


def test_bash_parameters_match_papermill(
    cli: Cli, tmp_path: Path, kernel_env: dict[str, str]
) -> None:
    source = kernel_notebook(
        tmp_path / "b.ipynb",
        "bash",
        "bash",
        "n=1\nlabel=none",
        'echo $((n * 2)) "$label"',
        "for i in 1 2 3; do echo line $i; done",
    )
    params = ("n", "5", "label", "it's a b")
    done = cli(
        "run",
        "b.ipynb",
        "-o",
        "ours.ipynb",
        *(a for p in zip(params[::2], params[1::2], strict=True) for a in ("-p", *p)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ours = nbformat.read(tmp_path / "ours.ipynb", as_version=4)
    nbformat.validate(ours)
    theirs = papermill(kernel_env, source, tmp_path / "theirs.ipynb", "bash", *params)
    injected = ours.cells[2]
    assert injected.metadata.tags == ["injected-parameters"]
    assert injected.source == "# Parameters\nn=5\nlabel='it'\"'\"'s a b'\n"
    assert cells_of(ours) == cells_of(theirs)
    assert ours.cells[3].outputs[0]["text"] == "10 it's a b\n"


def test_xpython_parameters_match_papermill(
    cli: Cli, tmp_path: Path, kernel_env: dict[str, str]
) -> None:
    source = kernel_notebook(
        tmp_path / "x.ipynb",
        "xpython",
        "python",
        "n = 1\nlabel = 'none'",
        "print(n * 2, label)",
        "n + 40",
    )
    params = ("n", "2", "label", 'a "b"')
    done = cli("run", "x.ipynb", "-o", "ours.ipynb", "-p", "n", "2", "-p", "label", 'a "b"')
    assert done.returncode == 0, done.stdout + done.stderr
    ours = nbformat.read(tmp_path / "ours.ipynb", as_version=4)
    nbformat.validate(ours)
    theirs = papermill(kernel_env, source, tmp_path / "theirs.ipynb", "xpython", *params)
    # The injected cells differ in quote style only: the same values.
    values_ours: dict[str, object] = {}
    values_theirs: dict[str, object] = {}
    exec(ours.cells[2].source, values_ours)
    exec(theirs.cells[2].source, values_theirs)
    assert (values_ours["n"], values_ours["label"]) == (values_theirs["n"], values_theirs["label"])
    assert values_ours["label"] == 'a "b"'
    ours.cells[2].source = theirs.cells[2].source
    assert cells_of(ours) == cells_of(theirs)
    assert ours.cells[3].outputs[0]["text"] == '4 a "b"\n'
    assert ours.metadata.language_info.name == "python"


def test_bash_failure_is_reported_in_words(cli: Cli, tmp_path: Path) -> None:
    kernel_notebook(tmp_path / "f.ipynb", "bash", "bash", "n=1", "echo before\nno-such-command")
    done = cli("run", "f.ipynb", "-p", "n", "5")
    assert done.returncode == 1
    assert "exit status 127" in done.stderr
    assert "command not found" in done.stderr
    assert "failed: : 127" not in done.stderr


def test_language_without_translator_is_refused_before_starting(
    cli: Cli, tmp_path: Path, kernel_server: LocalServer
) -> None:
    kernel_notebook(tmp_path / "c.ipynb", "cobol", "COBOL", "n = 1")
    before = kernel_server.children()
    done = cli("run", "c.ipynb", "-p", "n", "5")
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "'COBOL'" in lines[0]
    assert kernel_server.children() <= before  # no kernel was started
    assert not (tmp_path / "c.executed.ipynb").exists()


async def test_run_notebook_bash_parameters(kernel_server: LocalServer, tmp_path: Path) -> None:
    path = kernel_notebook(tmp_path / "p.ipynb", "bash", "bash", "n=1", "echo $n ${#items[@]}")
    run = await run_notebook(
        path,
        settings=kernel_server.settings,
        parameters={"n": 7, "items": ["a", "b c"]},
        upload=True,
    )
    assert run.ok, run.failed_cell
    assert run.notebook["cells"][2]["source"] == "# Parameters\nn=7\nitems=(a 'b c')\n"
    assert run.outputs(3)[0]["text"] == "7 2\n"
