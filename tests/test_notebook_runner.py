"""The notebook runner against a real server: outputs and counts as nbclient writes them,
parameters, errors (stop, allowed, expected), skipped cells, no stdin, widget state,
timeouts, cancellation, uploads, and several notebooks under a bound."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from jupyter_sdk import ConflictError, SessionManager
from jupyter_sdk.local import LocalServer
from jupyter_sdk.notebook import (
    WIDGET_STATE_MIMETYPE,
    CellReport,
    parameters_source,
    read_notebook,
    run_notebook,
    run_notebooks,
)
from jupyter_sdk.protocol.messages import JSONValue

pytestmark = pytest.mark.timeout(180)

CELL_TIMEOUT = 60.0


def notebook(*sources: str, tags: dict[int, list[str]] | None = None) -> dict[str, JSONValue]:
    """A Python notebook of code cells (``tags`` by cell position), as a plain dict."""
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    for position, source in enumerate(sources):
        cell = v4.new_code_cell(source)
        if tags and position in tags:
            cell.metadata["tags"] = tags[position]
        nb.cells.append(cell)
    result: dict[str, JSONValue] = json.loads(json.dumps(nb))
    return result


def at(value: object, *path: str | int) -> object:
    """The JSON value at ``path`` inside ``value`` (asserting the shape on the way)."""
    for key in path:
        if isinstance(key, int):
            assert isinstance(value, list)
            value = value[key]
        else:
            assert isinstance(value, dict)
            value = value[key]
    return value


def cells(nb: dict[str, JSONValue]) -> list[dict[str, JSONValue]]:
    found = nb["cells"]
    assert isinstance(found, list)
    return [c for c in found if isinstance(c, dict)]


@pytest.fixture
def folder(server: LocalServer) -> str:
    """A fresh subfolder of the server's root (its server path)."""
    name = f"runner-{uuid.uuid4().hex[:10]}"
    (server.root_dir / name).mkdir()
    return name


def visible(folder: Path) -> set[str]:
    """The names in a local folder, hidden ones (checkpoints) aside."""
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


async def no_session_at(server: LocalServer, path: str) -> bool:
    async with SessionManager(server.settings, poll=False) as sessions:
        return await sessions.find_by_path(path) is None


async def test_twenty_cells_with_parameters(server: LocalServer, folder: str) -> None:
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells.append(v4.new_markdown_cell("# Twenty cells"))
    nb.cells.append(v4.new_code_cell("n = 1\nword = 'old'", metadata={"tags": ["parameters"]}))
    nb.cells.append(
        v4.new_code_cell("print('a')\nprint('b')\nimport sys\nprint('e', file=sys.stderr)")
    )
    nb.cells.append(
        v4.new_code_cell("from IPython.display import display\ndisplay({'x': 1}, raw=False)")
    )
    nb.cells.append(v4.new_code_cell("h = display('first', display_id=True)"))
    nb.cells.append(v4.new_code_cell("h.update('second')"))
    while len([c for c in nb.cells if c.cell_type == "code"]) < 19:
        k = len(nb.cells)
        nb.cells.append(v4.new_code_cell(f"print({k})\nn * {k}"))
    source = json.loads(json.dumps(nb))
    seen: list[CellReport] = []

    run = await run_notebook(
        source,
        settings=server.settings,
        parameters={"n": 3, "word": "new"},
        cwd=folder,
        on_cell=seen.append,
        timeout=CELL_TIMEOUT,
    )

    assert run.ok
    assert run.failed_cell is None
    assert run.session_path == f"{folder}/notebook.ipynb"
    assert run.kernel_name == "python3"
    out = cells(run.notebook)
    assert len(out) == 21
    assert len(run.cells) == 20
    injected = out[2]
    assert at(injected, "metadata", "tags") == ["injected-parameters"]
    assert injected["source"] == "# Parameters\nn = 3\nword = 'new'\n"
    assert [r.execution_count for r in run.cells] == list(range(1, 21))
    assert [c["execution_count"] for c in out if c["cell_type"] == "code"] == list(range(1, 21))
    assert all(r.status == "ok" and r.duration is not None for r in run.cells)
    # Streams coalesced per name, as nbclient writes them.
    assert out[3]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "a\nb\n"},
        {"output_type": "stream", "name": "stderr", "text": "e\n"},
    ]
    # A display updated by a later cell shows its last value.
    assert at(out[5], "outputs", 0, "data") == {"text/plain": "'second'"}
    last = out[-1]
    assert last["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "19\n"},
        {
            "output_type": "execute_result",
            "execution_count": 20,
            "data": {"text/plain": "57"},
            "metadata": {},
        },
    ]
    timing = at(last, "metadata", "execution")
    assert isinstance(timing, dict)
    assert set(timing) == {"iopub.status.busy", "iopub.execute_input", "iopub.status.idle"}
    assert at(run.notebook, "metadata", "language_info", "name") == "python"
    nbformat.validate(run.notebook)
    # The input is not touched; a start and an end event per cell; the session is gone.
    assert cells(source)[1]["execution_count"] is None
    assert [r.status for r in seen] == ["running", "ok"] * 20
    assert await no_session_at(server, run.session_path)


