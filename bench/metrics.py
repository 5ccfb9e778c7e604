"""The metrics: each an async function ``(row, params) -> list[float]`` of samples.

Samples are in a base unit (seconds, or executes per second for ``throughput``); a
:class:`Metric` says how to show them and which row is the floor for its ratios.
Rows with an async ``measure(metric, params)`` (the ``js`` row) run the metric themselves
with the same ``params``.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["CPU_SEQ", "METRICS", "Metric", "params_for", "uses"]

Params = dict[str, Any]
Sampler = Callable[[Any, Params], Awaitable[list[float]]]

CODE = "x=1"


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    unit: str
    scale: float  # base unit -> display unit
    higher_is_better: bool
    floor: str  # the row the "vs floor" ratio divides by
    needs: str  # the row attribute the harness-side implementation calls
    run: Sampler | None
    ops: Callable[[Params], int] | None = None  # executes per call (for CPU per execute)


def _caller(fn: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """An async wrapper that awaits ``fn``'s result only if it is awaitable."""
    if inspect.iscoroutinefunction(fn):
        return fn  # type: ignore[no-any-return]

    async def call(*args: Any) -> Any:
        result = fn(*args)
        if inspect.isawaitable(result):
            result = await result
        return result

    return call


async def latency(row: Any, params: Params) -> list[float]:
    """Sequential ``execute(code)`` round trips (reply + idle): ``warmup`` then ``n`` timed."""
    execute, code = _caller(row.execute), params["code"]
    for _ in range(params["warmup"]):
        await execute(code)
    samples = []
    clock = time.perf_counter
    for _ in range(params["n"]):
        t0 = clock()
        await execute(code)
        samples.append(clock() - t0)
    return samples


async def throughput(row: Any, params: Params) -> list[float]:
    """``n`` executes sent at once (pipelined): executes per second until the last idle."""
    execute_many, n = _caller(row.execute_many), params["n"]
    codes = [params["code"]] * n
    t0 = time.perf_counter()
    await execute_many(codes)
    return [n / (time.perf_counter() - t0)]


async def stream(row: Any, params: Params) -> list[float]:
    """Seconds until idle for a cell printing ``lines`` lines."""
    execute = _caller(row.execute)
    t0 = time.perf_counter()
    await execute(f"for i in range({params['lines']}): print(i)")
    return [time.perf_counter() - t0]


async def rest(row: Any, params: Params) -> list[float]:
    """``GET path`` latency: ``warmup`` untimed then ``n`` timed requests, one at a time."""
    get, path = _caller(row.rest_get), params["path"]
    for _ in range(params["warmup"]):
        await get(path)
    samples = []
    clock = time.perf_counter
    for _ in range(params["n"]):
        t0 = clock()
        await get(path)
        samples.append(clock() - t0)
    return samples


async def cpu(row: Any, params: Params) -> list[float]:
    """Client CPU seconds (``time.process_time``) per execute over ``n`` pipelined executes."""
    execute_many, n = _caller(row.execute_many), params["n"]
    codes = [params["code"]] * n
    c0 = time.process_time()
    await execute_many(codes)
    return [(time.process_time() - c0) / n]


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "latency",
            'execute("x=1") latency, reply+idle',
            "ms",
            1e3,
            False,
            "zmq",
            "execute",
            latency,
            ops=lambda p: p["warmup"] + p["n"],
        ),
        Metric(
            "throughput",
            "pipelined execute throughput",
            "exec/s",
            1.0,
            True,
            "zmq",
            "execute_many",
            throughput,
        ),
        Metric(
            "stream",
            "streamed print loop, time to idle",
            "ms",
            1e3,
            False,
            "zmq",
            "execute",
            stream,
        ),
        Metric("rest", "REST GET /api/kernels latency", "ms", 1e3, False, "raw", "rest_get", rest),
        Metric(
            "cpu", "client CPU per pipelined execute", "µs", 1e6, False, "raw", "execute_many", cpu
        ),
    )
}

#: Derived from ``latency``: client CPU during the sequential loop, per execute.
CPU_SEQ = Metric(
    "cpu_seq", "client CPU per sequential execute", "µs", 1e6, False, "raw", "execute", None
)


def params_for(key: str, *, quick: bool) -> Params:
    """The parameters of one metric for a full or a ``--quick`` run."""
    if key == "latency":
        n = 50 if quick else 200
        return {"warmup": n, "n": n, "code": CODE}
    if key == "throughput":
        return {"n": 200 if quick else 1000, "code": CODE}
    if key == "stream":
        return {"lines": 5000 if quick else 20000}
    if key == "rest":
        return {"n": 200 if quick else 500, "warmup": 10, "path": "/api/kernels"}
    if key == "cpu":
        return {"n": 200 if quick else 1000, "code": CODE}
    raise KeyError(key)


def uses(row: Any, metric: Metric) -> bool:
    """Whether ``row`` takes part in ``metric``."""
    allowed = getattr(row, "metrics", None)
    if allowed is not None and metric.key not in allowed:
        return False
    if getattr(row, "measure", None) is not None:
        return True
    if metric.key == "cpu" and not getattr(row, "in_process", True):
        return False
    return getattr(row, metric.needs, None) is not None
