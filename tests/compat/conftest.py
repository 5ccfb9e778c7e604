"""The server matrix: one smoke suite of the public API against each supported server.

Each server runs from its own venv, built by ``tests/venvs.py`` from a pinned
``requirements/<name>.txt`` and cached in ``~/.cache/jupyter-sdk-tests`` (all of them at
once, in parallel, right after collection when a matrix test is selected). The newest Jupyter Server
is the project's own (``constraints/dev.txt``), so it needs no venv of its own. Servers
start as :class:`~jupyter_sdk.local.LocalServer` starts them (127.0.0.1, a free port,
the token in the environment, private HOME and Jupyter folders, stopped by PID with
everything they started); only the command differs. The classic notebook server is
``python -m notebook`` with ``NotebookApp`` options.

``pytest -m "not matrix"`` skips the matrix for a quick loop; ``./test.sh`` runs it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import venvs  # tests/venvs.py
from matrix import MATRIX, Flavour, MatrixServer  # tests/matrix.py

from jupyter_sdk import ServerSettings
from jupyter_sdk.local import alive

__all__ = ["Flavour", "MatrixServer"]


_built: dict[str, Path | venvs.VenvError] = {}


def pytest_collection_finish(session: pytest.Session) -> None:
    """Build the matrix venvs before the first test when any matrix test will run: a
    first build takes minutes, which must not count against a test's timeout."""
    if any(item.get_closest_marker("matrix") for item in session.items):
        _built.update(venvs.build_all(f.venv for f in MATRIX if f.venv is not None))


@pytest.fixture(scope="session")
def matrix_pythons() -> dict[str, Path]:
    """Every matrix venv (built in parallel after collection; see above)."""
    names = [f.venv for f in MATRIX if f.venv is not None]
    if not all(name in _built for name in names):
        _built.update(venvs.build_all(names))
    built = {name: _built[name] for name in names}
    failed = {name: str(result) for name, result in built.items() if not isinstance(result, Path)}
    if failed:
        pytest.fail("\n".join(f"{name}: {error}" for name, error in failed.items()))
    return {name: result for name, result in built.items() if isinstance(result, Path)}


@pytest.fixture(scope="session", params=MATRIX, ids=[f.name for f in MATRIX])
def matrix_server(
    request: pytest.FixtureRequest, matrix_pythons: dict[str, Path]
) -> Iterator[MatrixServer]:
    """Each server of the matrix in turn (one at a time: the next starts when the
    previous one's tests are done)."""
    flavour: Flavour = request.param
    python = Path(sys.executable) if flavour.venv is None else matrix_pythons[flavour.venv]
    server = MatrixServer(flavour, python)
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        leftover = [pid for pid in children if alive(pid)]
        assert not leftover, f"{flavour.name}: processes left behind: {leftover}"


@pytest.fixture
def flavour(matrix_server: MatrixServer) -> Flavour:
    return matrix_server.flavour


@pytest.fixture
def msettings(matrix_server: MatrixServer) -> ServerSettings:
    return matrix_server.settings
