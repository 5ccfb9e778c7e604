"""``js``: ``@jupyterlab/services`` 7.x on Node 20, driven through ``bench/js/bench.mjs``.

One long-lived ``node bench/js/bench.mjs --serve`` process per server owns a
``KernelManager`` and one kernel connection; each metric runs inside Node (timed with
``performance.now()``, CPU with ``process.cpuUsage()``) and comes back as JSON, so no
Python-to-Node hop is inside any timing.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.rows._base import BaseRow

BENCH_DIR = Path(__file__).resolve().parent.parent
SCRIPT = BENCH_DIR / "js" / "bench.mjs"
MARK = "@@BENCH "


class Row(BaseRow):
    name = "js"
    order = 90
    in_process = False

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self._ids = itertools.count(1)
        self._stderr: Any = None
        self.versions: dict[str, str] = {}

    async def setup(self, base_url: str, token: str) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH")
        if not (BENCH_DIR / "node_modules" / "@jupyterlab" / "services").is_dir():
            raise RuntimeError("bench/node_modules is missing: run `npm ci` in bench/")
        env = dict(os.environ, JUPYTER_BASE_URL=base_url, JUPYTER_TOKEN=token)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in teardown)
        self.proc = await asyncio.create_subprocess_exec(
            node,
            str(SCRIPT),
            "--serve",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=self._stderr,
            cwd=BENCH_DIR,
            env=env,
            limit=64 * 1024 * 1024,
            start_new_session=True,  # a terminal's Ctrl-C goes to the harness, which tears down
        )
        self.versions = (await self._call({"op": "versions"})).get("versions", {})
        await self._call({"op": "setup"})

    async def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        proc = self.proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RuntimeError("node is not running")
        request = dict(request, id=next(self._ids))
        proc.stdin.write(json.dumps(request).encode() + b"\n")
        await proc.stdin.drain()
        while True:
            line = await proc.stdout.readline()
            if not line:
                raise RuntimeError(f"node exited ({await proc.wait()}): {self._stderr_tail()}")
            if not line.startswith(MARK.encode()):
                continue  # library logging
            answer: dict[str, Any] = json.loads(line[len(MARK) :])
            if answer.get("id") not in (request["id"], None):
                continue  # the late answer of a request that timed out
            if not answer.get("ok"):
                error = str(answer.get("error", "?")).splitlines()
                raise RuntimeError(f"node: {error[0] if error else '?'}")
            return answer

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        with contextlib.suppress(OSError):
            self._stderr.seek(0)
            return self._stderr.read().decode(errors="replace")[-500:].strip()
        return ""

    async def measure(self, metric: str, params: dict[str, Any]) -> dict[str, Any]:
        answer = await self._call({"op": metric, **params})
        return {"samples": answer["samples"], "cpu": answer.get("cpu")}

    async def execute(self, code: str) -> None:
        await self._call({"op": "execute", "code": code})

    async def execute_many(self, codes: Sequence[str]) -> None:
        await self._call({"op": "execute_many", "codes": list(codes)})

    async def teardown(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.returncode is None:
                self.proc = proc
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._call({"op": "teardown"}), 15)
                self.proc = None
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(proc.wait(), 5)
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
