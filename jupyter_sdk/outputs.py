"""Kernel output as nbformat has it: the outputs of one execution, built from iopub messages.

Streams are coalesced, ``clear_output`` (also with ``wait=True``) and
``update_display_data`` by ``display_id`` are honoured, as JupyterLab and nbclient do.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypeAlias, TypedDict

import attrs

from .protocol.messages import JSONObject, Message

__all__ = [
    "DisplayDataOutput",
    "ErrorOutput",
    "ExecuteResultOutput",
    "ExecutionResult",
    "Output",
    "OutputCollector",
    "StreamOutput",
]


class StreamOutput(TypedDict):
    """nbformat ``stream`` output."""

    output_type: Literal["stream"]
    name: str
    text: str


class DisplayDataOutput(TypedDict):
    """nbformat ``display_data`` output."""

    output_type: Literal["display_data"]
    data: JSONObject
    metadata: JSONObject
    transient: NotRequired[JSONObject]


class ExecuteResultOutput(TypedDict):
    """nbformat ``execute_result`` output."""

    output_type: Literal["execute_result"]
    execution_count: int | None
    data: JSONObject
    metadata: JSONObject


class ErrorOutput(TypedDict):
    """nbformat ``error`` output."""

    output_type: Literal["error"]
    ename: str
    evalue: str
    traceback: list[str]


Output: TypeAlias = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput


@attrs.frozen
class ExecutionResult:
    """What one execution produced.

    Attributes:
        outputs: The outputs, nbformat-shaped (``transient`` data is not kept).
        execution_count: The execution counter the kernel gave the code.
        status: ``"ok"``, ``"error"`` or ``"aborted"``.
        error: The error output when ``status == "error"``.
        reply: The whole ``execute_reply`` content (``user_expressions``, ``payload``...).
    """

    outputs: list[Output]
    execution_count: int | None
    status: str
    error: ErrorOutput | None
    reply: JSONObject

    @property
    def stdout(self) -> str:
        """All ``stdout`` stream text."""
        return self._stream("stdout")

    @property
    def stderr(self) -> str:
        """All ``stderr`` stream text."""
        return self._stream("stderr")

    def _stream(self, name: str) -> str:
        return "".join(
            o["text"] for o in self.outputs if o["output_type"] == "stream" and o["name"] == name
        )

    @property
    def text(self) -> str:
        """The ``text/plain`` of the ``execute_result``, if any."""
        for output in self.outputs:
            if output["output_type"] == "execute_result":
                value = output["data"].get("text/plain")
                return value if isinstance(value, str) else ""
        return ""


def _dict(value: object) -> JSONObject:
    return dict(value) if isinstance(value, dict) else {}


def _text(value: object) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return str(value) if value is not None else ""


class OutputCollector:
    """Folds iopub messages into nbformat outputs (feed it with :meth:`add`)."""

    def __init__(self) -> None:
        self.outputs: list[Output] = []
        self.execution_count: int | None = None
        self._clear_on_next = False
        # display_id -> indices of outputs showing it
        self._displays: dict[str, list[int]] = {}

    def add(self, msg: Message[JSONObject]) -> None:
        """Take one iopub message into account."""
        msg_type = msg["header"]["msg_type"]
        content = msg["content"]
        if msg_type == "clear_output":
            if content.get("wait"):
                self._clear_on_next = True
            else:
                self._clear()
            return
        if msg_type == "execute_input":
            count = content.get("execution_count")
            self.execution_count = count if isinstance(count, int) else None
            return
        if msg_type == "update_display_data":
            self._update_display(content)
            return
        output = self._output(msg_type, content)
        if output is None:
            return
        if self._clear_on_next:
            self._clear()
        self._append(output, content)

    def _clear(self) -> None:
        self.outputs.clear()
        self._displays.clear()
        self._clear_on_next = False

    def _output(self, msg_type: str, content: JSONObject) -> Output | None:
        match msg_type:
            case "stream":
                return {
                    "output_type": "stream",
                    "name": str(content.get("name", "stdout")),
                    "text": _text(content.get("text")),
                }
            case "display_data":
                return {
                    "output_type": "display_data",
                    "data": _dict(content.get("data")),
                    "metadata": _dict(content.get("metadata")),
                }
            case "execute_result":
                count = content.get("execution_count")
                count = count if isinstance(count, int) else None
                if count is not None:
                    self.execution_count = count
                return {
                    "output_type": "execute_result",
                    "execution_count": count,
                    "data": _dict(content.get("data")),
                    "metadata": _dict(content.get("metadata")),
                }
            case "error":
                traceback = content.get("traceback")
                return {
                    "output_type": "error",
                    "ename": str(content.get("ename", "")),
                    "evalue": str(content.get("evalue", "")),
                    "traceback": [str(t) for t in traceback] if isinstance(traceback, list) else [],
                }
        return None

    def _append(self, output: Output, content: JSONObject) -> None:
        last = self.outputs[-1] if self.outputs else None
        if (
            output["output_type"] == "stream"
            and last is not None
            and last["output_type"] == "stream"
            and last["name"] == output["name"]
        ):
            last["text"] += output["text"]
            return
        display_id = _dict(content.get("transient")).get("display_id")
        if isinstance(display_id, str) and output["output_type"] in (
            "display_data",
            "execute_result",
        ):
            self._displays.setdefault(display_id, []).append(len(self.outputs))
        self.outputs.append(output)

    def _update_display(self, content: JSONObject) -> None:
        display_id = _dict(content.get("transient")).get("display_id")
        if not isinstance(display_id, str):
            return
        for index in self._displays.get(display_id, ()):
            output = self.outputs[index]
            if output["output_type"] == "display_data" or output["output_type"] == "execute_result":
                output["data"] = _dict(content.get("data"))
                output["metadata"] = _dict(content.get("metadata"))
