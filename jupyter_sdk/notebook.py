"""Run notebooks on a Jupyter Server, cell by cell, as nbclient and papermill do locally.

:func:`run_notebook` starts a *session* for the notebook's server path (so JupyterLab
users see it in their running list and can attach to its kernel), executes each code
cell in order and writes outputs and execution counts into the notebook exactly as
JupyterLab and nbclient shape them (nbformat 4: streams coalesced, ``clear_output`` and
display updates honoured, ``execution_count`` on cells and results, timing in
``metadata.execution``). Then it shuts the session, and its kernel, down, also on error
or cancellation.

Rules, as nbclient and papermill have them:

* The kernel is ``metadata.kernelspec.name`` unless ``kernel_name`` is given.
* The run stops at the first error, unless ``allow_errors`` or the cell is tagged
  ``raises-exception`` (an expected error). Cells tagged ``skip-execution`` and empty
  cells are not run.
* ``parameters`` go into a new code cell tagged ``injected-parameters``, after the cell
  tagged ``parameters`` (or at the top), as assignments in the kernel's language
  (:mod:`jupyter_sdk.parameters`); an existing ``injected-parameters`` cell is replaced.
  A language without a translator is refused before anything starts.
* The notebook is read leniently (validation problems are logged warnings; a kernelspec
  without a ``name`` is settled by ``kernel_name`` or the server's default kernel); the
  executed notebook is written strictly: it validates.
* No input handler: ``allow_stdin`` is off, so ``input()`` fails at once, never hangs.
* ipywidgets state (comms of target ``jupyter.widget``) is kept in
  ``metadata.widgets["application/vnd.jupyter.widget-state+json"]``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import importlib
import json
import logging
import os
import posixpath
import re
import time
import uuid
import warnings
from collections.abc import Callable, Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Literal, TypeAlias, TypeVar, cast

import attrs

from . import errors
from .kernels.comm import Comm
from .kernels.connection import KernelConnection
from .kernels.future import AnyMessage
from .outputs import ExecutionResult, Output, OutputCollector
from .parameters import language_key, parameters_code
from .protocol.messages import JSONObject, JSONValue
from .service_manager import ServiceManager
from .sessions import SessionConnection
from .settings import ServerSettings

__all__ = [
    "CellReport",
    "CellStatus",
    "NotebookRun",
    "NotebookSource",
    "injected_parameters",
    "notebook_text",
    "parameters_source",
    "read_notebook",
    "run_notebook",
    "run_notebooks",
    "write_notebook",
]

_log = logging.getLogger("jupyter_sdk.notebook")


@functools.cache
def _nbformat() -> _NbFormat:
    """nbformat, imported on first use (it takes a second: jsonschema compiles grammars).

    Its readers and writers are unannotated: this is their typed view.
    """
    module = importlib.import_module("nbformat")
    return _NbFormat(
        # Read and convert without nbformat.reads' validation (it logs errors): the
        # runner validates, and says what it found, itself.
        reads=lambda text, version: module.convert(module.reader.reads(text), version),
        writes=module.writes,
        from_dict=module.from_dict,
        normalize=module.validator.normalize,
        validate=module.validate,
        ValidationError=module.ValidationError,
    )


def preload() -> None:
    """Import nbformat and compile its schema now (about a second), e.g. in a thread while
    a server starts, so that the first run does not wait for it."""
    nbf = _nbformat()
    nbf.validate({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@attrs.frozen
class _NbFormat:
    reads: Callable[[str, int], Mapping[str, object]]
    writes: Callable[[Mapping[str, object]], str]
    from_dict: Callable[[object], Mapping[str, object]]
    normalize: Callable[[Mapping[str, object]], tuple[int, Mapping[str, object]]]
    validate: Callable[[Mapping[str, object]], None]
    ValidationError: type[Exception]


CellStatus = Literal["running", "ok", "error", "skipped", "not_run"]
"""``running`` (only in ``on_cell`` start events), ``ok``, ``error``, ``skipped`` (tagged
``skip-execution``, or empty), ``not_run`` (after the error that stopped the run)."""

NotebookSource: TypeAlias = "Mapping[str, object] | str | os.PathLike[str]"
"""A notebook: an nbformat dict, or the path of a local ``.ipynb`` file."""

Notebook: TypeAlias = dict[str, JSONValue]
Cell: TypeAlias = dict[str, JSONValue]
T = TypeVar("T")

WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
_WIDGET_TARGET = "jupyter.widget"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_RUN_FOLDER_PREFIX = "jupyter-sdk-run-"


@attrs.frozen
class CellReport:
    """What happened to one code cell.

    Attributes:
        index: The cell's position in ``notebook["cells"]`` (0-based).
        number: Its position among the notebook's code cells (1-based).
        total: The number of code cells in the run.
        status: ``ok``, ``error``, ``skipped`` or ``not_run`` (``running`` in the start
            event ``on_cell`` receives).
        source: The cell's code.
        cell_id: The cell's nbformat id, if it has one.
        execution_count: The kernel's execution counter for it.
        duration: Seconds it took, when it ran.
        ename: The error's class name (``CellTimeoutError`` after a timeout,
            ``DeadKernelError`` when the kernel died).
        evalue: The error's value.
        traceback: The traceback lines, with ANSI colours as the kernel sent them.
        expected_error: The cell is tagged ``raises-exception``.
        output_tail: The last lines the failed cell wrote (its stderr, else its stdout):
            what a kernel that names no error (bash) has to say about it.
    """

    index: int
    number: int
    total: int
    status: CellStatus
    source: str
    cell_id: str | None = None
    execution_count: int | None = None
    duration: float | None = None
    ename: str | None = None
    evalue: str | None = None
    traceback: tuple[str, ...] = ()
    expected_error: bool = False
    output_tail: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The error in words for a person: ``ename: evalue``; for a kernel that sends no
        ``ename`` (bash_kernel sends the exit status as ``evalue``), ``exit status N``,
        with the last lines of output."""
        if self.ename:
            # xeus-python names errors by their class's repr: "<class 'ValueError'>".
            found = re.fullmatch(r"<class '([^']+)'>", self.ename)
            name = found.group(1) if found else self.ename
            return f"{name}: {self.evalue}" if self.evalue else name
        value = (self.evalue or "").strip()
        text = f"exit status {value}" if value.lstrip("-").isdigit() else value
        text = text or "an error the kernel did not describe"
        if self.output_tail:
            text += " — last output: " + " | ".join(self.output_tail)
        return text

    @property
    def failed(self) -> bool:
        """Whether the cell raised an error it was not tagged to expect."""
        return self.status == "error" and not self.expected_error


