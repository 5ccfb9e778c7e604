"""``zmq``: ``jupyter_client`` over ZMQ straight to a local ipykernel (the physical floor).

No Jupyter Server and no websocket: ``AsyncKernelManager`` starts the kernel, its
``Session`` signs and parses messages, and two plain ZMQ sockets (shell DEALER, iopub SUB)
talk to the kernel; ``setup`` ignores the server URL. A request completes once its
``execute_reply`` and its ``idle`` status are in.

The sockets are watched with ``loop.add_reader`` on their edge-triggered ``FD``, drained
while ``EVENTS`` says POLLIN, and re-checked after every send (a send can consume the
readable edge). ``zmq.asyncio`` sockets shared by a pending ``recv`` and a burst of
sends were seen to miss that edge here and hang the pipelined metric.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import zmq
from jupyter_client.manager import AsyncKernelManager

from bench.rows._base import BaseRow

#: The harness puts every temp folder under this one so leftover kernels can be found.
WORKDIR_ENV = "JUPYTER_SDK_BENCH_WORKDIR"


class _Pending:
    __slots__ = ("future", "idle", "reply", "reply_type")

    def __init__(self, future: asyncio.Future[None], reply_type: str) -> None:
        self.future = future
        self.reply_type = reply_type
        self.reply = False
        self.idle = False


class Row(BaseRow):
    name = "zmq"
    order = 0
    metrics = frozenset({"latency", "throughput", "stream", "cpu"})

    def __init__(self) -> None:
        self.km: AsyncKernelManager | None = None
        self.ctx: zmq.Context[zmq.Socket[bytes]] | None = None
        self.shell: zmq.Socket[bytes] | None = None
        self.iopub: zmq.Socket[bytes] | None = None
        self._pending: dict[str, _Pending] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._log: Any = None

    async def setup(self, base_url: str, token: str) -> None:
        self._tmp = tempfile.TemporaryDirectory(
            prefix="zmq-row-", dir=os.environ.get(WORKDIR_ENV), ignore_cleanup_errors=True
        )
        tmp = Path(self._tmp.name)
        env = dict(os.environ)
        for key, sub in {
            "HOME": "home",
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "IPYTHONDIR": "ipython",
        }.items():
            (tmp / sub).mkdir()
            env[key] = str(tmp / sub)
        self.km = AsyncKernelManager(
            kernel_name="python3",
            connection_file=str(tmp / "runtime" / f"kernel-{uuid.uuid4()}.json"),
        )
        self._log = (tmp / "kernel.log").open("wb")
        await self.km.start_kernel(env=env, stdout=self._log, stderr=subprocess.STDOUT)

        info = self.km.get_connection_info()
        sep = "-" if info["transport"] == "ipc" else ":"
        url = f"{info['transport']}://{info['ip']}{sep}"
        self.ctx = zmq.Context()
        self.shell = self.ctx.socket(zmq.DEALER)
        self.shell.linger = 0
        self.shell.connect(f"{url}{info['shell_port']}")
        self.iopub = self.ctx.socket(zmq.SUB)
        self.iopub.linger = 0
        self.iopub.rcvhwm = 0  # never drop iopub messages on our side
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(f"{url}{info['iopub_port']}")

        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.shell.FD, self._drain, self.shell, True)
        self._loop.add_reader(self.iopub.FD, self._drain, self.iopub, False)
        # Until the SUB socket has joined, iopub messages are lost: retry kernel_info.
        for _ in range(120):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._request("kernel_info_request", {}), 0.5)
                self._pending.clear()  # the attempts that timed out
                return
        raise TimeoutError("the kernel did not answer kernel_info_request")

    def _drain(self, sock: zmq.Socket[bytes], shell: bool) -> None:
        session, pending = self.km.session, self._pending  # type: ignore[union-attr]
        while sock.get(zmq.EVENTS) & zmq.POLLIN:
            parts = sock.recv_multipart(zmq.NOBLOCK, copy=True)
            _idents, parts = session.feed_identities(parts)
            msg = session.deserialize(parts)
            parent_id = msg["parent_header"].get("msg_id")
            entry = pending.get(parent_id)
            if entry is None:
                continue
            if shell:
                if msg["msg_type"] == entry.reply_type:
                    entry.reply = True
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                entry.idle = True
            else:
                continue
            if entry.reply and entry.idle:
                del pending[parent_id]
                if not entry.future.done():
                    entry.future.set_result(None)

    def _send(self, msg_type: str, content: dict[str, Any]) -> asyncio.Future[None]:
        assert self.km is not None
        assert self.shell is not None
        assert self._loop is not None
        future: asyncio.Future[None] = self._loop.create_future()
        msg = self.km.session.msg(msg_type, content)
        self._pending[msg["header"]["msg_id"]] = _Pending(future, msg_type[:-8] + "_reply")
        self.km.session.send(self.shell, msg)
        self._drain(self.shell, True)  # the send may have eaten the FD's readable edge
        return future

    async def _request(self, msg_type: str, content: dict[str, Any]) -> None:
        await self._send(msg_type, content)

    @staticmethod
    def _execute_content(code: str) -> dict[str, Any]:
        return {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }

    async def execute(self, code: str) -> None:
        await self._send("execute_request", self._execute_content(code))

    async def execute_many(self, codes: Sequence[str]) -> None:
        futures = [self._send("execute_request", self._execute_content(code)) for code in codes]
        await asyncio.gather(*futures)

    async def teardown(self) -> None:
        if self._loop is not None:
            for sock in (self.shell, self.iopub):
                if sock is not None:
                    with contextlib.suppress(Exception):
                        self._loop.remove_reader(sock.FD)
        for sock in (self.shell, self.iopub):
            if sock is not None:
                sock.close(linger=0)
        if self.ctx is not None:
            self.ctx.term()
        if self.km is not None:
            with contextlib.suppress(Exception):
                await self.km.shutdown_kernel(now=True)
        if self._log is not None:
            self._log.close()
        if self._tmp is not None:
            self._tmp.cleanup()
