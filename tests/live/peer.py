"""A JupyterLab-like peer in a notebook room: ``tests/live/node/peer.mjs``, driven from asyncio.

:class:`NodePeer` starts ``node peer.mjs`` (the token in its environment, never its
command line), reads its JSON lines (answers to commands and events), and stops it by
PID. Waiting is on the events themselves, with a timeout: :meth:`NodePeer.wait_event` for
an event, :meth:`NodePeer.wait_for` for a document state (it re-reads a snapshot after
every change).

Importable without pytest, so ``bench/live.py`` drives the same peer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self

__all__ = [
    "NODE_DIR",
    "NodePeer",
    "NodeScript",
    "PeerError",
    "Snapshot",
    "cell_source",
    "find_cell",
    "stream_text",
    "user",
]

NODE_DIR = Path(__file__).resolve().parent / "node"
PEER_SCRIPT = NODE_DIR / "peer.mjs"

Snapshot = dict[str, Any]
Event = dict[str, Any]


class PeerError(RuntimeError):
    """The peer answered a command with an error, failed to start or died."""


def cell_source(snapshot: Snapshot, cell_id: str) -> str | None:
    """The source of the cell ``cell_id`` in a snapshot (``None`` when it is not there)."""
    for cell in snapshot.get("cells", []):
        if cell["id"] == cell_id:
            return str(cell["source"])
    return None


def stream_text(cell: Mapping[str, Any], name: str = "stdout") -> str:
    """A snapshot's or event's cell: its ``name`` stream text (all stream outputs joined)."""
    return "".join(
        str(o.get("text", ""))
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == name
    )


def find_cell(cells: list[dict[str, Any]], cell_id: str) -> dict[str, Any] | None:
    """The cell ``cell_id`` among a snapshot's or event's cells."""
    return next((c for c in cells if c["id"] == cell_id), None)


def user(name: str, color: str = "var(--jp-collaborator-color1)") -> dict[str, Any]:
    """An awareness ``user`` as JupyterLab writes it (from the server's identity)."""
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    return {
        "username": name.lower().replace(" ", "-"),
        "name": name,
        "display_name": name,
        "initials": initials,
        "avatar_url": None,
        "color": color,
    }


class NodeScript:
    """One ``node <script>`` process driven by JSON lines: commands (each with an ``id``)
    on its stdin; answers (``{"id", "ok", "result" | "error"}``) and events
    (``{"event", ...}``) on its stdout. Stopped by PID."""

    def __init__(self, script: Path, env: Mapping[str, str]) -> None:
        self.script = script
        self._env = {**os.environ, **env}
        self.process: asyncio.subprocess.Process | None = None
        self.events: list[Event] = []
        self.ready: Event | None = None
        self.last_answer: Event = {}  # the last successful answer (t0, t: the peer's clock)
        self.stderr = b""
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._ids = 0
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None
        self._err_reader: asyncio.Task[None] | None = None
        self._exited = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.script.name}, pid={self.pid})"

    @property
    def pid(self) -> int | None:
        """The node process's PID while it runs."""
        return self.process.pid if self.process else None

    async def start(self, timeout: float = 30.0) -> Event:
        """Start the script and wait for its ``ready`` event (returned)."""
        node = shutil.which("node")
        if node is None:
            raise PeerError(f"node is needed for {self.script.name}")
        if not (self.script.parent / "node_modules").exists():
            raise PeerError(
                f"{self.script.parent}/node_modules is missing: install with npm_modules()"
            )
        self.process = await asyncio.create_subprocess_exec(
            node,
            str(self.script),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._env,
            limit=64 * 1024 * 1024,
            start_new_session=True,
        )
        self._reader = asyncio.create_task(self._read())
        self._err_reader = asyncio.create_task(self._read_stderr())
        try:
            self.ready = await self.wait_event(lambda e: e.get("event") == "ready", timeout)
        except BaseException:
            await self.stop()
            raise
        return self.ready

    async def _read(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        try:
            while line := await self.process.stdout.readline():
                message = json.loads(line)
                if "event" in message:
                    message.setdefault("received", time.monotonic())
                    self.events.append(message)
                    self._changed.set()
                else:
                    future = self._pending.pop(message.get("id"), None)
                    if future is not None and not future.done():
                        if message.get("ok"):
                            self.last_answer = message
                            future.set_result(message.get("result"))
                        else:
                            future.set_exception(PeerError(str(message.get("error"))))
        finally:
            self._exited = True
            self._changed.set()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(PeerError(f"the peer exited: {self._tail()}"))
            self._pending.clear()

    async def _read_stderr(self) -> None:
        assert self.process is not None
        assert self.process.stderr is not None
        while chunk := await self.process.stderr.read(65536):
            self.stderr = (self.stderr + chunk)[-65536:]

    def _tail(self) -> str:
        errors = [e for e in self.events if e.get("event") == "error"]
        return (str(errors[-1]) if errors else "") + self.stderr.decode(errors="replace")[-2000:]

    async def request(self, cmd: str, timeout: float = 10.0, **args: Any) -> Any:
        """Send one command; returns its ``result`` (raises :class:`PeerError` on an error)."""
        if self.process is None or self.process.stdin is None or self._exited:
            raise PeerError(f"the peer is not running: {self._tail()}")
        self._ids += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._ids] = future
        self.process.stdin.write(json.dumps({"id": self._ids, "cmd": cmd, **args}).encode() + b"\n")
        await self.process.stdin.drain()
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"the peer did not answer {cmd!r} within {timeout} s") from None
        finally:
            self._pending.pop(self._ids, None)

    async def wait_event(
        self, predicate: Callable[[Event], bool], timeout: float = 30.0, *, since: int = 0
    ) -> Event:
        """The first event (from index ``since`` of :attr:`events`) matching ``predicate``."""
        seen = since

        async def wait() -> Event:
            nonlocal seen
            while True:
                while seen < len(self.events):
                    event = self.events[seen]
                    seen += 1
                    if predicate(event):
                        return event
                if self._exited:
                    raise PeerError(f"the peer exited: {self._tail()}")
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"no matching peer event within {timeout} s; last: {self.events[-3:]}"
            ) from None

    async def stop(self, timeout: float = 10.0) -> None:
        """Quit (or kill, by PID) the peer and reap it. Safe to call twice."""
        process = self.process
        if process is None:
            return
        try:
            if process.returncode is None and not self._exited:
                with contextlib.suppress(Exception):
                    await self.request("quit", timeout=timeout / 2)
            try:
                await asyncio.wait_for(process.wait(), timeout / 2)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGKILL)
                await process.wait()
        finally:
            for task in (self._reader, self._err_reader):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
            self.process = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


