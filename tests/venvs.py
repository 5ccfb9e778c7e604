"""Venvs for the servers the tests run that cannot share the project's venv.

Each venv is built from one pinned requirements file (``requirements/<name>.txt``, every
package pinned) under ``~/.cache/jupyter-sdk-tests/<name>-<hash>``, keyed by the file's
hash and the Python version, and reused while both are unchanged. A lock file makes
concurrent runs on one machine build it once. :func:`build_all` builds several at once
(pip mostly waits on downloads and unpacking, so threads are enough).

Used by the test fixtures (Enterprise Gateway in ``tests/scale``, the server matrix in
``tests/compat``) and by ``./codegen.sh --check`` (its per-server report), also as a
script: ``python tests/venvs.py NAME...`` builds the named venvs and prints
``NAME PYTHON`` for each. Standard library only.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"

# What each venv must import once built (a failed import means a broken install).
CHECKS: Mapping[str, str] = {
    "enterprise-gateway": "import enterprise_gateway, ipykernel",
    "server-1.24": "import jupyter_server, ipykernel",
    "server-2.0": "import jupyter_server, ipykernel",
    "server-2.14": "import jupyter_server, ipykernel",
    "notebook-6.5": "import notebook, ipykernel",
}


class VenvError(RuntimeError):
    """A venv could not be built (the message holds the end of pip's output)."""


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/jupyter-sdk-tests`` (``~/.cache/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jupyter-sdk-tests"


def _run(argv: list[str], what: str, timeout: float) -> None:
    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VenvError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        raise VenvError(f"{what} failed with code {done.returncode}:\n{output[-3000:]}")


def venv_python(name: str) -> Path:
    """The Python of the venv ``name`` (``requirements/<name>.txt``), built if needed."""
    requirements = REQUIREMENTS / f"{name}.txt"
    version = f"{sys.implementation.name}-{sys.version_info.major}.{sys.version_info.minor}"
    digest = hashlib.sha256(requirements.read_bytes() + version.encode()).hexdigest()
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    # The Enterprise Gateway venv keeps the name it had before the matrix came.
    prefix = "eg" if name == "enterprise-gateway" else name
    venv = cache / f"{prefix}-{digest[:16]}"
    marker = venv / "requirements.sha256"
    python = venv / "bin" / "python"
    with (cache / f"{prefix}-{digest[:16]}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run on this machine may be building it
        if marker.exists() and marker.read_text().strip() == digest and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)], f"python -m venv ({name})", 120)
        _run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                "-r",
                str(requirements),
            ],
            f"pip install -r {requirements.relative_to(ROOT)}",
            900,
        )
        _run([str(python), "-c", CHECKS.get(name, "pass")], f"the {name} venv check", 60)
        marker.write_text(digest + "\n")
    return python


def build_all(names: Iterable[str]) -> dict[str, Path | VenvError]:
    """Build (or find) several venvs at once; a failure is returned, not raised."""
    names = list(names)

    def one(name: str) -> Path | VenvError:
        try:
            return venv_python(name)
        except VenvError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:
        return dict(zip(names, pool.map(one, names), strict=True))


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tests/venvs.py NAME... (requirements/NAME.txt)", file=sys.stderr)
        return 2
    failed = 0
    for name, result in build_all(argv).items():
        if isinstance(result, VenvError):
            print(f"venvs: {name}: {result}", file=sys.stderr)
            failed = 1
        else:
            print(name, result)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