@attrs.frozen
class NotebookRun:
    """The outcome of :func:`run_notebook`.

    Attributes:
        notebook: The executed notebook, an nbformat 4 dict (see :func:`write_notebook`).
        cells: One report per code cell, in order.
        failed_cell: The cell whose error stopped the run (``None`` when it went to the
            end): an unexpected error without ``allow_errors``, a timeout, a dead kernel.
        session_path: The path the session ran at on the server.
        kernel_name: The kernelspec it ran with.
        duration: Seconds the run took, from staging to the session's shutdown.
        source: The local path it was read from, if any.
        output_path: Where :func:`run_notebooks` wrote it, if it did.
        exception: For :func:`run_notebooks`: the error that stopped this notebook outside
            any cell (it could not be read, its kernel could not start...).
    """

    notebook: Notebook
    cells: list[CellReport]
    failed_cell: CellReport | None = None
    session_path: str = ""
    kernel_name: str = ""
    duration: float = 0.0
    source: str | None = None
    output_path: str | None = None
    exception: BaseException | None = None

    @property
    def errors(self) -> list[CellReport]:
        """Every cell that raised an unexpected error (several with ``allow_errors``)."""
        return [c for c in self.cells if c.failed]

    @property
    def ok(self) -> bool:
        """Whether the run went to the end (errors let through by ``allow_errors`` aside)."""
        return self.exception is None and self.failed_cell is None

    def outputs(self, cell: CellReport | int) -> list[Output]:
        """The outputs of a code cell (by report, or by index in ``notebook["cells"]``)."""
        index = cell.index if isinstance(cell, CellReport) else cell
        found = _cells(self.notebook)[index].get("outputs")
        return cast("list[Output]", found) if isinstance(found, list) else []

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the executed notebook to a local file (nbformat's layout)."""
        return write_notebook(self.notebook, path)


# -- notebooks as plain JSON ----------------------------------------------------------


def read_notebook(source: NotebookSource) -> Notebook:
    """A notebook as a plain nbformat 4 dict: a copy of a dict, or a local file read;
    upgraded to nbformat 4 and normalised (missing cell ids added) when needed.

    Read leniently, as nbformat, nbclient and papermill read: what does not validate is
    logged as a warning, not refused (a kernelspec without a ``name``, outputs of old
    frontends...); the runner repairs what the kernel settles, and what it writes
    validates.

    Raises:
        ValueError: It is not a notebook at all (not JSON, no nbformat version).
        OSError: The file could not be read.
    """
    nbf = _nbformat()
    if isinstance(source, Mapping):
        text = json.dumps(source)
    else:
        text = Path(source).read_text(encoding="utf-8")
    try:
        with warnings.catch_warnings():
            # Cell ids are added just below (normalize), as nbclient does: no warning for it.
            warnings.filterwarnings("ignore", message="Cell is missing an id field")
            node = nbf.reads(text, 4)
    except (ValueError, KeyError, TypeError, AttributeError, nbf.ValidationError) as exc:
        raise ValueError(f"not a notebook: {exc}") from None
    _, normal = nbf.normalize(node)
    nb = cast("Notebook", json.loads(json.dumps(normal)))
    if not isinstance(nb.get("cells"), list):
        raise ValueError("not a notebook: it has no cells list")
    problem = _invalid(nb)
    if problem is not None:
        _repair(nb)
    if problem is not None:
        _log.warning("the input notebook is not a valid nbformat 4 notebook: %s", problem)
    return nb


def write_notebook(nb: Mapping[str, object], path: str | os.PathLike[str]) -> Path:
    """Write a notebook dict to a local file, as Jupyter does (indent 1, lines split)."""
    target = Path(path)
    target.write_text(notebook_text(nb), encoding="utf-8")
    return target


def notebook_text(nb: Mapping[str, object]) -> str:
    """A notebook dict as ``.ipynb`` text, in Jupyter's layout."""
    nbf = _nbformat()
    text = nbf.writes(nbf.from_dict(json.loads(json.dumps(nb))))
    return text if text.endswith("\n") else text + "\n"


def _repair(nb: Notebook) -> None:
    """Fill what old or hand-made notebooks leave out and every frontend assumes: cell
    metadata and source, a code cell's outputs and execution count."""
    _metadata(nb)
    for cell in _cells(nb):
        _metadata(cell)
        cell.setdefault("source", "")
        if cell.get("cell_type") == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)


