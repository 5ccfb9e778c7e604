"""Live notebooks: how fast edits and outputs travel between peers of a shared notebook.

    python bench/live.py [--quick] [--rows node,sdk,nbmodel-client] [--rounds N]

One collaborative Jupyter Server (jupyter-collaboration + jupyter-server-nbmodel, an
autosave delay of 1 s as shipped), and per row a notebook of its own with a JupyterLab-like
Node peer in it (``tests/live/node/peer.mjs``: @jupyter/ydoc, yjs, y-websocket, installed
by ``npm ci`` into the test cache). Rows:

* ``node`` (the floor): a second Node peer, i.e. what JupyterLab itself achieves;
* ``sdk``: ``jupyter_sdk.documents`` (``DocumentManager.open_notebook``);
* ``nbmodel-client``: jupyter-nbmodel-client 1.5.1 (``NbModelClient``; its execution
  through ``jupyter_kernel_client.JupyterKernelClient``, run in a thread as its docs advise, since
  ``execute_cell`` blocks).

Metrics (every time on CLOCK_MONOTONIC, which Node's ``process.hrtime`` and Python's
``time.monotonic`` share on Linux, so no Python-Node hop is inside a timing):

* ``to_node``: one character appended to a cell's source by the row, until the Node peer's
  document has it (ms; N sequential edits after warm-up);
* ``from_node``: one character appended by the Node peer, until the row's document has it
  (ms). The SDK sees it through ``LiveNotebook.changes()``; nbmodel-client has no change
  API, so a pycrdt observer on its document (``_doc._ycells``) stands in for one;
* ``stream``: ``for i in range(N): print(i)`` (20 000 lines; 5 000 with ``--quick``) run
  into the shared cell, until the Node peer has seen the last line (s). ``sdk`` runs twice:
  ``execution="server"`` (jupyter-server-nbmodel writes the outputs) and ``"client"``; the
  reference ``KernelConnection.execute`` row runs the same loop outside any document (until
  ``execute`` returns).

Prints a markdown table (median and p99 over every sample; paired ratios to the floor and
to nbmodel-client: per round, the row's median over the reference's median in that round,
then the median of those; > 1 means slower) and writes ``bench/results/live-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # bench.report (after any PYTHONPATH jupyter_sdk)
sys.path.insert(0, str(ROOT / "tests"))  # tests/live/peer.py, tests/npm_cache.py

from live.peer import NODE_DIR, NodePeer, find_cell, stream_text  # noqa: E402
from npm_cache import npm_modules  # noqa: E402

from bench.report import percentile  # noqa: E402
from jupyter_sdk import KernelManager, LocalServer  # noqa: E402

RESULTS = Path(__file__).with_name("results")
EMPTY_NOTEBOOK = json.dumps(
    {
        "cells": [
            {
                "cell_type": "code",
                "id": "bench",
                "metadata": {},
                "source": "",
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
)
TIMEOUT = 120.0

Samples = dict[str, dict[str, list[list[float]]]]  # metric -> row -> rounds -> seconds


def _source_length(cell_id: str, length: int) -> Callable[[dict[str, Any]], bool]:
    def match(event: dict[str, Any]) -> bool:
        if event.get("event") != "change":
            return False
        cell = find_cell(event.get("cells", []), cell_id)
        return cell is not None and len(cell["source"]) >= length

    return match


def _last_line(cell_id: str, lines: int) -> Callable[[dict[str, Any]], bool]:
    last = f"{lines - 1}\n"

    def match(event: dict[str, Any]) -> bool:
        if event.get("event") != "change":
            return False
        cell = find_cell(event.get("cells", []), cell_id)
        return cell is not None and stream_text(cell).endswith(last)

    return match


class Row:
    """One client in its own notebook, with a Node peer watching (``self.peer``)."""

    name = ""

    def __init__(self, server: LocalServer, path: str) -> None:
        self.server = server
        self.path = path
        self.peer = NodePeer(server.url, server.token, path, text_limit=64)
        self.length = 0  # the bench cell's source length, as this row last made it

    async def setup(self) -> None:
        await self.peer.start()

    async def teardown(self) -> None:
        await self.peer.stop()

    async def append_char(self) -> float:
        """Append one character to the bench cell; returns the monotonic time before."""
        raise NotImplementedError

    async def arrival(self, length: int) -> float:
        """The monotonic time at which this row's document had ``length`` characters."""
        raise NotImplementedError

    async def add_cell(self, code: str) -> str:
        """Append a code cell with ``code``; returns its id."""
        raise NotImplementedError

    async def run(self, cell_id: str) -> None:
        """Run that cell into the document (returns when the row's execute returns)."""
        raise NotImplementedError


