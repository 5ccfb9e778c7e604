"""``jupyter-sdk run``: execute notebooks on the server, with a progress bar per notebook.

Local notebooks run in place when the embedded server serves their folder (relative
files work as with papermill); otherwise they are uploaded to a fresh folder on the
server (or into ``--cwd``), run there, and removed; results are written locally.
``--server-path`` notebooks live on the server and their results are saved there.
"""

from __future__ import annotations

import asyncio
import json
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import click
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from .. import errors
from ..contents import ContentsManager
from ..kernels.future import AnyMessage
from ..notebook import (
    CellReport,
    NotebookRun,
    injected_parameters,
    preload,
    run_notebook,
    write_notebook,
)
from ._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Connection,
    connect,
    fail,
    redact,
    run_async,
    server_options,
    stderr,
    stdout,
)
from .live import run_live

__all__ = ["run"]

_EXCERPT_LINES = 12


def parse_parameter(value: str) -> object:
    """A ``-p`` value: JSON when it parses, else the string itself."""
    try:
        parsed: object = json.loads(value)
    except ValueError:
        return value
    return parsed


@attrs.frozen
class _Job:
    """One notebook to run: where it comes from and where its result goes."""

    label: str
    local: Path | None = None
    server: str | None = None
    output: Path | str = ""


@attrs.frozen
class _Settings:
    kernel_name: str | None
    timeout: float | None
    allow_errors: bool
    parameters: dict[str, object]
    cwd: str | None
    log_output: bool
    several: bool


@attrs.define
class _Outcome:
    job: _Job
    run: NotebookRun | None = None
    error: str | None = None
    written: str | None = None


def _executed_name(name: str) -> str:
    stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else name
    return f"{stem}.executed.ipynb"


def _plan(
    notebooks: Sequence[Path],
    server_paths: Sequence[str],
    output: str | None,
    inplace: bool,
    output_dir: str | None,
) -> list[_Job]:
    if not notebooks and not server_paths:
        raise click.UsageError("give a NOTEBOOK, or a notebook on the server with --server-path")
    if sum((output is not None, inplace, output_dir is not None)) > 1:
        raise click.UsageError("-o/--output, --inplace and --output-dir exclude each other")
    count = len(notebooks) + len(server_paths)
    if output is not None and count > 1:
        raise click.UsageError("-o/--output takes one notebook; use --output-dir for several")
    if output_dir is not None and notebooks and server_paths:
        raise click.UsageError("--output-dir applies to local or to server notebooks, not both")
    jobs: list[_Job] = []
    for path in notebooks:
        target: Path
        if output is not None:
            target = Path(output)
        elif inplace:
            target = path
        elif output_dir is not None:
            target = Path(output_dir) / path.name
        else:
            target = path.with_name(_executed_name(path.name))
        jobs.append(_Job(label=str(path), local=path, output=target))
    for server_path in server_paths:
        where = server_path.strip("/")
        folder, name = posixpath.split(where)
        if output is not None:
            destination = output.strip("/")
        elif inplace:
            destination = where
        elif output_dir is not None:
            destination = posixpath.join(output_dir.strip("/"), name)
        else:
            destination = posixpath.join(folder, _executed_name(name))
        jobs.append(_Job(label=f"server:{where}", server=where, output=destination))
    outputs = [str(j.output.resolve()) if isinstance(j.output, Path) else j.output for j in jobs]
    if len(set(outputs)) != len(outputs):
        raise click.UsageError("two notebooks would be written to the same output")
    return jobs


class _Printer:
    """Prints a notebook's outputs line by line above the progress bars (--log-output)."""

    def __init__(self, console: Console, prefix: str) -> None:
        self._console = console
        self._prefix = prefix
        self._partial: dict[str, str] = {}

    def __call__(self, msg: AnyMessage) -> None:
        msg_type = msg["header"]["msg_type"]
        content = msg["content"]
        if msg_type == "stream":
            name = str(content.get("name", "stdout"))
            text = self._partial.pop(name, "") + str(content.get("text", ""))
            *lines, rest = text.split("\n")
            for line in lines:
                self._line(line, "red" if name == "stderr" else None)
            if rest:
                self._partial[name] = rest
        elif msg_type in ("execute_result", "display_data"):
            data = content.get("data")
            plain = _readable(data)
            if isinstance(plain, str):
                for line in plain.splitlines():
                    self._line(line, None)
            elif isinstance(data, dict) and data:
                self._line(f"[{', '.join(sorted(data))}]", "dim")
        elif msg_type == "error":
            traceback = content.get("traceback")
            if isinstance(traceback, list):
                rendered = Text.from_ansi("\n".join(str(t) for t in traceback))
                self._console.print(Text(self._prefix, style="dim") + rendered)

    def flush(self) -> None:
        for name, rest in sorted(self._partial.items()):
            self._line(rest, "red" if name == "stderr" else None)
        self._partial.clear()

    def _line(self, line: str, style: str | None) -> None:
        self._console.print(Text(self._prefix, style="dim") + Text(line, style=style or ""))