async def test_failing_cell_stops_the_run(server: LocalServer, folder: str) -> None:
    nb = notebook("x = 1", "print('before')\n1 / 0", "print('never')", "")
    cells(nb)[2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "stale\n"}]

    run = await run_notebook(nb, settings=server.settings, cwd=folder, timeout=CELL_TIMEOUT)

    assert not run.ok
    failed = run.failed_cell
    assert failed is not None
    assert (failed.index, failed.number, failed.total) == (1, 2, 4)
    assert failed.ename == "ZeroDivisionError"
    assert failed.evalue == "division by zero"
    assert any("ZeroDivisionError" in line for line in failed.traceback)
    assert failed.execution_count == 2
    assert [r.status for r in run.cells] == ["ok", "error", "not_run", "not_run"]
    out = cells(run.notebook)
    assert at(out[1], "outputs", 0) == {
        "output_type": "stream",
        "name": "stdout",
        "text": "before\n",
    }
    assert at(out[1], "outputs", 1, "output_type") == "error"
    # Cells after the failure are left as they were, as nbclient leaves them.
    assert out[2]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "stale\n"}]
    nbformat.validate(run.notebook)
    assert await no_session_at(server, run.session_path)


async def test_allow_errors_goes_on(server: LocalServer, folder: str) -> None:
    nb = notebook("1 / 0", "raise KeyError('k')", "print('after')")
    run = await run_notebook(nb, settings=server.settings, cwd=folder, allow_errors=True)
    assert run.ok
    assert run.failed_cell is None
    assert [r.status for r in run.cells] == ["error", "error", "ok"]
    assert [r.ename for r in run.errors] == ["ZeroDivisionError", "KeyError"]
    assert cells(run.notebook)[2]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "after\n"}
    ]


async def test_raises_exception_tag_and_skip_execution(server: LocalServer, folder: str) -> None:
    nb = notebook(
        "raise ValueError('expected')",
        "print('skipped')",
        "print('ran')",
        tags={0: ["raises-exception"], 1: ["skip-execution"]},
    )
    cells(nb)[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "old\n"}]
    cells(nb)[1]["execution_count"] = 7

    run = await run_notebook(nb, settings=server.settings, cwd=folder)

    assert run.ok
    expected, skipped, ran = run.cells
    assert expected.status == "error"
    assert expected.expected_error
    assert not expected.failed
    assert expected.ename == "ValueError"
    assert skipped.status == "skipped"
    assert skipped.execution_count is None
    out = cells(run.notebook)
    assert out[1]["execution_count"] == 7  # untouched
    assert out[1]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "old\n"}]
    assert ran.status == "ok"
    assert ran.execution_count == 2


async def test_input_fails_fast(server: LocalServer, folder: str) -> None:
    nb = notebook("name = input('name? ')", "print('unreached')")
    run = await asyncio.wait_for(
        run_notebook(nb, settings=server.settings, cwd=folder, timeout=CELL_TIMEOUT), 90
    )
    assert run.failed_cell is not None
    assert run.failed_cell.index == 0
    assert run.failed_cell.ename == "StdinNotImplementedError"


async def test_widget_state_is_kept(server: LocalServer, folder: str) -> None:
    pytest.importorskip("ipywidgets")
    nb = notebook(
        "import ipywidgets as w\nslider = w.IntSlider(value=3, description='n')\nslider",
        "slider.value = 7",
    )
    run = await run_notebook(nb, settings=server.settings, cwd=folder)
    assert run.ok
    widgets = at(run.notebook, "metadata", "widgets", WIDGET_STATE_MIMETYPE)
    assert (at(widgets, "version_major"), at(widgets, "version_minor")) == (2, 0)
    models = at(widgets, "state")
    assert isinstance(models, dict)
    sliders = [m for m in models.values() if at(m, "model_name") == "IntSliderModel"]
    assert len(sliders) == 1
    assert at(sliders[0], "state", "value") == 7
    assert at(sliders[0], "state", "description") == "n"
    assert at(sliders[0], "model_module") == "@jupyter-widgets/controls"
    view = at(cells(run.notebook)[0], "outputs", 0, "data")
    model_id = at(view, "application/vnd.jupyter.widget-view+json", "model_id")
    assert model_id in models
    nbformat.validate(run.notebook)