class NodeRow(Row):
    name = "node"

    async def setup(self) -> None:
        await super().setup()
        self.writer = NodePeer(self.server.url, self.server.token, self.path, text_limit=64)
        await self.writer.start()

    async def teardown(self) -> None:
        await self.writer.stop()
        await super().teardown()

    async def append_char(self) -> float:
        await self.writer.request("insert_text", cell="bench", index="end", text="x")
        return float(self.writer.last_answer["t0"])

    async def arrival(self, length: int) -> float:
        event = await self.writer.wait_event(_source_length("bench", length), TIMEOUT)
        return float(event["t"])


class SdkRow(Row):
    name = "sdk"

    async def setup(self) -> None:
        from jupyter_sdk.documents import DocumentManager, SourceChanged

        await super().setup()
        self._stack = contextlib.AsyncExitStack()
        self.documents = await self._stack.enter_async_context(
            DocumentManager(self.server.settings)
        )
        self.nb = await self._stack.enter_async_context(self.documents.open_notebook(self.path))
        self.cell = next(c for c in self.nb.cells if c.id == "bench")
        self._seen: list[tuple[int, float]] = []
        self._changed = asyncio.Event()

        async def watch() -> None:
            async for change in self.nb.changes():
                if isinstance(change, SourceChanged) and change.cell_id == "bench":
                    self._seen.append((len(change.source), time.monotonic()))
                    self._changed.set()

        self._watcher = asyncio.create_task(watch())
        self.execution = "server"

    async def teardown(self) -> None:
        self._watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._watcher
        await self._stack.aclose()
        await super().teardown()

    async def append_char(self) -> float:
        t0 = time.monotonic()
        self.cell.insert_text(len(self.cell.source), "x")
        return t0

    async def arrival(self, length: int) -> float:
        async def wait() -> float:
            while True:
                for seen_length, at in self._seen:
                    if seen_length >= length:
                        return at
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def add_cell(self, code: str) -> str:
        cell = self.nb.append_cell("code", code)
        await self.nb.flush()
        return cell.id

    async def run(self, cell_id: str) -> None:
        cell = next(c for c in self.nb.cells if c.id == cell_id)
        await self.nb.execute(cell, timeout=TIMEOUT, execution=self.execution)  # type: ignore[arg-type]


class SdkClientRow(SdkRow):
    name = "sdk (client execution)"

    async def setup(self) -> None:
        await super().setup()
        self.execution = "client"


class NbModelRow(Row):
    name = "nbmodel-client"

    async def setup(self) -> None:
        from jupyter_kernel_client import JupyterKernelClient
        from jupyter_nbmodel_client import NbModelClient, get_jupyter_notebook_websocket_url

        await super().setup()
        url = await asyncio.to_thread(
            get_jupyter_notebook_websocket_url,
            self.server.url,
            self.path,
            self.server.token,  # it puts the token in the websocket URL
        )
        self.client = NbModelClient(url)
        await self.client.start()
        self._seen: list[tuple[int, float]] = []
        self._changed = asyncio.Event()
        loop = asyncio.get_running_loop()

        def observe(events: Any) -> None:
            # No change API: watch its pycrdt document directly.
            for index, cell in enumerate(self.client._doc._ycells):
                if cell["id"] == "bench":
                    self._seen.append((len(str(cell["source"])), time.monotonic()))
                    loop.call_soon_threadsafe(self._changed.set)
                    self.index = index

        self.index = next(i for i, c in enumerate(self.client._doc._ycells) if c["id"] == "bench")
        self._subscription = self.client._doc._ycells.observe_deep(observe)
        self.kernel = JupyterKernelClient(
            server_url=self.server.url.rstrip("/"), token=self.server.token
        )
        await asyncio.to_thread(self.kernel.start)

    async def teardown(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self.kernel.stop)
        with contextlib.suppress(Exception):
            await self.client.stop()
        await super().teardown()

    async def append_char(self) -> float:
        t0 = time.monotonic()
        source = str(self.client._doc._ycells[self.index]["source"])
        self.client.set_cell_source(self.index, source + "x")  # its only source edit
        return t0

    async def arrival(self, length: int) -> float:
        async def wait() -> float:
            while True:
                for seen_length, at in self._seen:
                    if seen_length >= length:
                        return at
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def add_cell(self, code: str) -> str:
        index = self.client.add_code_cell(code)
        return str(self.client._doc._ycells[index]["id"])

    async def run(self, cell_id: str) -> None:
        index = next(i for i, c in enumerate(self.client._doc._ycells) if str(c["id"]) == cell_id)
        await asyncio.to_thread(self.client.execute_cell, index, self.kernel, timeout=TIMEOUT)


