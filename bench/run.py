"""Kernel round-trip benchmark: several clients side by side against one fresh server.

Usage::

    python bench/run.py [--quick] [--nagle stock|nodelay|both] [--rows raw,js,...]
                        [--metrics latency,...] [--rounds N] [--timeout S] [--out FILE]
    python bench/run.py --list

Starts one Jupyter Server per Nagle mode, sets up every selected row (``bench/rows/``),
then runs the metrics (``bench/metrics.py``) in rounds, rows interleaved and rotated each
round, prints a markdown table per mode to stdout (progress goes to stderr) and writes
every sample to ``bench/results/<UTC timestamp>.json``. A row's failure is shown in the
table as ``error: ...`` and does not stop the run. See ``bench/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import atexit  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import importlib.metadata  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any  # noqa: E402

from bench.metrics import CPU_SEQ, METRICS, Metric, params_for, uses  # noqa: E402
from bench.report import Cell, cell_summary, markdown_table  # noqa: E402
from bench.rows import RowSpec, discover  # noqa: E402
from bench.rows.zmq_direct import WORKDIR_ENV  # noqa: E402
from bench.server import (  # noqa: E402
    BenchServer,
    kill_processes_mentioning,
    make_workdir,
    remove_workdir,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
NAGLE_MODES = {"stock": ["stock"], "nodelay": ["nodelay"], "both": ["stock", "nodelay"]}
SETUP_TIMEOUT = 120.0
TEARDOWN_TIMEOUT = 30.0

_live_servers: set[BenchServer] = set()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    detail = f": {text[0]}" if text else ""
    return f"{type(exc).__name__}{detail}"


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


# --------------------------------------------------------------------------- one measurement


async def measure_once(
    row: Any, metric: Metric, params: dict[str, Any], timeout: float
) -> tuple[list[float], float | None]:
    """Run ``metric`` once on ``row``: its samples and the client CPU seconds it used."""
    measure = getattr(row, "measure", None)
    if measure is not None:
        out = await asyncio.wait_for(_maybe_await(measure(metric.key, params)), timeout)
        if isinstance(out, dict):
            cpu = out.get("cpu")
            return [float(s) for s in out["samples"]], None if cpu is None else float(cpu)
        if out is not None:
            return [float(s) for s in out], None
    assert metric.run is not None
    c0 = time.process_time()
    samples = await asyncio.wait_for(metric.run(row, params), timeout)
    cpu = time.process_time() - c0 if getattr(row, "in_process", True) else None
    return samples, cpu


# --------------------------------------------------------------------------- one Nagle mode


async def run_mode(
    mode: str,
    specs: Sequence[RowSpec],
    metrics: Sequence[Metric],
    *,
    quick: bool,
    rounds: int,
    timeout: float,
    workdir: Path,
) -> dict[str, Any]:
    """One server, every row, every round: the results of one Nagle mode."""
    run: dict[str, Any] = {"nagle": mode, "rows": {}, "metrics": {}}
    results: dict[str, dict[str, Cell]] = {m.key: {} for m in [*metrics, CPU_SEQ]}
    params = {m.key: params_for(m.key, quick=quick) for m in metrics}
    server = BenchServer(workdir / f"server-{mode}", nodelay=mode == "nodelay")
    _live_servers.add(server)
    rows: dict[str, Any] = {}
    active: dict[str, list[Metric]] = {}
    broken: dict[str, str] = {}
    try:
        log(f"== nagle={mode}: starting jupyter server{' (TCP_NODELAY)' if server.nodelay else ''}")
        t0 = time.perf_counter()
        await asyncio.to_thread(server.start)
        run["server"] = {"nodelay": server.nodelay, "start_s": time.perf_counter() - t0}
        log(f"   server up at {server.base_url} in {time.perf_counter() - t0:.1f} s")

        for spec in specs:
            row: Any = None
            try:
                row = spec.factory()
            except Exception as exc:
                broken[spec.name] = f"init: {_error(exc)}"
            metrics_of_row = [m for m in metrics if row is None or uses(row, m)]
            for m in metrics_of_row:
                results[m.key][spec.name] = Cell()
            if any(m.ops for m in metrics_of_row):
                results[CPU_SEQ.key][spec.name] = Cell()
            run["rows"][spec.name] = {"module": spec.module}
            if row is None:
                continue
            log(f"   setup {spec.name}")
            t0 = time.perf_counter()
            try:
                await asyncio.wait_for(
                    _maybe_await(row.setup(server.base_url, server.token)), SETUP_TIMEOUT
                )
            except Exception as exc:
                broken[spec.name] = f"setup: {_error(exc)}"
                log(f"   setup {spec.name} failed: {_error(exc)}")
                await _teardown(spec.name, row)
                continue
            run["rows"][spec.name]["setup_s"] = time.perf_counter() - t0
            if versions := getattr(row, "versions", None):
                run["rows"][spec.name]["versions"] = versions
            rows[spec.name] = row
            active[spec.name] = metrics_of_row

        for name, reason in broken.items():
            for cells in results.values():
                if name in cells:
                    cells[name].errors.append(reason)

        names = list(rows)
        for index in range(rounds):
            shift = index % len(names) if names else 0
            order = names[shift:] + names[:shift]
            for metric in metrics:
                for name in order:
                    if metric not in active[name]:
                        continue
                    cell = results[metric.key][name]
                    if name in broken:
                        cell.errors.append(f"skipped: {broken[name]}")
                        continue
                    await _measure_cell(
                        name,
                        rows[name],
                        metric,
                        params[metric.key],
                        cell,
                        results,
                        timeout,
                        broken,
                        tag=f"[{mode} {index + 1}/{rounds}]",
                    )
    finally:
        for name, row in rows.items():
            await _teardown(name, row)
        await asyncio.to_thread(server.stop)
        _live_servers.discard(server)

    shown = [*metrics, CPU_SEQ] if any(m.ops for m in metrics) else list(metrics)
    order = [spec.name for spec in specs]
    run["table"] = markdown_table(shown, results, order)
    for metric in shown:
        cells = results[metric.key]
        floor, js = cells.get(metric.floor), cells.get("js")
        run["metrics"][metric.key] = {
            "title": metric.title,
            "unit": metric.unit,
            "scale": metric.scale,
            "higher_is_better": metric.higher_is_better,
            "floor": metric.floor,
            "params": params.get(metric.key, {"derived_from": "latency"}),
            "rows": {
                name: {
                    **cell_summary(metric, cell, floor, js),
                    "rounds": cell.rounds,
                    "cpu_s": cell.cpu,
                }
                for name, cell in cells.items()
            },
        }
    return run


async def _measure_cell(
    name: str,
    row: Any,
    metric: Metric,
    params: dict[str, Any],
    cell: Cell,
    results: dict[str, dict[str, Cell]],
    timeout: float,
    broken: dict[str, str],
    *,
    tag: str,
) -> None:
    t0 = time.perf_counter()
    try:
        samples, cpu = await measure_once(row, metric, params, timeout)
    except TimeoutError:
        cell.errors.append(f"timeout after {timeout:.0f} s")
        if metric.ops and name in results[CPU_SEQ.key]:
            results[CPU_SEQ.key][name].errors.append(f"{metric.key}: timeout")
        broken[name] = f"{metric.key} timed out"
        log(f"{tag} {metric.key:<10} {name:<14} timed out; skipping the row from now on")
        return
    except Exception as exc:
        cell.errors.append(_error(exc))
        if metric.ops and name in results[CPU_SEQ.key]:
            results[CPU_SEQ.key][name].errors.append(f"{metric.key}: {_error(exc)}")
        log(f"{tag} {metric.key:<10} {name:<14} error: {_error(exc)}")
        return
    if not samples:
        cell.errors.append("no samples")
        return
    cell.rounds.append(samples)
    if cpu is not None:
        cell.cpu.append(cpu)
        if metric.ops and name in results[CPU_SEQ.key]:
            results[CPU_SEQ.key][name].rounds.append([cpu / metric.ops(params)])
    median = sorted(samples)[len(samples) // 2] * metric.scale
    log(
        f"{tag} {metric.key:<10} {name:<14} median {median:10.3f} {metric.unit:<6} "
        f"({len(samples)} samples, {time.perf_counter() - t0:.1f} s)"
    )


async def _teardown(name: str, row: Any) -> None:
    try:
        await asyncio.wait_for(_maybe_await(row.teardown()), TEARDOWN_TIMEOUT)
    except Exception as exc:
        log(f"   teardown {name} failed: {_error(exc)}")


# --------------------------------------------------------------------------- machine info


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {},
    }
    for dist in (
        "jupyter_server",
        "ipykernel",
        "jupyter_client",
        "tornado",
        "pyzmq",
        "websockets",
        "httpx",
        "jupyter-server-sdk",
    ):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            info["packages"][dist] = importlib.metadata.version(dist)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=10)
        info["node"] = node.stdout.strip()
    services = Path(__file__).resolve().parent / "node_modules/@jupyterlab/services/package.json"
    with contextlib.suppress(OSError, ValueError):
        info["packages"]["@jupyterlab/services"] = json.loads(services.read_text())["version"]
    return info


def describe(info: dict[str, Any]) -> str:
    packages = info["packages"]
    parts = [
        f"{info['nproc']} CPUs {info['machine']}",
        f"Python {info['python']}",
        f"jupyter_server {packages.get('jupyter_server', '?')}",
        f"ipykernel {packages.get('ipykernel', '?')}",
        f"Node {info.get('node', '?')}",
        f"@jupyterlab/services {packages.get('@jupyterlab/services', '?')}",
    ]
    return ", ".join(parts)


# --------------------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts, 1 round (< 2 min)")
    parser.add_argument("--nagle", choices=list(NAGLE_MODES), default="stock")
    parser.add_argument("--rows", help="comma-separated row names (default: all)")
    parser.add_argument("--metrics", help=f"comma-separated subset of {','.join(METRICS)}")
    parser.add_argument("--rounds", type=int, help="rounds (default 3; --quick: 1)")
    parser.add_argument("--timeout", type=float, help="seconds per measurement (default 300/60)")
    parser.add_argument("--out", type=Path, help="JSON output (default bench/results/<ts>.json)")
    parser.add_argument("--list", action="store_true", help="list rows and metrics, then exit")
    return parser.parse_args(argv)


def _select(kind: str, wanted: str | None, available: Sequence[str]) -> list[str]:
    if not wanted:
        return list(available)
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in names if name not in available]
    if unknown:
        raise SystemExit(f"unknown {kind}: {', '.join(unknown)} (have: {', '.join(available)})")
    return [name for name in available if name in names]


async def amain(args: argparse.Namespace) -> int:
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGTERM, task.cancel)

    specs_by_name = discover()
    if args.list:
        for spec in specs_by_name.values():
            problem = f"  ({spec.import_error})" if spec.import_error else ""
            print(f"row {spec.name:<14} {spec.module}{problem}")
        for metric in METRICS.values():
            print(f"metric {metric.key:<10} {metric.title} ({metric.unit}), floor {metric.floor}")
        return 0
    row_names = _select("rows", args.rows, list(specs_by_name))
    specs = [specs_by_name[name] for name in row_names]
    metric_keys = _select("metrics", args.metrics, list(METRICS))
    metrics = [METRICS[key] for key in metric_keys]
    rounds = args.rounds or (1 if args.quick else 3)
    timeout = args.timeout or (60.0 if args.quick else 300.0)

    started = dt.datetime.now(dt.UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    out = args.out or RESULTS_DIR / f"{stamp}.json"
    info = machine_info()
    document: dict[str, Any] = {
        "version": 1,
        "started": started.isoformat(timespec="seconds"),
        "argv": sys.argv,
        "machine": info,
        "config": {
            "quick": args.quick,
            "nagle": args.nagle,
            "rounds": rounds,
            "timeout_s": timeout,
            "rows": row_names,
            "metrics": metric_keys,
            "params": {key: params_for(key, quick=args.quick) for key in metric_keys},
        },
        "runs": [],
    }
    log(f"rows: {', '.join(row_names)}; metrics: {', '.join(metric_keys)}; rounds: {rounds}")

    workdir = make_workdir()
    os.environ[WORKDIR_ENV] = str(workdir)
    atexit.register(_cleanup, workdir)
    status = 0
    try:
        for mode in NAGLE_MODES[args.nagle]:
            try:
                run = await run_mode(
                    mode,
                    specs,
                    metrics,
                    quick=args.quick,
                    rounds=rounds,
                    timeout=timeout,
                    workdir=workdir,
                )
            except Exception as exc:
                status = 1
                log(f"nagle={mode} failed: {_error(exc)}")
                run = {"nagle": mode, "error": _error(exc)}
            document["runs"].append(run)
    finally:
        finished = dt.datetime.now(dt.UTC)
        document["finished"] = finished.isoformat(timespec="seconds")
        document["duration_s"] = (finished - started).total_seconds()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(document, indent=1) + "\n")
        _cleanup(workdir)

    header = "quick, " if args.quick else ""
    for run in document["runs"]:
        nagle = (
            "server TCP_NODELAY on kernel websockets"
            if run["nagle"] == "nodelay"
            else ("stock server (Nagle on)")
        )
        print(
            f"\n### nagle={run['nagle']}: {nagle}; {header}{rounds} round(s); "
            f"{started:%Y-%m-%d %H:%M} UTC\n"
        )
        print(f"{describe(info)}\n")
        print(run.get("table") or f"error: {run.get('error')}")
    print(f"\nresults: {out}")
    return status


def _cleanup(workdir: Path) -> None:
    for server in list(_live_servers):
        with contextlib.suppress(Exception):
            server.stop()
        _live_servers.discard(server)
    if workdir.exists():
        kill_processes_mentioning(str(workdir))
        remove_workdir(workdir)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return asyncio.run(amain(args))
    except (KeyboardInterrupt, asyncio.CancelledError):
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