def _invalid(nb: Notebook) -> str | None:
    """The first line of nbformat's validation error, or ``None`` when ``nb`` is valid."""
    nbf = _nbformat()
    try:
        nbf.validate(nb)
    except nbf.ValidationError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def _validate(nb: Notebook, what: str) -> None:
    problem = _invalid(nb)
    if problem is not None:
        raise ValueError(f"{what} is not a valid nbformat 4 notebook: {problem}")


def _cells(nb: Notebook) -> list[Cell]:
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise ValueError("the notebook has no cells list")
    return [c for c in cells if isinstance(c, dict)]


def _source(cell: Cell) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def _metadata(holder: dict[str, JSONValue]) -> dict[str, JSONValue]:
    meta = holder.get("metadata")
    if not isinstance(meta, dict):
        meta = {}
        holder["metadata"] = meta
    return meta


def _tags(cell: Cell) -> list[str]:
    tags = _metadata(cell).get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


# -- parameters (papermill's convention) --------------------------------------------


def parameters_source(
    parameters: Mapping[str, object], language: str = "python", *, kernel_name: str | None = None
) -> str:
    """The code of an ``injected-parameters`` cell in the kernel's language.

    See :func:`jupyter_sdk.parameters.parameters_code` (this is the same function).

    Raises:
        UnsupportedLanguageError: No translator for the language.
        ValueError: A name is not an identifier of the language.
        TypeError: A value has no literal form in it.
    """
    return parameters_code(parameters, language, kernel_name=kernel_name)


def _inject_parameters(nb: Notebook, code: str) -> None:
    cells = nb.get("cells")
    assert isinstance(cells, list)
    minor = nb.get("nbformat_minor")
    cell: Cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": ["injected-parameters"]},
        "outputs": [],
        "source": code,
    }
    if isinstance(minor, int) and minor >= 5:
        cell["id"] = uuid.uuid4().hex[:8]
    tagged = [i for i, c in enumerate(cells) if isinstance(c, dict) and _has_tag(c, "parameters")]
    injected = [
        i for i, c in enumerate(cells) if isinstance(c, dict) and _has_tag(c, "injected-parameters")
    ]
    if injected:
        cells[injected[0]] = cell
    elif tagged:
        cells.insert(tagged[0] + 1, cell)
    else:
        _log.warning("the notebook has no cell tagged 'parameters': injecting at the top")
        cells.insert(0, cell)


def _has_tag(cell: dict[str, JSONValue], tag: str) -> bool:
    return tag in _tags(cell)


# -- widget state (nbclient's store_widget_state) -----------------------------------