async def test_hand_made_widget_comm_with_buffers(server: LocalServer, folder: str) -> None:
    code = (
        "from comm import create_comm\n"
        "c = create_comm(target_name='jupyter.widget', "
        "data={'state': {'_model_name': 'DemoModel', '_model_module': 'demo', "
        "'_model_module_version': '1.0.0', 'value': 1}, 'buffer_paths': [['blob']]}, "
        "buffers=[b'\\x00\\x01'])\n"
        "c.send({'method': 'update', 'state': {'value': 2}, 'buffer_paths': []})\n"
        "c.send({'method': 'custom', 'content': {'ignored': True}})\n"
        "gone = create_comm(target_name='jupyter.widget', "
        "data={'state': {'_model_name': 'GoneModel'}, 'buffer_paths': []})\n"
        "gone.close()"
    )
    run = await run_notebook(notebook(code), settings=server.settings, cwd=folder)
    assert run.ok
    models = at(run.notebook, "metadata", "widgets", WIDGET_STATE_MIMETYPE, "state")
    assert isinstance(models, dict)
    assert len(models) == 1
    (model,) = models.values()
    assert at(model, "model_name") == "DemoModel"
    assert at(model, "state", "value") == 2
    assert at(model, "buffers") == [{"data": "AAE=", "encoding": "base64", "path": ["blob"]}]


async def test_timeout_interrupts_and_stops(server: LocalServer, folder: str) -> None:
    nb = notebook("import time\nwhile True: time.sleep(0.05)", "print('next')")
    run = await run_notebook(nb, settings=server.settings, cwd=folder, timeout=2)
    assert run.failed_cell is not None
    assert run.failed_cell.ename == "CellTimeoutError"
    assert [r.status for r in run.cells] == ["error", "not_run"]
    # The kernel was interrupted: its KeyboardInterrupt is the cell's output.
    outputs = at(cells(run.notebook)[0], "outputs")
    assert isinstance(outputs, list)
    assert any(at(o, "output_type") == "error" for o in outputs)


async def test_cancel_shuts_the_session_down(server: LocalServer, folder: str) -> None:
    started = asyncio.Event()
    nb = notebook("import time\ntime.sleep(600)")
    path = f"{folder}/cancelled.ipynb"

    def on_cell(report: CellReport) -> None:
        if report.status == "running":
            started.set()

    task = asyncio.ensure_future(
        run_notebook(nb, settings=server.settings, session_path=path, on_cell=on_cell)
    )
    await asyncio.wait_for(started.wait(), 60)
    async with SessionManager(server.settings, poll=False) as sessions:
        model = await sessions.find_by_path(path)
        assert model is not None  # visible to other clients while it runs
        kernel_id = str(model.kernel.id)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await sessions.find_by_path(path) is None
        assert kernel_id not in {str(k.id) for k in await sessions.kernels.refresh_running()}


async def test_upload_runs_in_a_fresh_folder_and_cleans_up(
    server: LocalServer, tmp_path: Path
) -> None:
    local = tmp_path / "analysis.ipynb"
    nbformat.write(
        nbformat.from_dict(
            notebook("import os\nprint([n for n in os.listdir() if n[0] != '.'], os.getcwd())")
        ),
        local,
    )
    before = visible(server.root_dir)
    run = await run_notebook(local, settings=server.settings, upload=True)
    assert run.ok
    folder, name = run.session_path.split("/")
    assert folder.startswith("jupyter-sdk-run-")
    assert name == "analysis.ipynb"
    text = at(cells(run.notebook)[0], "outputs", 0, "text")
    assert isinstance(text, str)
    assert "['analysis.ipynb']" in text
    assert text.rstrip().endswith(folder)
    assert run.source == str(local)
    assert visible(server.root_dir) == before  # removed again


async def test_upload_into_cwd_never_overwrites(
    server: LocalServer, folder: str, tmp_path: Path
) -> None:
    local = tmp_path / "same.ipynb"
    nbformat.write(
        nbformat.from_dict(notebook("import os\nprint(os.path.basename(os.getcwd()))")), local
    )
    (server.root_dir / folder / "same.ipynb").write_text("keep me")
    run = await run_notebook(local, settings=server.settings, upload=True, cwd=folder)
    assert run.ok
    assert run.session_path != f"{folder}/same.ipynb"
    assert run.session_path.startswith(f"{folder}/same-")
    assert (server.root_dir / folder / "same.ipynb").read_text() == "keep me"
    assert visible(server.root_dir / folder) == {"same.ipynb"}


