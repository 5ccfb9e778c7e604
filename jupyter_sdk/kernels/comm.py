"""Comms: both ends of a custom message channel between the client and kernel code.

Messaging spec § "Custom Messages". The client side opens comms with
:meth:`KernelConnection.create_comm` or accepts the kernel's through a target registered
with :meth:`KernelConnection.register_comm_target`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..protocol.messages import BufferLike, JSONObject, JSONValue, Message

if TYPE_CHECKING:
    from .connection import KernelConnection
    from .future import KernelFuture

__all__ = ["Comm", "CommHandler"]

_log = logging.getLogger("jupyter_sdk.kernels")

AnyMessage = Message[JSONObject]
CommHandler = Callable[[AnyMessage], object]


class Comm:
    """One comm, identified by ``comm_id`` and bound to a ``target_name``.

    Attributes:
        on_msg: Called with each ``comm_msg`` from the kernel.
        on_close: Called with the ``comm_close`` message when the kernel closes it.
    """

    def __init__(self, kernel: KernelConnection, target_name: str, comm_id: str | None = None):
        self.comm_id = comm_id or uuid.uuid4().hex
        self.target_name = target_name
        self.on_msg: CommHandler | None = None
        self.on_close: CommHandler | None = None
        self._kernel = kernel
        self._closed = False

    def __repr__(self) -> str:
        return f"<Comm {self.target_name} {self.comm_id[:8]}{' closed' if self._closed else ''}>"

    @property
    def is_closed(self) -> bool:
        """Whether the comm was closed (by either side)."""
        return self._closed

    def open(
        self,
        data: Mapping[str, JSONValue] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
    ) -> KernelFuture:
        """Send ``comm_open`` to the kernel (a comm that fails to open is forgotten)."""
        content: dict[str, JSONValue] = {
            "comm_id": self.comm_id,
            "target_name": self.target_name,
            "data": dict(data or {}),
        }
        try:
            return self._send("comm_open", content, metadata, buffers)
        except Exception:
            self._closed = True
            self._kernel._comms.pop(self.comm_id, None)
            raise

    def send(
        self,
        data: Mapping[str, JSONValue] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
    ) -> KernelFuture:
        """Send a ``comm_msg``; the future ends when the kernel is idle after handling it."""
        if self._closed:
            raise RuntimeError(f"comm {self.comm_id} is closed")
        content: dict[str, JSONValue] = {"comm_id": self.comm_id, "data": dict(data or {})}
        return self._send("comm_msg", content, metadata, buffers)

    def close(
        self,
        data: Mapping[str, JSONValue] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
    ) -> KernelFuture | None:
        """Send ``comm_close`` (once) and forget the comm."""
        if self._closed:
            return None
        self._closed = True
        self._kernel._comms.pop(self.comm_id, None)
        content: dict[str, JSONValue] = {"comm_id": self.comm_id, "data": dict(data or {})}
        return self._send("comm_close", content, metadata, buffers)

    def _send(
        self,
        msg_type: str,
        content: dict[str, JSONValue],
        metadata: Mapping[str, JSONValue] | None,
        buffers: Sequence[BufferLike],
    ) -> KernelFuture:
        return self._kernel._send_request(
            msg_type,
            "shell",
            content,
            metadata=metadata,
            buffers=buffers,
            expect_reply=False,
        )

    def _handle_msg(self, msg: AnyMessage) -> None:
        self._dispatch(self.on_msg, msg)

    def _handle_close(self, msg: AnyMessage | None) -> None:
        self._closed = True
        if msg is not None:
            self._dispatch(self.on_close, msg)

    def _dispatch(self, handler: CommHandler | None, msg: AnyMessage) -> None:
        if handler is None:
            return
        try:
            handler(msg)
        except Exception:
            _log.exception("comm handler %r raised", handler)