def _readable(data: object) -> str | None:
    """The text of an output's data for a terminal: Markdown, else plain text."""
    if not isinstance(data, dict):
        return None
    for mimetype in ("text/markdown", "text/plain"):
        value = data.get(mimetype)
        if isinstance(value, str):
            return value
    return None


class _Spinner(SpinnerColumn):
    """A spinner while the notebook runs; nothing once it is done (failed ones too)."""

    def render(self, task: Task) -> RenderableType:
        return Text("") if task.fields.get("done") else super().render(task)


def _first_line(source: str, width: int = 48) -> str:
    line = next((s for s in source.splitlines() if s.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


async def _run_job(
    job: _Job, conn: Connection, opts: _Settings, progress: Progress, task: TaskID
) -> _Outcome:
    printer = _Printer(progress.console, f"[{Path(job.label).name}] " if opts.several else "")

    def on_cell(report: CellReport) -> None:
        if report.status == "running":
            progress.update(
                task,
                total=report.total,
                cell=f"cell {report.number}: {_first_line(report.source)}",
            )
        else:
            printer.flush()
            progress.update(task, total=report.total, advance=1)

    on_output = printer if opts.log_output else None
    outcome = _Outcome(job)
    try:
        if job.local is not None:
            assert isinstance(job.output, Path)
            in_place = _served_path(job.local, conn) if opts.cwd is None else None
            run = await run_notebook(
                job.local,
                settings=conn.settings,
                kernel_name=opts.kernel_name,
                timeout=opts.timeout,
                allow_errors=opts.allow_errors,
                parameters=opts.parameters or None,
                cwd=opts.cwd,
                session_path=in_place,
                upload=in_place is None,
                on_cell=on_cell,
                on_output=on_output,
            )
            await asyncio.to_thread(write_notebook, run.notebook, job.output)
            outcome.written = str(job.output)
        else:
            assert job.server is not None
            assert isinstance(job.output, str)
            async with ContentsManager(conn.settings) as contents:
                nb = await contents.read_notebook(job.server)
                name = posixpath.basename(job.server)
                run = await run_notebook(
                    nb,
                    settings=conn.settings,
                    kernel_name=opts.kernel_name,
                    timeout=opts.timeout,
                    allow_errors=opts.allow_errors,
                    parameters=opts.parameters or None,
                    session_path=posixpath.join(opts.cwd, name) if opts.cwd else job.server,
                    on_cell=on_cell,
                    on_output=on_output,
                )
                await contents.write_notebook(job.output, run.notebook)
            outcome.written = f"server:{job.output}"
        outcome.run = run
    except (errors.NetworkError, errors.AuthenticationError):
        raise  # the server is gone for every notebook: exit 3
    except (errors.JupyterError, OSError, ValueError, TypeError) as exc:
        text = redact(str(exc)).strip()
        outcome.error = text.splitlines()[0] if text else type(exc).__name__
    finally:
        printer.flush()
    ok = outcome.run is not None and outcome.run.ok
    mark = "[green]✓[/]" if ok else "[red]✗[/]"
    progress.update(task, description=f"{mark} {escape(Path(job.label).name)}", cell="", done=True)
    progress.stop_task(task)
    return outcome


async def _check_parameters(plan: Sequence[_Job], conn: Connection, opts: _Settings) -> None:
    """Refuse (exit 2) before any notebook starts when the parameters cannot be written in
    a notebook's kernel language; a notebook that cannot be read reports that in its run."""
    for job in plan:
        try:
            if job.local is not None:
                source: Path | dict[str, object] = job.local
            else:
                assert job.server is not None
                async with ContentsManager(conn.settings) as contents:
                    source = dict(await contents.read_notebook(job.server))
            await injected_parameters(
                source, opts.parameters, settings=conn.settings, kernel_name=opts.kernel_name
            )
        except errors.UnsupportedLanguageError as exc:
            fail(f"{job.label}: {exc}", EXIT_USAGE)
        except (ValueError, TypeError) as exc:
            if isinstance(exc, errors.JupyterError):
                raise
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            if first.startswith("not a notebook"):
                continue
            fail(f"{job.label}: {first}", EXIT_USAGE)
        except (errors.NotFoundError, OSError):
            continue


def _served_path(local: Path, conn: Connection) -> str | None:
    """The notebook's path on the embedded server when it serves the notebook's folder."""
    if conn.root is None:
        return None
    try:
        relative = local.resolve().relative_to(conn.root.resolve())
    except ValueError:
        return None
    return relative.as_posix()


def _report_failure(console: Console, outcome: _Outcome) -> None:
    run = outcome.run
    name = outcome.job.label
    if run is None:
        console.print(Text(f"✗ {name}: {outcome.error}", style="bold red"))
        return
    cell = run.failed_cell
    if cell is None:
        return
    counter = f", In [{cell.execution_count}]" if cell.execution_count is not None else ""
    console.print()
    console.print(
        Text(
            f"✗ {name}: cell {cell.index + 1} (code cell {cell.number} of {cell.total}{counter}) "
            f"failed: {cell.message}",
            style="bold red",
        )
    )
    lines = cell.source.splitlines()
    excerpt = "\n".join(lines[:_EXCERPT_LINES])
    if excerpt:
        lexer = _lexer(run.notebook)
        console.print(Syntax(excerpt, lexer, line_numbers=True, theme="ansi_dark"))
        if len(lines) > _EXCERPT_LINES:
            console.print(Text(f"  … {len(lines) - _EXCERPT_LINES} more lines", style="dim"))
    if cell.traceback:
        console.print(Text.from_ansi("\n".join(cell.traceback)))
    if outcome.written:
        console.print(Text(f"the executed notebook is in {outcome.written}", style="dim"))


def _lexer(nb: Mapping[str, object]) -> str:
    """The Pygments lexer for the notebook's code (its language_info), Python by default."""
    meta = nb.get("metadata")
    info = meta.get("language_info") if isinstance(meta, dict) else None
    if isinstance(info, dict):
        for key in ("pygments_lexer", "name"):
            value = info.get(key)
            if isinstance(value, str) and value:
                return value
    return "python"


def _summary_line(outcome: _Outcome) -> Text:
    run = outcome.run
    assert run is not None
    ran = sum(1 for c in run.cells if c.status in ("ok", "error"))
    skipped = sum(1 for c in run.cells if c.status == "skipped")
    parts = f"{ran} cells ran" + (f", {skipped} skipped" if skipped else "")
    errors_allowed = len(run.errors)
    if errors_allowed and run.ok:
        parts += f", {errors_allowed} with errors (allowed)"
    return Text(f"✓ {outcome.job.label}: {parts} in {run.duration:.1f} s → {outcome.written}")


def _summary_table(outcomes: Sequence[_Outcome]) -> Table:
    table = Table("NOTEBOOK", "RESULT", "CELLS", "TIME", "OUTPUT / ERROR", box=None)
    for outcome in outcomes:
        run = outcome.run
        if run is None:
            table.add_row(outcome.job.label, Text("error", style="red"), "", "", outcome.error)
            continue
        ran = sum(1 for c in run.cells if c.status in ("ok", "error"))
        result = Text("ok", style="green") if run.ok else Text("failed", style="red")
        detail = outcome.written or ""
        if run.failed_cell is not None:
            cell = run.failed_cell
            detail = f"cell {cell.index + 1}: {cell.ename or cell.message}"
        table.add_row(
            outcome.job.label, result, f"{ran}/{len(run.cells)}", f"{run.duration:.1f} s", detail
        )
    return table


@click.command(short_help="Execute notebooks on the server, cell by cell.")
@click.argument("notebooks", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Where to write the executed notebook (one notebook): a local path, or a server "
    "path with --server-path. Default: <stem>.executed.ipynb beside the input.",
)
@click.option("--inplace", is_flag=True, help="Overwrite the input notebook(s).")
@click.option("--output-dir", metavar="DIR", help="Write the executed notebooks into DIR.")
@click.option("--kernel", "kernel_name", metavar="NAME", help="Kernelspec (default: notebook's).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="Seconds per cell; a slower cell is interrupted and fails the run.",
)
@click.option("--allow-errors", is_flag=True, help="Go on after a cell's error.")
@click.option(
    "-p",
    "--parameter",
    "parameters",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="A parameter for the injected-parameters cell; VALUE is JSON when it parses, "
    "else a string. Repeatable.",
)
@click.option(
    "--cwd",
    metavar="DIR",
    help="The server folder to run in (relative files resolve there).",
)
@click.option(
    "--server-path",
    "server_paths",
    multiple=True,
    metavar="PATH",
    help="Run the notebook at PATH on the server; the result is saved on the server. Repeatable.",
)
@click.option(
    "--live",
    is_flag=True,
    help="Run the --server-path notebooks inside their shared documents (needs "
    "jupyter-collaboration): whoever has them open watches the cells run; the server saves.",
)
@click.option("--log-output", is_flag=True, help="Print the cells' outputs as they come.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    metavar="N",
    help="Notebooks (kernels) running at once.",
)
@server_options
def run(
    notebooks: tuple[Path, ...],
    output: str | None,
    inplace: bool,
    output_dir: str | None,
    kernel_name: str | None,
    timeout: float | None,
    allow_errors: bool,
    parameters: tuple[tuple[str, str], ...],
    cwd: str | None,
    server_paths: tuple[str, ...],
    live: bool,
    log_output: bool,
    jobs: int,
    url: str | None,
    token: str | None,
) -> None:
    """Execute notebooks on a Jupyter Server, cell by cell, through a session.

    Exit status: 0 when every notebook ran to the end, 1 when a cell failed (the report
    names it; the executed notebook is still written), 3 when the server is unreachable.
    """
    if live:
        if notebooks or not server_paths:
            raise click.UsageError("--live runs notebooks on the server: give --server-path")
        if parameters or output or inplace or output_dir or kernel_name or cwd:
            raise click.UsageError(
                "--live runs the shared notebook as it is: no -p, -o, --inplace, "
                "--output-dir, --kernel or --cwd"
            )

        async def live_main() -> int:
            async with connect(url, token) as conn:
                return await run_live(
                    conn.settings,
                    server_paths,
                    timeout=timeout,
                    allow_errors=allow_errors,
                    log_output=log_output,
                )

        run_async(live_main)
    plan = _plan(notebooks, server_paths, output, inplace, output_dir)
    for name, _ in parameters:
        if not name.isidentifier():
            raise click.BadParameter(f"{name!r} is not a Python identifier", param_hint="'-p'")
    opts = _Settings(
        kernel_name=kernel_name,
        timeout=timeout,
        allow_errors=allow_errors,
        parameters={name: parse_parameter(value) for name, value in parameters},
        cwd=cwd.strip("/") if cwd else None,
        log_output=log_output,
        several=len(plan) > 1,
    )

    async def main() -> int:
        for job in plan:
            if isinstance(job.output, Path) and job.output.parent != Path():
                await asyncio.to_thread(job.output.parent.mkdir, parents=True, exist_ok=True)
        gate = asyncio.Semaphore(jobs)
        progress = Progress(
            _Spinner(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[cell]}", style="dim", markup=False),
            console=stdout,
        )
        # nbformat's first use costs about a second: pay it while the server starts.
        preloading = asyncio.ensure_future(asyncio.to_thread(preload))
        async with connect(url, token) as conn:
            await preloading
            if opts.parameters:
                await _check_parameters(plan, conn, opts)

            async def guarded(job: _Job, task: TaskID) -> _Outcome:
                async with gate:
                    return await _run_job(job, conn, opts, progress, task)

            with progress:
                tasks = [
                    progress.add_task(escape(Path(job.label).name), total=None, cell="", done=False)
                    for job in plan
                ]
                async with asyncio.TaskGroup() as group:
                    pending = [
                        group.create_task(guarded(job, task))
                        for job, task in zip(plan, tasks, strict=True)
                    ]
        outcomes = [p.result() for p in pending]
        failed = [o for o in outcomes if o.run is None or not o.run.ok]
        if opts.several:
            stdout.print(_summary_table(outcomes))
        elif not failed:
            stdout.print(_summary_line(outcomes[0]))
        for outcome in failed:
            _report_failure(stderr, outcome)
        return EXIT_FAILED if failed else EXIT_OK

    run_async(main)
