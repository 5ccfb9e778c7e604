"""The servers of the compatibility matrix, and how to run one from its venv.

Used by the matrix tests (``tests/compat``) and by ``./codegen.sh --check``'s per-server
report (``openapi/server_report.py``). Venvs come from ``tests/venvs.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import attrs

from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer, kernel_provisioner_args

__all__ = ["MATRIX", "Flavour", "MatrixServer"]


@attrs.frozen
class Flavour:
    """One server of the matrix and what it is expected to offer."""

    name: str
    venv: str | None  # requirements/<venv>.txt; None: the project's own venv
    version: str  # the version GET /api reports (a prefix)
    backend: str
    notebook: bool = False  # the classic notebook server (python -m notebook)

    @property
    def events(self) -> bool:
        return self.backend == "jupyter_server" and not self.version.startswith("1.")

    @property
    def identity(self) -> bool:
        return self.events  # /api/me came with 2.0, like the event bus

    @property
    def updatable_fields(self) -> bool:
        return self.name == "server-2.21"

    @property
    def hashes(self) -> bool:
        return self.name in ("server-2.14", "server-2.21")  # hash=1 since 2.11


MATRIX = [
    Flavour("server-1.24", "server-1.24", "1.24.", "jupyter_server"),
    Flavour("server-2.0", "server-2.0", "2.0.", "jupyter_server"),
    Flavour("server-2.14", "server-2.14", "2.14.", "jupyter_server"),
    Flavour("server-2.21", None, "2.21.", "jupyter_server"),
    Flavour("notebook-6.5", "notebook-6.5", "6.5.", "notebook", notebook=True),
]


class MatrixServer(LocalServer):
    """A :class:`LocalServer` run by another Python (a matrix venv's)."""

    def __init__(self, flavour: Flavour, python: Path) -> None:
        bin_dir = str(python.parent)
        # Kernels run `python` from the venv's kernelspec: the venv's, first on PATH.
        path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        # The project's own venv has JupyterLab and collaboration installed: off, as the
        # suite's other servers (the matrix compares Jupyter Server itself).
        own = flavour.venv is None
        super().__init__(
            isolate=True,
            env={"PATH": path},
            server_extensions=WITHOUT_JUPYTERLAB if own else None,
            collaborative=False if own else None,
        )
        self.flavour = flavour
        self.python = python

    def _command(self) -> list[str]:
        argv = super()._command()
        assert argv[:3] == [sys.executable, "-m", "jupyter_server"], argv
        if self.flavour.venv is not None:
            # A venv of its own lacks the SDK, so its kernel provisioner: the stock one.
            stock = kernel_provisioner_args()
            argv = [a for a in argv if a not in stock]
        if not self.flavour.notebook:
            return [str(self.python), "-m", "jupyter_server", *argv[3:]]
        options = [a.replace("--ServerApp.", "--NotebookApp.") for a in argv[3:]]
        options = [a.replace("NotebookApp.root_dir=", "NotebookApp.notebook_dir=") for a in options]
        return [str(self.python), "-m", "notebook", *options]