async def test_a_running_session_at_the_path_is_refused(server: LocalServer, folder: str) -> None:
    path = f"{folder}/busy.ipynb"
    async with SessionManager(server.settings, poll=False) as sessions:
        session = await sessions.start_new(path=path, kernel={"name": "python3"})
        try:
            with pytest.raises(ConflictError, match="already runs"):
                await run_notebook(notebook("1"), settings=server.settings, session_path=path)
        finally:
            await session.shutdown()


async def test_run_notebooks_bounded(server: LocalServer, folder: str, tmp_path: Path) -> None:
    # Pairs meet: notebook 2k waits for 2k+1's marker file and the reverse, so each pair
    # must run at once; the bound of 2 must keep the pairs apart.
    sources = []
    for n in range(4):
        partner = n ^ 1
        code = (
            "import pathlib, time\n"
            f"pathlib.Path('mark-{n}').touch()\n"
            "deadline = time.monotonic() + 60\n"
            f"while not pathlib.Path('mark-{partner}').exists():\n"
            "    assert time.monotonic() < deadline, 'partner never ran'\n"
            "    time.sleep(0.02)\n"
            f"print('met', {partner})"
        )
        path = tmp_path / f"nb{n}.ipynb"
        nbformat.write(nbformat.from_dict(notebook(code)), path)
        sources.append(path)
    active: set[int] = set()
    peak = 0

    def on_cell(n: int, report: CellReport) -> None:
        nonlocal peak
        if report.status == "running":
            active.add(n)
            peak = max(peak, len(active))
        else:
            active.discard(n)

    runs = await run_notebooks(
        sources,
        settings=server.settings,
        jobs=2,
        output_dir=tmp_path / "out",
        cwd=folder,
        on_cell=on_cell,
        timeout=CELL_TIMEOUT,
    )

    assert peak == 2
    assert [r.ok for r in runs] == [True] * 4
    for n, run in enumerate(runs):
        assert run.source == str(sources[n])
        assert run.output_path == str(tmp_path / "out" / f"nb{n}.ipynb")
        written = nbformat.read(run.output_path, as_version=4)
        assert written.cells[0].outputs[0]["text"] == f"met {n ^ 1}\n"


async def test_run_notebooks_reports_a_notebook_that_cannot_run(
    server: LocalServer, folder: str
) -> None:
    bad = notebook("1")
    bad["metadata"] = {"kernelspec": {"name": "no-such-kernel", "display_name": "none"}}
    runs = await run_notebooks([notebook("print(1)"), bad], settings=server.settings, cwd=folder)
    assert runs[0].ok
    assert not runs[1].ok
    assert runs[1].exception is not None


def test_parameters_source() -> None:
    text = parameters_source(
        {"a": 1, "b": "x'y", "c": [1.5, None, True], "d": {"k": (1,)}, "e": float("nan")}
    )
    assert text == (
        "# Parameters\na = 1\nb = \"x'y\"\nc = [1.5, None, True]\nd = {'k': (1,)}\n"
        "e = float('nan')\n"
    )
    with pytest.raises(ValueError, match="identifier"):
        parameters_source({"not valid": 1})
    with pytest.raises(ValueError, match="identifier"):
        parameters_source({"class": 1})
    with pytest.raises(TypeError):
        parameters_source({"x": object()})


def test_read_notebook_upgrades_and_repairs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "1",
                        "outputs": [],
                        "language": "python",
                        "collapsed": False,
                        "metadata": {},
                    }
                ],
                "metadata": {},
            }
        ],
    }
    nb = read_notebook(v3)
    assert nb["nbformat"] == 4
    assert cells(nb)[0]["source"] == "1"
    # Read leniently (a warning), repaired as every frontend assumes.
    with caplog.at_level("WARNING", logger="jupyter_sdk.notebook"):
        repaired = read_notebook(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [{"id": "a", "cell_type": "code", "metadata": {}, "source": "1"}],
            }
        )
    assert "'outputs' is a required property" in caplog.text
    assert cells(repaired)[0]["outputs"] == []
    assert cells(repaired)[0]["execution_count"] is None
    nbformat.validate(repaired)
    with pytest.raises(ValueError, match="not a notebook"):
        read_notebook({"nbformat": 4, "nbformat_minor": 5, "metadata": {}})
    path = tmp_path / "x.ipynb"
    path.write_text("not json")
    with pytest.raises(ValueError, match="not a notebook"):
        read_notebook(path)


def test_sync_twin(server: LocalServer, folder: str) -> None:
    from jupyter_sdk.sync.notebook import run_notebook as run_blocking

    run = run_blocking(notebook("6 * 7"), settings=server.settings, cwd=folder)
    assert run.ok
    assert at(cells(run.notebook)[0], "outputs", 0, "data") == {"text/plain": "42"}
