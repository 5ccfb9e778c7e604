"""Blocking twin of :func:`jupyter_sdk.local_server`."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence

from ..local import LocalServer
from ..settings import ServerSettings

__all__ = ["local_server"]


@contextlib.contextmanager
def local_server(
    root_dir: str | os.PathLike[str] | None = None,
    *,
    base_url: str = "/",
    kernel_names: Sequence[str] | None = None,
    isolate: bool = False,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 60.0,
    port: int = 0,
    certfile: str | os.PathLike[str] | None = None,
    keyfile: str | os.PathLike[str] | None = None,
    server_extensions: Mapping[str, bool] | None = None,
) -> Iterator[ServerSettings]:
    """Run a Jupyter Server on 127.0.0.1 for the duration of a ``with`` block."""
    server = LocalServer(
        root_dir,
        base_url=base_url,
        kernel_names=kernel_names,
        isolate=isolate,
        extra_args=extra_args,
        env=env,
        startup_timeout=startup_timeout,
        port=port,
        certfile=certfile,
        keyfile=keyfile,
        server_extensions=server_extensions,
    )
    with server as settings:
        yield settings