class _WidgetState:
    """The state of every ``jupyter.widget`` model, from its comm_open and updates."""

    def __init__(self) -> None:
        self.state: dict[str, JSONObject] = {}
        self.buffers: dict[str, dict[str, JSONObject]] = {}

    def attach(self, kernel: KernelConnection) -> None:
        kernel.register_comm_target(_WIDGET_TARGET, self._on_open)

    def _on_open(self, comm: Comm, msg: AnyMessage) -> None:
        self._take(comm.comm_id, msg)
        comm.on_msg = lambda m: self._take(comm.comm_id, m)
        comm.on_close = lambda _m: self._forget(comm.comm_id)

    def _forget(self, comm_id: str) -> None:
        self.state.pop(comm_id, None)
        self.buffers.pop(comm_id, None)

    def _take(self, comm_id: str, msg: AnyMessage) -> None:
        data = msg["content"].get("data")
        if not isinstance(data, dict):
            return
        state = data.get("state")
        if not isinstance(state, dict):
            return  # a custom message, not a state update
        self.state.setdefault(comm_id, {}).update(state)
        paths = data.get("buffer_paths")
        if isinstance(paths, list) and paths:
            mine = self.buffers.setdefault(comm_id, {})
            for path, buffer in zip(paths, msg["buffers"], strict=False):
                if isinstance(path, list):
                    mine[json.dumps(path)] = {
                        "data": base64.b64encode(bytes(buffer)).decode("ascii"),
                        "encoding": "base64",
                        "path": path,
                    }

    def metadata(self) -> JSONObject | None:
        """The ``metadata.widgets`` value, or ``None`` when no widget was made."""
        models: JSONObject = {}
        for model_id, state in self.state.items():
            if "_model_name" not in state:
                continue
            entry: JSONObject = {
                "model_name": state.get("_model_name"),
                "model_module": state.get("_model_module"),
                "model_module_version": state.get("_model_module_version"),
                "state": dict(state),
            }
            buffers = self.buffers.get(model_id)
            if buffers:
                entry["buffers"] = list(buffers.values())
            models[model_id] = entry
        if not models:
            return None
        return {WIDGET_STATE_MIMETYPE: {"state": models, "version_major": 2, "version_minor": 0}}


# -- running ----------------------------------------------------------------------


@attrs.define
class _Options:
    timeout: float | None
    allow_errors: bool
    on_cell: Callable[[CellReport], object] | None
    on_output: Callable[[AnyMessage], object] | None
    log_output: bool
    label: str


class _Displays:
    """Outputs by ``display_id`` across the whole notebook, for ``update_display_data``."""

    def __init__(self) -> None:
        self._outputs: dict[str, list[Output]] = {}

    def take(self, msg: AnyMessage, collector: OutputCollector) -> None:
        msg_type = msg["header"]["msg_type"]
        transient = msg["content"].get("transient")
        display_id = transient.get("display_id") if isinstance(transient, dict) else None
        if not isinstance(display_id, str):
            return
        if msg_type in ("display_data", "execute_result") and collector.outputs:
            self._outputs.setdefault(display_id, []).append(collector.outputs[-1])
        elif msg_type == "update_display_data":
            data, metadata = msg["content"].get("data"), msg["content"].get("metadata")
            for output in self._outputs.get(display_id, ()):
                if output["output_type"] in ("display_data", "execute_result"):
                    output["data"] = dict(data) if isinstance(data, dict) else {}
                    output["metadata"] = dict(metadata) if isinstance(metadata, dict) else {}


def _log_message(label: str, msg: AnyMessage) -> None:
    msg_type = msg["header"]["msg_type"]
    content = msg["content"]
    if msg_type == "stream":
        text = content.get("text")
        if isinstance(text, str) and text:
            _log.info("%s: %s", label, text.rstrip("\n"))
    elif msg_type in ("display_data", "execute_result"):
        data = content.get("data")
        text = data.get("text/plain") if isinstance(data, dict) else None
        if isinstance(text, str):
            _log.info("%s: %s", label, text)
    elif msg_type == "error":
        traceback = content.get("traceback")
        if isinstance(traceback, list):
            _log.info("%s: %s", label, _strip_ansi("\n".join(str(t) for t in traceback)))


async def _execute_cell(
    kernel: KernelConnection,
    cell: Cell,
    report: CellReport,
    opts: _Options,
    displays: _Displays,
) -> CellReport:
    """Run one code cell; fill its outputs and counts; return its final report."""
    tags = _tags(cell)
    expected = "raises-exception" in tags
    collector = OutputCollector()
    timing: JSONObject = {}
    cell["outputs"] = cast("list[JSONValue]", collector.outputs)
    cell["execution_count"] = None

    def on_iopub(msg: AnyMessage) -> None:
        msg_type = msg["header"]["msg_type"]
        date = msg["header"].get("date")
        if msg_type == "status" and msg["content"].get("execution_state") in ("busy", "idle"):
            timing[f"iopub.status.{msg['content']['execution_state']}"] = str(date)
        elif msg_type == "execute_input":
            timing["iopub.execute_input"] = str(date)
            count = msg["content"].get("execution_count")
            if isinstance(count, int):
                cell["execution_count"] = count
        collector.add(msg)
        displays.take(msg, collector)
        if opts.log_output:
            _log_message(f"{opts.label} [{report.number}]", msg)
        if opts.on_output is not None:
            opts.on_output(msg)

    started = time.monotonic()
    error: tuple[str, str, list[str]] | None = None
    result: ExecutionResult | None = None
    try:
        result = await kernel.execute(
            _source(cell),
            timeout=opts.timeout,
            stop_on_error=not (opts.allow_errors or expected),
            on_output=on_iopub,
        )
    except errors.ExecutionTimeoutError:
        error = ("CellTimeoutError", f"the cell did not finish within {opts.timeout} s", [])
    except (errors.KernelDeadError, errors.KernelRestartedError) as exc:
        error = ("DeadKernelError", str(exc), [])
    duration = time.monotonic() - started
    if result is not None:
        if result.execution_count is not None:
            cell["execution_count"] = result.execution_count
        if result.error is not None:
            error = (result.error["ename"], result.error["evalue"], result.error["traceback"])
        elif result.status != "ok":
            error = ("ExecutionAborted", f"the kernel answered {result.status!r}", [])
    cell["outputs"] = cast("list[JSONValue]", collector.outputs)
    if timing:
        _metadata(cell)["execution"] = timing
    else:
        _metadata(cell).pop("execution", None)
    if error is None:
        return attrs.evolve(report, status="ok", execution_count=_count(cell), duration=duration)
    ename, evalue, traceback = error
    return attrs.evolve(
        report,
        status="error",
        output_tail=_output_tail(collector.outputs),
        execution_count=_count(cell),
        duration=duration,
        ename=ename,
        evalue=evalue,
        traceback=tuple(traceback),
        expected_error=expected and ename not in ("CellTimeoutError", "DeadKernelError"),
    )


