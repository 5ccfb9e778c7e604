"""Node packages for the tests and benchmarks, installed by ``npm ci`` into a cache.

:func:`npm_modules` installs a folder's ``package-lock.json`` (every version pinned) under
``~/.cache/jupyter-sdk-tests/npm-<name>-<hash>/``, keyed on ``package.json`` and the lock
file, and reuses it while neither changes, so a CI run with that folder cached pays for
``npm ci`` only when the pins move. A file lock makes concurrent runs on one machine wait
for the one that installs. With ``link=True`` the folder gets a ``node_modules`` symlink to
the cached copy (git-ignored), so its ES modules resolve their imports through it.

Used by ``tests/scale`` (JupyterHub's ``configurable-http-proxy``), ``tests/live`` (the
JupyterLab-like Node peer) and ``bench/live.py``. Errors are :class:`NpmError`; test
fixtures turn them into failures (nothing here skips).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from venvs import cache_dir  # one cache folder for venvs and npm installs

__all__ = ["NpmError", "cache_dir", "npm_modules"]


class NpmError(RuntimeError):
    """npm is missing or ``npm ci`` failed."""


def npm_modules(project: Path, *, link: bool = False, timeout: float = 300.0) -> Path:
    """The ``node_modules`` folder for ``project`` (holding package.json and its lock).

    Args:
        project: The folder with ``package.json`` and ``package-lock.json``.
        link: Also point ``project/node_modules`` at the cached copy (a symlink).
        timeout: Seconds ``npm ci`` may take.

    Raises:
        NpmError: npm is not installed, or the install failed.
    """
    files = [project / "package.json", project / "package-lock.json"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]
    name = json.loads(files[0].read_text())["name"]
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"npm-{name}-{digest}"
    modules = target / "node_modules"
    marker = target / "installed.sha256"
    with (cache / f"npm-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run on this machine may be installing
        if not (marker.exists() and marker.read_text().strip() == digest and modules.is_dir()):
            _install(files, target, timeout)
            marker.write_text(digest + "\n")
        if link:
            _link(project / "node_modules", modules)
    return modules


def _install(files: list[Path], target: Path, timeout: float) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise NpmError(f"npm is needed to install the Node packages of {files[0].parent}")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for file in files:
        shutil.copyfile(file, target / file.name)
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NpmError(f"npm ci for {files[0].parent} failed: {exc}") from exc
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        raise NpmError(
            f"npm ci for {files[0].parent} failed with code {done.returncode}:\n{output[-3000:]}"
        )


def _link(path: Path, modules: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_symlink() and Path(os.readlink(path)) == modules:
            return
    if path.exists() and not path.is_symlink():
        shutil.rmtree(path)  # an in-place install from before the cache
    temporary = path.with_name(f".node_modules-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(modules, target_is_directory=True)
    temporary.replace(path)  # atomic: a concurrent reader sees the old or the new link
