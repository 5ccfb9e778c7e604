"""Blocking twins of :func:`jupyter_sdk.notebook.run_notebook` and ``run_notebooks``.

The runs happen on the SDK's background event loop; the callbacks (``on_cell``,
``on_output``) are called on that loop's thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from .. import notebook as _nb
from ..kernels.future import AnyMessage
from ..notebook import CellReport, NotebookRun, NotebookSource
from ..settings import ServerSettings
from ._portal import call

__all__ = ["CellReport", "NotebookRun", "injected_parameters", "run_notebook", "run_notebooks"]


def run_notebook(
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
    """Execute a notebook on the server through a session (see the async twin)."""
    return call(
        _nb.run_notebook,
        nb_or_path,
        settings=settings,
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


def injected_parameters(
    nb_or_path: NotebookSource,
    parameters: Mapping[str, object],
    *,
    settings: ServerSettings,
    kernel_name: str | None = None,
) -> str | None:
    """The code :func:`run_notebook` would inject, starting nothing (see the async twin)."""
    return call(
        _nb.injected_parameters,
        nb_or_path,
        parameters,
        settings=settings,
        kernel_name=kernel_name,
    )


def run_notebooks(
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
    """Run several notebooks concurrently, at most ``jobs`` at a time (see the async twin)."""
    return call(
        _nb.run_notebooks,
        sources,
        settings=settings,
        jobs=jobs,
        output_dir=output_dir,
        kernel_name=kernel_name,
        timeout=timeout,
        allow_errors=allow_errors,
        parameters=parameters,
        cwd=cwd,
        upload=upload,
        on_cell=on_cell,
        on_output=on_output,
        log_output=log_output,
    )
