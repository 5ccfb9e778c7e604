"""``jupyter-sdk run`` against the session's server: parameters and twenty cells, a
failing cell, no stdin, notebooks on the server, several notebooks under -j, usage."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from jupyter_sdk.local import LocalServer

from .helpers import Cli, write_notebook

pytestmark = pytest.mark.timeout(240)


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return [c for c in nb.cells if c.cell_type == "code"]


def test_twenty_cells_with_parameters(cli: Cli, server: LocalServer, tmp_path: Path) -> None:
    sources = ["n = 1\nlabel = 'x'\nitems = []"]
    sources += [f"print('cell {k}', n * {k})" for k in range(1, 18)]
    sources += ["print(label, items)", "n * 100"]
    source = write_notebook(tmp_path / "twenty.ipynb", *sources, tags={0: ["parameters"]})
    before = {p.name for p in server.root_dir.iterdir()}

    done = cli(
        "run", "twenty.ipynb", "-p", "n", "5", "-p", "label", "hello", "-p", "items", "[1, 2]",
        "--log-output",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "cell 17 85" in done.stdout  # --log-output streams the outputs
    assert "hello [1, 2]" in done.stdout
    assert "twenty.executed.ipynb" in done.stdout  # the summary
    cells = code_cells(tmp_path / "twenty.executed.ipynb")
    assert len(cells) == 21
    assert cells[1].metadata.tags == ["injected-parameters"]
    assert cells[1].source == "# Parameters\nn = 5\nlabel = 'hello'\nitems = [1, 2]\n"
    assert [c.execution_count for c in cells] == list(range(1, 22))
    assert cells[-1].outputs[0]["data"] == {"text/plain": "500"}
    assert cells[-1].outputs[0]["execution_count"] == 21
    assert nbformat.read(source, as_version=4).cells[0].outputs == []  # input untouched
    # The upload folder on the (remote) server is gone again.
    assert {p.name for p in server.root_dir.iterdir()} - before <= {".ipynb_checkpoints"}


def test_failing_cell_exit_1_names_the_cell(cli: Cli, tmp_path: Path) -> None:
    write_notebook(tmp_path / "bad.ipynb", "x = 0", "y = 1\nz = y / x", "print('never')")
    done = cli("run", "bad.ipynb", "-o", "out/result.ipynb")
    assert done.returncode == 1
    assert "cell 2 (code cell 2 of 3" in done.stderr
    assert "ZeroDivisionError" in done.stderr
    assert "z = y / x" in done.stderr  # the source excerpt
    assert "\x1b[" not in done.stderr  # not a terminal: ANSI stripped
    cells = code_cells(tmp_path / "out" / "result.ipynb")  # still written, with the error
    assert cells[1].outputs[-1]["output_type"] == "error"
    assert cells[2].execution_count is None


def test_input_fails_fast_without_stdin(cli: Cli, tmp_path: Path) -> None:
    write_notebook(tmp_path / "ask.ipynb", "name = input('name? ')")
    done = cli("run", "ask.ipynb", "--timeout", "60", timeout=90)
    assert done.returncode == 1
    assert "StdinNotImplementedError" in done.stderr


def test_allow_errors(cli: Cli, tmp_path: Path) -> None:
    write_notebook(tmp_path / "e.ipynb", "1 / 0", "print('after')")
    done = cli("run", "e.ipynb", "--allow-errors")
    assert done.returncode == 0, done.stderr
    assert "with errors (allowed)" in done.stdout
    cells = code_cells(tmp_path / "e.executed.ipynb")
    assert cells[1].outputs[0]["text"] == "after\n"


def test_server_path_round_trip(cli: Cli, server: LocalServer, server_folder: str) -> None:
    on_disk = write_notebook(
        server.root_dir / server_folder / "remote.ipynb",
        "x = 1",
        "import os\nprint(os.path.basename(os.getcwd()), x)",
        tags={0: ["parameters"]},
    )

    done = cli("run", "--server-path", f"{server_folder}/remote.ipynb", "-p", "x", "7")
    assert done.returncode == 0, done.stderr
    result = server.root_dir / server_folder / "remote.executed.ipynb"
    cells = code_cells(result)
    assert cells[2].outputs[0]["text"] == f"{server_folder} 7\n"  # ran in its own folder
    assert code_cells(on_disk)[0].execution_count is None  # the input stays as it was

    done = cli(
        "run", "--server-path", f"{server_folder}/remote.ipynb", "-o", f"{server_folder}/o.ipynb"
    )
    assert done.returncode == 0, done.stderr
    assert code_cells(server.root_dir / server_folder / "o.ipynb")[1].outputs[0]["text"] == (
        f"{server_folder} 1\n"
    )


def test_several_notebooks_with_jobs(cli: Cli, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write_notebook(tmp_path / "in" / f"{name}.ipynb", f"print('{name}')")
    write_notebook(tmp_path / "in" / "d.ipynb", "raise RuntimeError('d fails')")
    done = cli(
        "run", "in/a.ipynb", "in/b.ipynb", "in/c.ipynb", "in/d.ipynb", "-j", "2",
        "--output-dir", "out",
    )  # fmt: skip
    assert done.returncode == 1
    for name in ("a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb"):
        assert f"in/{name}" in done.stdout  # the summary table
        assert (tmp_path / "out" / name).exists()
    assert "RuntimeError: d fails" in done.stderr
    assert code_cells(tmp_path / "out" / "b.ipynb")[0].outputs[0]["text"] == "b\n"


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["run", "a.ipynb", "b.ipynb", "-o", "x.ipynb"],
        ["run", "a.ipynb", "--inplace", "--output-dir", "x"],
        ["run", "missing.ipynb"],
        ["run", "a.ipynb", "-p", "not valid", "1"],
        ["run", "a.ipynb", "-j", "0"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    write_notebook(tmp_path / "a.ipynb", "1")
    write_notebook(tmp_path / "b.ipynb", "1")
    done = cli(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