ROWS: dict[str, type[Row]] = {row.name: row for row in (NodeRow, SdkRow, SdkClientRow, NbModelRow)}


async def to_node(row: Row, count: int, warmup: int) -> list[float]:
    samples = []
    for n in range(warmup + count):
        row.length += 1
        mark = len(row.peer.events)
        t0 = await row.append_char()
        event = await row.peer.wait_event(_source_length("bench", row.length), TIMEOUT, since=mark)
        if n >= warmup:
            samples.append(float(event["t"]) - t0)
    return samples


async def from_node(row: Row, count: int, warmup: int) -> list[float]:
    samples = []
    for n in range(warmup + count):
        row.length += 1
        await row.peer.request("insert_text", cell="bench", index="end", text="y")
        t0 = float(row.peer.last_answer["t0"])
        arrived = await row.arrival(row.length)
        if n >= warmup:
            samples.append(arrived - t0)
    return samples


async def stream(row: Row, lines: int) -> float:
    code = f"for i in range({lines}):\n    print(i)\n"
    cell_id = await row.add_cell(code)
    mark = len(row.peer.events)
    t0 = time.monotonic()
    running = asyncio.create_task(row.run(cell_id))
    try:
        event = await row.peer.wait_event(_last_line(cell_id, lines), TIMEOUT, since=mark)
        await running
    finally:
        if not running.done():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await running
    return float(event["t"]) - t0


