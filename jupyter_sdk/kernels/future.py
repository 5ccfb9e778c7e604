"""KernelFuture: one request to a kernel and everything that answers it.

A future is done only when both its reply and the ``idle`` status for its request have
arrived, in either order (as in @jupyterlab/services): output published after the reply
still belongs to it. It ends exactly once, with the reply or with an error, and never
leaves an unretrieved exception behind for asyncio to report.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING

from ..protocol.messages import JSONObject, Message

if TYPE_CHECKING:
    from .connection import KernelConnection

__all__ = ["InputHandler", "KernelFuture", "MessageHook"]

_log = logging.getLogger("jupyter_sdk.kernels")

AnyMessage = Message[JSONObject]
MessageHook = Callable[[AnyMessage], bool]
"""Sees each iopub message of a future first; returning ``False`` stops its processing."""
InputHandler = Callable[[str, bool], "str | Awaitable[str]"]
"""Answers an ``input_request``: ``(prompt, password) -> value`` (sync or async)."""


class KernelFuture:
    """A pending kernel request, awaitable to its reply message.

    Attributes:
        msg: The request message.
        on_iopub: Called with each iopub message parented by the request.
        on_reply: Called with the reply message.
        on_stdin: Called with each stdin message (``input_request``) of the request.
    """

    def __init__(
        self,
        kernel: KernelConnection,
        msg: AnyMessage,
        *,
        expect_reply: bool = True,
        input_handler: InputHandler | None = None,
    ) -> None:
        self.msg = msg
        self.on_iopub: Callable[[AnyMessage], object] | None = None
        self.on_reply: Callable[[AnyMessage], object] | None = None
        self.on_stdin: Callable[[AnyMessage], object] | None = None
        self._kernel = kernel
        self._expect_reply = expect_reply
        self._input_handler = input_handler
        self._hooks: list[MessageHook] = []
        self._reply: AnyMessage | None = None
        self._idle = False
        self._error: BaseException | None = None
        self._done = asyncio.Event()
        self._streams: list[asyncio.Queue[AnyMessage | None]] = []
        self._kept: list[AnyMessage] | None = None  # see _keep_iopub
        self._input_tasks: set[asyncio.Task[None]] = set()
        self._awaiting_input = False

    def __repr__(self) -> str:
        state = "done" if self.done else "pending"
        return f"<KernelFuture {self.msg['header']['msg_type']} {self.msg_id[:8]} {state}>"

    @property
    def msg_id(self) -> str:
        """The request's ``msg_id``."""
        return self.msg["header"]["msg_id"]

    @property
    def done(self) -> bool:
        """Whether the future has ended (with a reply or an error)."""
        return self._done.is_set()

    @property
    def reply(self) -> AnyMessage | None:
        """The reply message, once it has come."""
        return self._reply

    def exception(self) -> BaseException | None:
        """The error the future ended with, if any."""
        return self._error

    def __await__(self) -> Generator[object, None, AnyMessage]:
        return self.wait().__await__()

    async def wait(self) -> AnyMessage:
        """Wait until done; return the reply or raise the error the future ended with."""
        await self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._reply is not None or not self._expect_reply
        return self._reply if self._reply is not None else self.msg

    def register_message_hook(self, hook: MessageHook) -> None:
        """Run ``hook`` on each iopub message before the callbacks (newest first)."""
        self._hooks.insert(0, hook)

    def remove_message_hook(self, hook: MessageHook) -> None:
        """Remove a hook added with :meth:`register_message_hook`."""
        if hook in self._hooks:
            self._hooks.remove(hook)

    async def iopub(self) -> AsyncIterator[AnyMessage]:
        """Iterate over the request's iopub messages until it is done.

        Raises the future's error at the end, if it ended with one.
        """
        queue: asyncio.Queue[AnyMessage | None] = asyncio.Queue()
        backlog = list(self._kept or ())
        finished = self.done
        self._streams.append(queue)
        try:
            for kept in backlog:
                yield kept
            if not finished:
                while (msg := await queue.get()) is not None:
                    yield msg
            if self._error is not None:
                raise self._error
        finally:
            self._streams.remove(queue)

    def _keep_iopub(self) -> None:
        """Keep every iopub message from now on for :meth:`iopub` iterators started later.

        For the blocking twin: its caller starts iterating only after a hop back to its
        own thread, by which time messages may have arrived (they would be lost).
        """
        if self._kept is None:
            self._kept = []

    def send_input_reply(self, value: str) -> None:
        """Answer the request's pending ``input_request``."""
        self._kernel.send_input_reply(value, parent=self.msg)

    # -- fed by the connection --------------------------------------------------------

    def _handle_iopub(self, msg: AnyMessage) -> None:
        for hook in tuple(self._hooks):
            try:
                if hook(msg) is False:
                    return
            except Exception:
                _log.exception("message hook %r raised", hook)
        self._call(self.on_iopub, msg)
        if self._kept is not None:
            self._kept.append(msg)
        for queue in self._streams:
            queue.put_nowait(msg)
        if (
            msg["header"]["msg_type"] == "status"
            and msg["content"].get("execution_state") == "idle"
        ):
            self._idle = True
            self._maybe_finish()

    def _handle_reply(self, msg: AnyMessage) -> None:
        if self.done:
            return
        self._reply = msg
        self._call(self.on_reply, msg)
        self._maybe_finish()

    def _handle_stdin(self, msg: AnyMessage) -> None:
        self._call(self.on_stdin, msg)
        if self._input_handler is not None and msg["header"]["msg_type"] == "input_request":
            task = asyncio.ensure_future(self._answer_input(msg))
            self._input_tasks.add(task)
            task.add_done_callback(self._input_tasks.discard)

    async def _answer_input(self, msg: AnyMessage) -> None:
        assert self._input_handler is not None
        prompt = str(msg["content"].get("prompt", ""))
        password = bool(msg["content"].get("password", False))
        try:
            value = self._input_handler(prompt, password)
            if inspect.isawaitable(value):
                value = await value
            self.send_input_reply(str(value))
        except Exception as exc:
            # The kernel waits for an answer: fail the request rather than hang it.
            _log.exception("input handler raised")
            self._fail(exc)

    def _maybe_finish(self) -> None:
        if self._idle and (self._reply is not None or not self._expect_reply):
            self._finish()

    def _finish(self) -> None:
        if self.done:
            return
        self._done.set()
        for queue in self._streams:
            queue.put_nowait(None)
        self._kernel._forget(self)

    def _fail(self, error: BaseException) -> None:
        """End the future with ``error`` (no-op when already done)."""
        if self.done:
            return
        self._error = error
        self._finish()

    @staticmethod
    def _call(callback: Callable[[AnyMessage], object] | None, msg: AnyMessage) -> None:
        if callback is None:
            return
        try:
            callback(msg)
        except Exception:
            _log.exception("future callback %r raised", callback)