def _output_tail(outputs: Sequence[Output], lines: int = 3) -> tuple[str, ...]:
    """The last non-blank lines of the cell's stderr stream, else of its stdout."""
    for name in ("stderr", "stdout"):
        text = "".join(
            str(o.get("text", ""))
            for o in outputs
            if o.get("output_type") == "stream" and o.get("name") == name
        )
        found = [line.strip() for line in _strip_ansi(text).splitlines() if line.strip()]
        if found:
            return tuple(found[-lines:])
    return ()


def _count(cell: Cell) -> int | None:
    count = cell.get("execution_count")
    return count if isinstance(count, int) else None


_HARD_ERRORS = ("CellTimeoutError", "DeadKernelError")


async def _execute(
    kernel: KernelConnection, nb: Notebook, opts: _Options
) -> tuple[list[CellReport], CellReport | None]:
    """Run the notebook's code cells in order: (one report per code cell, the failed one)."""
    code = [(i, c) for i, c in enumerate(_cells(nb)) if c.get("cell_type") == "code"]
    reports = [
        CellReport(
            index=i,
            number=n,
            total=len(code),
            status="not_run",
            source=_source(c),
            cell_id=str(c["id"]) if isinstance(c.get("id"), str) else None,
        )
        for n, (i, c) in enumerate(code, start=1)
    ]
    displays = _Displays()
    failed: CellReport | None = None
    for position, (_, cell) in enumerate(code):
        report = reports[position]
        skip = "skip-execution" in _tags(cell)
        if failed is not None and not skip:
            continue  # stays not_run
        if skip:
            report = attrs.evolve(report, status="skipped")
        elif not report.source.strip():
            # As JupyterLab does for an empty cell: clear it, run nothing.
            cell["outputs"] = []
            cell["execution_count"] = None
            report = attrs.evolve(report, status="skipped")
        else:
            if opts.on_cell is not None:
                opts.on_cell(attrs.evolve(report, status="running"))
            report = await _execute_cell(kernel, cell, report, opts, displays)
            if report.failed and (report.ename in _HARD_ERRORS or not opts.allow_errors):
                failed = report
        reports[position] = report
        if opts.on_cell is not None:
            opts.on_cell(report)
    return reports, failed


# -- sessions and staging ------------------------------------------------------------


async def _exists(services: ServiceManager, path: str) -> bool:
    try:
        await services.contents.get(path, content=False)
    except errors.NotFoundError:
        return False
    return True


async def _remove_tree(services: ServiceManager, path: str) -> None:
    model = await services.contents.get(path)
    if model.type_ == "directory" and isinstance(model.content, list):
        for child in model.content:
            await _remove_tree(services, str(child.path))
    await services.contents.delete(path)


@attrs.define
class _Stage:
    """What a run put on the server (to remove afterwards)."""

    folder: str | None = None
    file: str | None = None


async def _stage(
    services: ServiceManager, nb: Notebook, session_path: str, fresh: bool, stage: _Stage
) -> str:
    """Save ``nb`` at ``session_path`` (or a free name beside it); returns the path."""
    if not fresh and await _exists(services, session_path):
        folder, name = posixpath.split(session_path)
        stem, ext = posixpath.splitext(name)
        session_path = posixpath.join(folder, f"{stem}-{uuid.uuid4().hex[:6]}{ext or '.ipynb'}")
    await services.contents.write_notebook(session_path, nb)
    stage.file = session_path
    return session_path


async def _shutdown(session: SessionConnection) -> None:
    """Shut the run's session (and kernel) down; a failure here must not hide the run's."""
    try:
        await session.shutdown()
    except errors.JupyterError as exc:
        _log.warning("could not shut the session %s down: %s", session.path, exc)