async def kernel_stream(kernel: Any, lines: int) -> float:
    """The same loop through ``KernelConnection.execute``, no document: until it returns."""
    t0 = time.monotonic()
    result = await kernel.execute(f"for i in range({lines}):\n    print(i)\n", timeout=TIMEOUT)
    elapsed = time.monotonic() - t0
    assert result.stdout.endswith(f"{lines - 1}\n")
    return elapsed


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    edits, warmup = (30, 5) if quick else (200, 20)
    lines = 5_000 if quick else 20_000
    rounds = args.rounds or (1 if quick else 3)
    npm_modules(NODE_DIR, link=True)
    server = LocalServer(isolate=True, collaborative=True)
    await asyncio.to_thread(server.start)
    stack = contextlib.AsyncExitStack()
    samples: Samples = {"to_node": {}, "from_node": {}, "stream": {}}
    errors: dict[str, str] = {}
    try:
        rows: list[Row] = []
        for name in args.rows.split(","):
            path = f"bench-{name.replace(' ', '-').strip('()')}.ipynb"
            (server.root_dir / path).write_text(EMPTY_NOTEBOOK)
            row = ROWS[name](server, path)
            try:
                await row.setup()
                cell_id = await row.add_cell("1") if not isinstance(row, NodeRow) else ""
                if cell_id:
                    await row.run(cell_id)  # kernel started and warm
                rows.append(row)
            except Exception as exc:
                errors[name] = f"{type(exc).__name__}: {exc}"
                print(f"live: row {name} failed to set up: {errors[name]}", file=sys.stderr)
                with contextlib.suppress(Exception):
                    await row.teardown()
        kernels = await stack.enter_async_context(KernelManager(server.settings, poll=False))
        kernel = await kernels.start_new("python3")
        await kernel.execute("1", timeout=TIMEOUT)
        try:
            for round_ in range(rounds):
                for per_row in samples.values():
                    for runs in per_row.values():
                        runs.append([])
                order = rows[round_ % len(rows) :] + rows[: round_ % len(rows)] if rows else []
                for metric, run in (
                    ("to_node", lambda r: to_node(r, edits, warmup)),
                    ("from_node", lambda r: from_node(r, edits, warmup)),
                    ("stream", lambda r: _one(stream(r, lines))),
                ):
                    for row in order:
                        if isinstance(row, NodeRow) and metric == "stream":
                            continue
                        if isinstance(row, SdkClientRow) and metric != "stream":
                            continue  # the same client as "sdk" for edits
                        print(f"live: round {round_ + 1} {metric} {row.name}", file=sys.stderr)
                        try:
                            got = await asyncio.wait_for(run(row), TIMEOUT * 3)
                            runs = samples[metric].setdefault(row.name, [[] for _ in range(round_)])
                            if len(runs) == round_:
                                runs.append([])
                            runs[round_].extend(got)
                        except Exception as exc:
                            key = f"{metric}/{row.name}"
                            errors[key] = f"{type(exc).__name__}: {exc}"[:300]
                            print(f"live: {key} failed: {errors[key]}", file=sys.stderr)
                reference = samples["stream"].setdefault(
                    "KernelConnection.execute", [[] for _ in range(round_ + 1)]
                )
                print(f"live: round {round_ + 1} stream KernelConnection.execute", file=sys.stderr)
                reference[round_].append(await kernel_stream(kernel, lines))
        finally:
            for row in rows:
                with contextlib.suppress(Exception):
                    await row.teardown()
            with contextlib.suppress(Exception):
                await kernel.shutdown()
    finally:
        with contextlib.suppress(Exception):
            await stack.aclose()
        await asyncio.to_thread(server.stop)
    return {
        "config": {"edits": edits, "warmup": warmup, "lines": lines, "rounds": rounds},
        "samples": samples,
        "errors": errors,
    }


async def _one(value: Awaitable[float]) -> list[float]:
    return [await value]


def paired_ratio(mine: list[list[float]], theirs: list[list[float]]) -> float | None:
    """Per round, this row's median over the reference's; the median of those (> 1: slower)."""
    ratios = [
        statistics.median(a) / statistics.median(b)
        for a, b in zip(mine, theirs, strict=False)
        if a and b and statistics.median(b) > 0
    ]
    return statistics.median(ratios) if ratios else None


def table(results: dict[str, Any]) -> str:
    samples: Samples = results["samples"]
    config = results["config"]
    units = {"to_node": ("ms", 1e3), "from_node": ("ms", 1e3), "stream": ("s", 1.0)}
    floors = {"to_node": "node", "from_node": "node", "stream": "KernelConnection.execute"}
    titles = {
        "to_node": "edit → Node peer",
        "from_node": "Node peer edit → client",
        "stream": f"{config['lines']}-line print loop, last line at the Node peer",
    }
    out = [
        "\n### Live notebooks\n",
        "| metric | row | n | median | p99 | vs floor | vs nbmodel-client |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for metric, rows in samples.items():
        unit, scale = units[metric]
        for row, runs in rows.items():
            values = [v for run in runs for v in run]
            if not values:
                continue

            def ratio(ref: str, runs: list[list[float]] = runs, rows: dict = rows) -> str:
                value = paired_ratio(runs, rows.get(ref, []))
                return "—" if value is None else f"{value:.2f}"

            floor = floors[metric]
            out.append(
                f"| {titles[metric]} | {row} | {len(values)} | "
                f"{statistics.median(values) * scale:.2f} {unit} | "
                f"{percentile(values, 99) * scale:.2f} {unit} | "
                f"{'1 (ref)' if row == floor else ratio(floor)} | "
                f"{'1 (ref)' if row == 'nbmodel-client' else ratio('nbmodel-client')} |"
            )
    for key, error in results["errors"].items():
        out.append(f"| {key} | error: {error} | | | | | |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--rounds", type=int, default=0)
    args = parser.parse_args()
    results = asyncio.run(measure(args))
    print(table(results))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"live-{stamp}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
