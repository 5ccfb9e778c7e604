"""Start-up: ``import jupyter_sdk`` leaves out what a caller may not use, and every lazy
name still resolves to the object its module defines (bench/extras.py times it)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import jupyter_sdk
import jupyter_sdk.models

# Loaded on first use only: the generated clients (models and operations), the notebook
# runner and what it needs (nbformat), the JupyterHub client, the local server, the
# sync facade, the command line (click; rich), live notebooks (pycrdt).
LAZY_MODULES = (
    "jupyter_server_rest",
    "jupyter_server_rest.models",
    "jupyter_server_rest.api",
    "jupyterlab_server_rest",
    "jupyter_sdk.notebook",
    "jupyter_sdk.hub",
    "jupyter_sdk.local",
    "jupyter_sdk.session_context",
    "jupyter_sdk.sync",
    "jupyter_sdk.cli",
    "nbformat",
    # Live notebooks: the shared-document model and the CRDT bindings.
    "jupyter_sdk.documents",
    "pycrdt",
    "jupyter_ydoc",
)


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(done.stdout))


def test_import_leaves_out_the_lazy_modules() -> None:
    loaded = _modules_after("import jupyter_sdk")
    assert "jupyter_sdk.service_manager" in loaded  # the core is there
    found = sorted(m for m in loaded if m.startswith(LAZY_MODULES))
    assert not found, f"import jupyter_sdk loaded {found}"
    # rich and click come with httpx's own command line when installed, not from us:
    # whatever jupyter_sdk adds beyond httpx, websockets and attrs holds neither.
    deps = _modules_after("import httpx, websockets, attrs")
    added = {m.split(".")[0] for m in loaded - deps}
    assert not added & {"rich", "click", "nbformat", "pygments"}, added


def test_first_use_loads_them() -> None:
    loaded = _modules_after(
        "import jupyter_sdk\njupyter_sdk.run_notebook\njupyter_sdk.models.Kernel\n"
        "from jupyter_sdk import HubClient, LocalServer"
    )
    assert {
        "jupyter_sdk.notebook",
        "jupyter_server_rest.models",
        "jupyter_sdk.hub",
        "jupyter_sdk.local",
    } <= loaded


def test_lazy_names_are_their_modules_objects() -> None:
    lazy: dict[str, str] = jupyter_sdk._LAZY
    assert set(lazy) <= set(jupyter_sdk.__all__)
    for name, module in lazy.items():
        assert getattr(jupyter_sdk, name) is getattr(
            importlib.import_module(f"jupyter_sdk.{module}"), name
        )
    assert set(jupyter_sdk.__all__) <= set(dir(jupyter_sdk))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        jupyter_sdk.not_a_name  # type: ignore[attr-defined]  # noqa: B018


def test_lazy_models_are_the_generated_ones() -> None:
    import jupyter_server_rest.models as generated
    import jupyter_server_rest.types as types

    assert jupyter_sdk.models.Kernel is generated.Kernel
    assert jupyter_sdk.models.UNSET is types.UNSET
    for name in jupyter_sdk.models.__all__:
        assert getattr(jupyter_sdk.models, name) is not None
    with pytest.raises(AttributeError):
        jupyter_sdk.models.NotAModel  # type: ignore[attr-defined]  # noqa: B018


def test_lazy_submodules_stay_attributes() -> None:
    """``import jupyter_sdk`` then ``jupyter_sdk.local...`` works as when it was eager."""
    loaded = _modules_after(
        "import jupyter_sdk\nassert jupyter_sdk.local.free_port() > 0\n"
        "assert jupyter_sdk.notebook.run_notebook is jupyter_sdk.run_notebook\n"
        "assert jupyter_sdk.models.Kernel.__name__ == 'Kernel'"
    )
    assert "jupyter_sdk.local" in loaded