async def _unstage(services: ServiceManager, stage: _Stage) -> None:
    try:
        if stage.folder is not None:
            await _remove_tree(services, stage.folder)
        elif stage.file is not None:
            await services.contents.delete(stage.file)
    except errors.JupyterError as exc:
        _log.warning("could not remove the run's files from the server: %s", exc)


def _kernel_name(nb: Notebook, kernel_name: str | None) -> str | None:
    if kernel_name:
        return kernel_name
    spec = _metadata(nb).get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) and name else None


def _notebook_language(nb: Notebook) -> str | None:
    """The language the notebook's metadata names (kernelspec, else language_info)."""
    meta = _metadata(nb)
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        holder = meta.get(key)
        value = holder.get(field) if isinstance(holder, dict) else None
        if isinstance(value, str) and value:
            return value
    return None


async def _spec_language(services: ServiceManager, name: str) -> str | None:
    """The ``language`` of the server's kernelspec ``name`` (``None``: unknown, no spec)."""
    try:
        found = await services.kernelspecs.get(name)
    except errors.NotFoundError:
        return None
    body = found.spec.to_dict() if found.spec else {}
    language = body.get("language")
    return language if isinstance(language, str) and language else None


async def _parameters_code(
    services: ServiceManager,
    nb: Notebook,
    kernel_name: str | None,
    parameters: Mapping[str, object],
) -> str | None:
    """The injected cell's code, in the language of the kernel the run will start; ``None``
    when no kernelspec or notebook metadata names a language (the kernel's
    ``language_info`` settles it once it answers).

    Raises:
        UnsupportedLanguageError: There is no translator for that language, before
            anything is started.
    """
    name = _kernel_name(nb, kernel_name)
    if name is None:
        name = (await services.kernelspecs.refresh_specs()).default
    language = (await _spec_language(services, name) if name else None) or _notebook_language(nb)
    if language is None and language_key(None, name) is None:
        return None
    return parameters_source(parameters, language or "", kernel_name=name)


async def _update_kernel_metadata(
    services: ServiceManager, nb: Notebook, kernel: KernelConnection
) -> None:
    meta = _metadata(nb)
    info = kernel.info
    if info is None or info["status"] != "ok":
        with contextlib.suppress(errors.JupyterError):
            info = (await kernel.request_kernel_info())["content"]
    language: str | None = None
    if info is not None and info["status"] == "ok":
        language_info = info["language_info"]
        meta["language_info"] = cast("JSONObject", dict(language_info))
        language = language_info["name"]
    spec = meta.get("kernelspec")
    if isinstance(spec, dict) and spec.get("name") == kernel.name:
        return
    display = kernel.name
    with contextlib.suppress(errors.JupyterError):
        found = await services.kernelspecs.get(kernel.name)
        spec_body = found.spec.to_dict() if found.spec else {}
        display = str(spec_body.get("display_name") or kernel.name)
        language = language or (str(spec_body["language"]) if "language" in spec_body else None)
    new_spec: JSONObject = {"name": kernel.name, "display_name": display}
    if language:
        new_spec["language"] = language
    meta["kernelspec"] = new_spec


async def _shielded(cleanup: Callable[[], Coroutine[object, object, None]]) -> None:
    """Run ``cleanup()`` to its end, even when the caller is being cancelled."""
    task = asyncio.ensure_future(cleanup())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


