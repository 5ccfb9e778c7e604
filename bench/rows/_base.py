"""The row interface: one client implementation measured by the harness.

A row module (``bench/rows/<anything>.py``, not starting with ``_``) exposes ``Row``: a
class (or any zero-argument callable) whose instances have

``name: str``
    The label in the table (a class attribute, so the harness can filter ``--rows``
    without instantiating it).
``async setup(base_url: str, token: str) -> None``
    Connect to the server at ``base_url`` (``http://127.0.0.1:PORT``, no trailing
    slash) with ``token``; start a kernel (``python3``) and wait until it answers.
``async execute(code: str) -> None``
    Run ``code`` and return once both the ``execute_reply`` and the ``idle`` status
    for that request have arrived.
``async execute_many(codes: Sequence[str]) -> None``
    Send all of ``codes`` at once (pipelined) and return once every reply and idle
    status has arrived.
``async teardown() -> None``
    Shut the kernel down and close connections (called even after errors).

and optionally

``rest_get(path: str)``
    ``GET path`` (e.g. ``/api/kernels``) on the server and read/parse the body; may be
    ``async def`` or plain ``def`` (a blocking client is timed without an event-loop
    hop). Rows without it are left out of the REST metric.
``metrics: frozenset[str] | None``
    Restrict the row to these metric keys (see ``bench/metrics.py``); None: every
    metric the row has methods for.
``order: int``
    Sort key in the table (floors first; default 50).
``measure(metric: str, params: dict)``
    ``async``; run a whole metric in-house (e.g. in another process) and return its
    samples in the metric's base unit: a ``list[float]``, or ``{"samples": [...],
    "cpu": <client CPU seconds>}``; ``None`` falls back to the harness's own
    implementation. Used by the ``js`` row; most rows leave it out.
``in_process: bool``
    True (the default) if the client runs in the harness process, so that
    ``time.process_time()`` measures its CPU (the ``cpu`` metric).

Methods may be plain ``def`` instead of ``async def``; the harness awaits what returns
an awaitable. :class:`BaseRow` gives the defaults; subclassing it is optional.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

__all__ = ["BaseRow", "RowLike"]


@runtime_checkable
class RowLike(Protocol):
    """What the harness needs of a row (see the module docstring)."""

    name: str

    async def setup(self, base_url: str, token: str) -> None: ...

    async def teardown(self) -> None: ...


class BaseRow:
    """Defaults for a row; override what the client supports."""

    name: ClassVar[str] = ""
    metrics: ClassVar[frozenset[str] | None] = None
    order: ClassVar[int] = 50
    in_process: ClassVar[bool] = True

    async def setup(self, base_url: str, token: str) -> None:
        """Connect and start a kernel."""

    async def execute(self, code: str) -> None:
        raise NotImplementedError(f"{self.name} cannot execute code")

    async def execute_many(self, codes: Sequence[str]) -> None:
        raise NotImplementedError(f"{self.name} cannot pipeline executes")

    async def teardown(self) -> None:
        """Shut the kernel down and close connections."""

    def __repr__(self) -> str:
        return f"<row {self.name}>"

    # ``rest_get`` and ``measure`` are optional: define them in a subclass.
    rest_get: Any = None
    measure: Any = None