class NodePeer(NodeScript):
    """One ``peer.mjs`` process in the room of ``path`` on the server at ``url``."""

    def __init__(
        self,
        url: str,
        token: str,
        path: str,
        *,
        user: Mapping[str, Any] | None = None,
        text_limit: int | None = None,
    ) -> None:
        env = {"PEER_URL": url, "PEER_TOKEN": token, "PEER_PATH": path}
        if user is not None:
            env["PEER_USER"] = json.dumps(dict(user))
        if text_limit is not None:
            env["PEER_TEXT_LIMIT"] = str(text_limit)
        super().__init__(PEER_SCRIPT, env)
        self.url = url
        self.path = path

    def __repr__(self) -> str:
        return f"NodePeer(path={self.path!r}, pid={self.pid})"

    async def snapshot(self) -> Snapshot:
        """The peer's document: ``cells`` (id, cell_type, source, outputs, ...), ``metadata``."""
        result: Snapshot = await self.request("snapshot")
        return result

    async def wait_for(
        self, predicate: Callable[[Snapshot], bool], timeout: float = 30.0
    ) -> Snapshot:
        """The peer's snapshot once ``predicate`` holds (re-checked after every change)."""
        last: Snapshot = {}

        async def wait() -> Snapshot:
            nonlocal last
            while True:
                mark = len(self.events)
                last = await self.snapshot()
                if predicate(last):
                    return last
                await self.wait_event(lambda e: e.get("event") == "change", timeout, since=mark)

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the peer's document did not match within {timeout} s: {last}"
            ) from None

    async def users(self) -> list[dict[str, Any]]:
        """The other clients' awareness ``user`` values (the peer itself left out)."""
        result = await self.request("awareness")
        return [entry["user"] for entry in result["users"]]