async def _run(
    services: ServiceManager,
    source: NotebookSource,
    *,
    kernel_name: str | None,
    timeout: float | None,
    allow_errors: bool,
    parameters: Mapping[str, object] | None,
    cwd: str | None,
    session_path: str | None,
    upload: bool,
    on_cell: Callable[[CellReport], object] | None,
    on_output: Callable[[AnyMessage], object] | None,
    log_output: bool,
    name: str = "notebook.ipynb",
) -> NotebookRun:
    nb = await asyncio.to_thread(read_notebook, source)
    code: str | None = None
    if parameters:
        code = await _parameters_code(services, nb, kernel_name, parameters)
        if code is not None:
            _inject_parameters(nb, code)
    if not isinstance(source, Mapping):
        name = Path(source).name
    stage = _Stage()
    started = time.monotonic()
    session = None
    try:
        if session_path is None:
            folder = cwd.strip("/") if cwd else ""
            if not folder and upload:
                folder = f"{_RUN_FOLDER_PREFIX}{uuid.uuid4().hex[:10]}"
                stage.folder = folder
                await services.contents.save(folder, {"type": "directory"})
            session_path = posixpath.join(folder, name) if folder else name
        if upload:
            fresh = stage.folder is not None
            session_path = await _stage(services, nb, session_path, fresh, stage)
        existing = await services.sessions.find_by_path(session_path)
        if existing is not None:
            raise errors.ConflictError(
                409,
                f"a session already runs for {session_path!r} (kernel "
                f"{str(existing.kernel.id)[:8]}): stop it, or run at another session path",
            )
        wanted = _kernel_name(nb, kernel_name)
        session = await services.sessions.start_new(
            path=session_path,
            type="notebook",
            name=posixpath.basename(session_path),
            kernel={"name": wanted} if wanted else None,
        )
        kernel = session.kernel
        if kernel is None:
            raise errors.KernelDeadError(f"session {session.id} has no kernel")
        label = session_path if isinstance(source, Mapping) else os.fspath(source)
        opts = _Options(timeout, allow_errors, on_cell, on_output, log_output, label)
        widgets = _WidgetState()
        widgets.attach(kernel)
        await _update_kernel_metadata(services, nb, kernel)
        if parameters and code is None:
            language = _notebook_language(nb)  # language_info, from the kernel's answer
            _inject_parameters(
                nb, parameters_source(parameters, language or "", kernel_name=kernel.name)
            )
        reports, failed = await _execute(kernel, nb, opts)
        widget_meta = widgets.metadata()
        if widget_meta is not None:
            _metadata(nb)["widgets"] = widget_meta
        used_kernel = kernel.name
    finally:
        if session is not None:
            await _shielded(functools.partial(_shutdown, session))
        if stage.file is not None or stage.folder is not None:
            await _shielded(functools.partial(_unstage, services, stage))
    _validate(nb, "the executed notebook")
    return NotebookRun(
        notebook=nb,
        cells=reports,
        failed_cell=failed,
        session_path=session_path,
        kernel_name=used_kernel,
        duration=time.monotonic() - started,
        source=None if isinstance(source, Mapping) else os.fspath(source),
    )


async def run_notebook(
    nb_or_path: NotebookSource,
    *,
    settings: ServerSettings,
    kernel_name: str | None = None,
    timeout: float | None = None,
    allow_errors: bool = False,
    parameters: Mapping[str, object] | None = None,
    cwd: str | None = None,
    session_path: str | None = None,
    upload: bool = False,
    on_cell: Callable[[CellReport], object] | None = None,
    on_output: Callable[[AnyMessage], object] | None = None,
    log_output: bool = False,
) -> NotebookRun:
    """Execute a notebook on the server through a session; return it with its outputs.

    Args:
        nb_or_path: An nbformat dict (not modified; its session's file name is
            ``notebook.ipynb``), or a local ``.ipynb`` file's path.
        settings: The server.
        kernel_name: The kernelspec; default the notebook's ``metadata.kernelspec.name``
            (else the server's default).
        timeout: Seconds per cell; a cell over it is interrupted and reported as a
            ``CellTimeoutError``, which stops the run.
        allow_errors: Go on after a cell's error (papermill's and nbclient's flag).
        parameters: Values injected into an ``injected-parameters`` cell, as code in the
            kernel's language (its kernelspec's ``language``, else the notebook's, else
            the kernel's ``language_info``); see :mod:`jupyter_sdk.parameters`.
        cwd: The server-side folder the session lives in (the kernel's working folder,
            so relative file access works); the server's root when omitted.
        session_path: The session's path on the server (default ``cwd/<file name>``).
        upload: Save the notebook on the server at the session path first (in a fresh
            folder ``jupyter-sdk-run-*`` when ``cwd`` is omitted; beside, under a free
            name, when the path is taken), and delete what was uploaded at the end.
        on_cell: Called with a ``running`` report before each cell runs, and with its
            final report after (also for skipped cells).
        on_output: Called with each iopub message of the cells as it arrives.
        log_output: Log outputs to the ``jupyter_sdk.notebook`` logger (INFO).

    Returns:
        The run: the executed notebook, the cell reports, ``ok`` and ``failed_cell``. A
        cell's error is reported there, not raised.

    Raises:
        ValueError: The notebook is not a notebook at all, the executed one does not
            validate, or a parameter name is not an identifier of the kernel's language.
        UnsupportedLanguageError: ``parameters`` were given for a kernel whose language
            has no translator (raised before anything starts when the kernelspec or the
            notebook names the language).
        TypeError: A parameter value has no literal form in the kernel's language.
        ConflictError: Another session already runs at the session path.
        JupyterError: The session could not start, or the server went away.
    """
    services = ServiceManager(settings, poll=False)
    try:
        return await _run(
            services,
            nb_or_path,
            kernel_name=kernel_name,
            timeout=timeout,
            allow_errors=allow_errors,
            parameters=parameters,
            cwd=cwd,
            session_path=session_path,
            upload=upload,
            on_cell=on_cell,
            on_output=on_output,
            log_output=log_output,
        )
    finally:
        await _shielded(services.close)


async def injected_parameters(
    nb_or_path: NotebookSource,
    parameters: Mapping[str, object],
    *,
    settings: ServerSettings,
    kernel_name: str | None = None,
) -> str | None:
    """The code :func:`run_notebook` would inject for ``parameters``, starting nothing.

    Args:
        nb_or_path: The notebook (dict or local path).
        parameters: The parameters.
        settings: The server (its kernelspecs tell the kernel's language).
        kernel_name: The kernelspec the run would use (default: the notebook's, else
            the server's default).

    Returns:
        The cell's code; ``None`` when neither the kernelspec nor the notebook names a
        language (then the kernel's ``language_info`` settles it during the run).

    Raises:
        UnsupportedLanguageError: The kernel's language has no translator.
        ValueError: A name is not an identifier of the language (or not a notebook).
        TypeError: A value has no literal form in the language.
    """
    nb = await asyncio.to_thread(read_notebook, nb_or_path)
    services = ServiceManager(settings, poll=False)
    try:
        return await _parameters_code(services, nb, kernel_name, parameters)
    finally:
        await _shielded(services.close)


async def run_notebooks(
    sources: Sequence[NotebookSource],
    *,
    settings: ServerSettings,
    jobs: int = 4,
    output_dir: str | os.PathLike[str] | None = None,
    kernel_name: str | None = None,
    timeout: float | None = None,
    allow_errors: bool = False,
    parameters: Mapping[str, object] | None = None,
    cwd: str | None = None,
    upload: bool = False,
    on_cell: Callable[[int, CellReport], object] | None = None,
    on_output: Callable[[int, AnyMessage], object] | None = None,
    log_output: bool = False,
) -> list[NotebookRun]:
    """Run several notebooks concurrently, at most ``jobs`` kernels at a time.

    Each notebook runs as :func:`run_notebook` would run it (same arguments); the
    callbacks also receive the notebook's position in ``sources``. A notebook that cannot
    run at all (unreadable, its kernel cannot start, the server went away) does not stop
    the others: its :class:`NotebookRun` holds the ``exception``.

    Args:
        sources: The notebooks (dicts or local paths).
        settings: The server.
        jobs: The most notebooks (kernels) running at once.
        output_dir: A local folder to write each executed notebook to, under its own
            file name (``notebook-<n>.ipynb`` for dicts); created if needed.

    Returns:
        One run per source, in the order of ``sources``.

    Raises:
        ValueError: ``jobs`` is below 1, or two notebooks would be written to one file.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    targets = await asyncio.to_thread(_output_paths, sources, output_dir)
    gate = asyncio.Semaphore(jobs)
    services = ServiceManager(settings, poll=False)

    async def one(n: int, source: NotebookSource, target: Path | None) -> NotebookRun:
        async with gate:
            try:
                run = await _run(
                    services,
                    source,
                    kernel_name=kernel_name,
                    timeout=timeout,
                    allow_errors=allow_errors,
                    parameters=parameters,
                    cwd=cwd,
                    session_path=None,
                    upload=upload,
                    on_cell=_bind(on_cell, n),
                    on_output=_bind(on_output, n),
                    log_output=log_output,
                    name=f"notebook-{n}.ipynb",
                )
            except (errors.JupyterError, OSError, ValueError) as exc:
                _log.warning("notebook %s could not run: %s", _label(source, n), exc)
                return NotebookRun(
                    notebook={},
                    cells=[],
                    source=None if isinstance(source, Mapping) else os.fspath(source),
                    exception=exc,
                )
        if target is None:
            return run
        await asyncio.to_thread(write_notebook, run.notebook, target)
        return attrs.evolve(run, output_path=os.fspath(target))

    try:
        return list(
            await asyncio.gather(
                *(one(n, s, t) for n, (s, t) in enumerate(zip(sources, targets, strict=True)))
            )
        )
    finally:
        await _shielded(services.close)


def _output_paths(
    sources: Sequence[NotebookSource], output_dir: str | os.PathLike[str] | None
) -> list[Path | None]:
    """Where :func:`run_notebooks` writes each notebook (creates ``output_dir``)."""
    if output_dir is None:
        return [None] * len(sources)
    folder = Path(output_dir)
    names = [
        f"notebook-{n}.ipynb" if isinstance(s, Mapping) else Path(s).name
        for n, s in enumerate(sources)
    ]
    if len(set(names)) != len(names):
        raise ValueError("two notebooks have the same file name: they cannot share output_dir")
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        if not isinstance(source, Mapping) and folder.samefile(Path(source).parent):
            raise ValueError(f"output_dir would overwrite the input {os.fspath(source)}")
    return [folder / name for name in names]


def _label(source: NotebookSource, n: int) -> str:
    return f"#{n}" if isinstance(source, Mapping) else os.fspath(source)


def _bind(callback: Callable[[int, T], object] | None, n: int) -> Callable[[T], object] | None:
    if callback is None:
        return None
    return lambda value: callback(n, value)
