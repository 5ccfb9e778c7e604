"""Typed Jupyter kernel messages (messaging spec 5.x, up to 5.5 with subshells).

Sans-I/O: plain TypedDicts shaped exactly like the JSON the spec and ``jupyter_client``
use (``reply["content"]["status"]`` works), plus pure helpers that build headers,
messages and request contents. Nothing here touches sockets, clocks other than
``datetime.now`` for the header date, or asyncio.

Spec: https://jupyter-client.readthedocs.io/en/latest/messaging.html (cited as "spec §").

Which channel a message type travels on is in :data:`MESSAGE_TYPES`. Two rules need care:

* Subshell requests (JEP 91, spec 5.5 "Kernel subshells") go on **control**; a shell
  request is routed to a subshell by ``subshell_id`` in its header.
* ``comm_open`` / ``comm_msg`` / ``comm_close`` are sent by a client on **shell** and
  published by the kernel on **iopub** (spec § "Custom Messages"); kernels also publish
  ``shutdown_reply`` on iopub (ipykernel does; JupyterLab types it as iopub).
  :data:`MESSAGE_TYPES` lists the channel a client sends them on or first receives them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Generic, Literal, NotRequired, TypeAlias, TypedDict, TypeVar, cast

__all__ = [
    "BufferLike",
    "CHANNELS",
    "Channel",
    "ClearOutputContent",
    "ClearOutputMsg",
    "CodemirrorMode",
    "CommCloseContent",
    "CommCloseMsg",
    "CommInfo",
    "CommInfoReplyContent",
    "CommInfoReplyMsg",
    "CommInfoReplyOk",
    "CommInfoRequestContent",
    "CommInfoRequestMsg",
    "CommMsgContent",
    "CommMsgMsg",
    "CommOpenContent",
    "CommOpenMsg",
    "CompleteReplyContent",
    "CompleteReplyMsg",
    "CompleteReplyOk",
    "CompleteRequestContent",
    "CompleteRequestMsg",
    "ContentT",
    "CreateSubshellReplyContent",
    "CreateSubshellReplyMsg",
    "CreateSubshellReplyOk",
    "CreateSubshellRequestContent",
    "CreateSubshellRequestMsg",
    "DebugEventContent",
    "DebugEventMsg",
    "DebugReplyContent",
    "DebugReplyMsg",
    "DebugRequestContent",
    "DebugRequestMsg",
    "DeleteSubshellReplyContent",
    "DeleteSubshellReplyMsg",
    "DeleteSubshellRequestContent",
    "DeleteSubshellRequestMsg",
    "DisplayDataContent",
    "DisplayDataMsg",
    "EmptyContent",
    "ErrorContent",
    "ErrorMsg",
    "ExecuteInputContent",
    "ExecuteInputMsg",
    "ExecuteReplyContent",
    "ExecuteReplyError",
    "ExecuteReplyMsg",
    "ExecuteReplyOk",
    "ExecuteRequestContent",
    "ExecuteRequestMsg",
    "ExecuteResultContent",
    "ExecuteResultMsg",
    "ExecutionState",
    "Header",
    "HelpLink",
    "HistAccessType",
    "HistoryReplyContent",
    "HistoryReplyMsg",
    "HistoryReplyOk",
    "HistoryRequestContent",
    "HistoryRequestMsg",
    "InputReplyContent",
    "InputReplyMsg",
    "InputRequestContent",
    "InputRequestMsg",
    "InspectReplyContent",
    "InspectReplyMsg",
    "InspectReplyOk",
    "InspectRequestContent",
    "InspectRequestMsg",
    "InterruptReplyContent",
    "InterruptReplyMsg",
    "InterruptRequestContent",
    "InterruptRequestMsg",
    "IsCompleteReplyContent",
    "IsCompleteReplyMsg",
    "IsCompleteReplyStatus",
    "IsCompleteRequestContent",
    "IsCompleteRequestMsg",
    "JSONObject",
    "JSONValue",
    "KernelInfoReplyContent",
    "KernelInfoReplyMsg",
    "KernelInfoReplyOk",
    "KernelInfoRequestContent",
    "KernelInfoRequestMsg",
    "LanguageInfo",
    "ListSubshellReplyContent",
    "ListSubshellReplyMsg",
    "ListSubshellReplyOk",
    "ListSubshellRequestContent",
    "ListSubshellRequestMsg",
    "MESSAGE_TYPES",
    "Message",
    "MimeBundle",
    "PROTOCOL_VERSION",
    "ParentHeader",
    "ReplyAborted",
    "ReplyError",
    "ReplyOk",
    "ShutdownReplyContent",
    "ShutdownReplyMsg",
    "ShutdownReplyOk",
    "ShutdownRequestContent",
    "ShutdownRequestMsg",
    "StatusContent",
    "StatusMsg",
    "StreamContent",
    "StreamMsg",
    "UpdateDisplayDataContent",
    "UpdateDisplayDataMsg",
    "comm_close",
    "comm_info_request",
    "comm_msg",
    "comm_open",
    "complete_request",
    "create_subshell_request",
    "debug_request",
    "delete_subshell_request",
    "execute_request",
    "history_request",
    "input_reply",
    "inspect_request",
    "interrupt_request",
    "is_complete_request",
    "kernel_info_request",
    "list_subshell_request",
    "new_header",
    "new_message",
    "shutdown_request",
]

PROTOCOL_VERSION = "5.5"
"""Version written into the ``version`` field of headers we create (5.5 adds subshells)."""

# --------------------------------------------------------------------------- JSON, channels

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
"""Any value JSON can carry."""
JSONObject: TypeAlias = dict[str, JSONValue]
"""A JSON object (the shape of ``metadata`` and of unvalidated ``content``)."""
MimeBundle: TypeAlias = dict[str, JSONValue]
"""A mime-type keyed bundle, e.g. ``{"text/plain": "1"}`` (spec § "Display Data")."""
BufferLike: TypeAlias = bytes | bytearray | memoryview
"""A binary buffer attached to a message (decoded messages carry ``memoryview``)."""

Channel = Literal["shell", "control", "iopub", "stdin"]
"""The four kernel channels carried over the websocket (spec § "Introduction")."""
CHANNELS: frozenset[str] = frozenset(("shell", "control", "iopub", "stdin"))

ContentT = TypeVar("ContentT", bound=Mapping[str, object])
"""The content type of a :class:`Message`."""
_ParentT = TypeVar("_ParentT", bound=Mapping[str, object])

# --------------------------------------------------------------------------- envelope


class Header(TypedDict):
    """A message header (spec § "General Message Format").

    ``subshell_id`` routes a shell request to a subshell (spec 5.5, JEP 91).
    """

    msg_id: str
    msg_type: str
    username: str
    session: str
    date: str
    version: str
    subshell_id: NotRequired[str | None]


class ParentHeader(TypedDict, total=False):
    """The header of the parent message, or ``{}`` when there is no parent."""

    msg_id: str
    msg_type: str
    username: str
    session: str
    date: str
    version: str
    subshell_id: str | None


class Message(TypedDict, Generic[ContentT]):
    """A whole kernel message as carried by the websocket.

    ``channel`` is one of :data:`CHANNELS` for every message Jupyter Server forwards;
    it is typed ``str`` because unknown channel names still decode.
    """

    header: Header
    parent_header: ParentHeader
    metadata: JSONObject
    content: ContentT
    buffers: list[BufferLike]
    channel: str


# --------------------------------------------------------------------------- reply status
# spec § "Request-Reply": every reply has status ok / error / aborted. The spec text says
# "abort"; ipykernel sends "aborted" (e.g. after stop_on_error), so both are accepted.


class ReplyOk(TypedDict):
    """The content of a successful reply that carries nothing else."""

    status: Literal["ok"]


class ReplyError(TypedDict):
    """The content of a failed reply."""

    status: Literal["error"]
    ename: str
    evalue: str
    traceback: list[str]


class ReplyAborted(TypedDict):
    """The content of an aborted reply."""

    status: Literal["aborted", "abort"]


class EmptyContent(TypedDict):
    """The empty content ``{}`` of requests without fields."""


# --------------------------------------------------------------------------- shell
# spec § "Messages on the shell (ROUTER/DEALER) channel"


class ExecuteRequestContent(TypedDict):
    """spec § "Execute"."""

    code: str
    silent: bool
    store_history: bool
    user_expressions: dict[str, str]
    allow_stdin: bool
    stop_on_error: bool


class ExecuteReplyOk(TypedDict):
    """spec § "Execution results"; ``payload`` is deprecated but still sent by ipykernel."""

    status: Literal["ok"]
    execution_count: int
    payload: NotRequired[list[JSONObject]]
    user_expressions: NotRequired[dict[str, JSONObject]]


class ExecuteReplyError(ReplyError):
    """An ``error`` execute reply; kernels also send the execution count."""

    execution_count: NotRequired[int | None]


ExecuteReplyContent: TypeAlias = ExecuteReplyOk | ExecuteReplyError | ReplyAborted


class InspectRequestContent(TypedDict):
    """spec § "Introspection"."""

    code: str
    cursor_pos: int
    detail_level: Literal[0, 1]


class InspectReplyOk(TypedDict):
    """spec § "Introspection"."""

    status: Literal["ok"]
    found: bool
    data: MimeBundle
    metadata: JSONObject


InspectReplyContent: TypeAlias = InspectReplyOk | ReplyError | ReplyAborted


class CompleteRequestContent(TypedDict):
    """spec § "Completion"; ``cursor_pos`` counts unicode code points (5.2)."""

    code: str
    cursor_pos: int


class CompleteReplyOk(TypedDict):
    """spec § "Completion"."""

    status: Literal["ok"]
    matches: list[str]
    cursor_start: int
    cursor_end: int
    metadata: JSONObject


CompleteReplyContent: TypeAlias = CompleteReplyOk | ReplyError | ReplyAborted

HistAccessType = Literal["range", "tail", "search"]


class HistoryRequestContent(TypedDict):
    """spec § "History".

    ``range`` uses session/start/stop, ``tail`` uses n, ``search`` uses n/pattern/unique.
    """

    output: bool
    raw: bool
    hist_access_type: HistAccessType
    session: NotRequired[int]
    start: NotRequired[int]
    stop: NotRequired[int | None]
    n: NotRequired[int | None]
    pattern: NotRequired[str]
    unique: NotRequired[bool]


class HistoryReplyOk(TypedDict):
    """spec § "History": ``(session, line, input)`` or ``(session, line, (input, output))``."""

    status: Literal["ok"]
    history: list[list[JSONValue]]


HistoryReplyContent: TypeAlias = HistoryReplyOk | ReplyError | ReplyAborted


class IsCompleteRequestContent(TypedDict):
    """spec § "Code completeness"."""

    code: str


IsCompleteReplyStatus = Literal["complete", "incomplete", "invalid", "unknown"]


class IsCompleteReplyContent(TypedDict):
    """spec § "Code completeness": ``status`` is not ok/error here; ``indent`` if incomplete."""

    status: IsCompleteReplyStatus
    indent: NotRequired[str]


class CommInfoRequestContent(TypedDict):
    """spec § "Comm info"; without ``target_name`` all comms are listed."""

    target_name: NotRequired[str]


class CommInfo(TypedDict):
    """One open comm in a ``comm_info_reply``."""

    target_name: str


class CommInfoReplyOk(TypedDict):
    """spec § "Comm info"."""

    status: Literal["ok"]
    comms: dict[str, CommInfo]


CommInfoReplyContent: TypeAlias = CommInfoReplyOk | ReplyError | ReplyAborted

KernelInfoRequestContent: TypeAlias = EmptyContent


class HelpLink(TypedDict):
    """An entry of ``kernel_info_reply.help_links``."""

    text: str
    url: str


CodemirrorMode: TypeAlias = str | dict[str, JSONValue]


class LanguageInfo(TypedDict):
    """``kernel_info_reply.language_info`` (spec § "Kernel info")."""

    name: str
    version: str
    mimetype: str
    file_extension: str
    pygments_lexer: NotRequired[str]
    codemirror_mode: NotRequired[CodemirrorMode]
    nbconvert_exporter: NotRequired[str]


class KernelInfoReplyOk(TypedDict):
    """spec § "Kernel info"; ``supported_features`` (5.5) lists e.g. ``"kernel subshells"``."""

    status: Literal["ok"]
    protocol_version: str
    implementation: str
    implementation_version: str
    language_info: LanguageInfo
    banner: str
    debugger: NotRequired[bool]
    help_links: NotRequired[list[HelpLink]]
    supported_features: NotRequired[list[str]]


KernelInfoReplyContent: TypeAlias = KernelInfoReplyOk | ReplyError | ReplyAborted

# --------------------------------------------------------------------------- control
# spec § "Messages on the control (ROUTER/DEALER) channel"


class ShutdownRequestContent(TypedDict):
    """spec § "Kernel shutdown"."""

    restart: bool


class ShutdownReplyOk(TypedDict):
    """spec § "Kernel shutdown" (also published on iopub)."""

    status: Literal["ok"]
    restart: bool


ShutdownReplyContent: TypeAlias = ShutdownReplyOk | ReplyError | ReplyAborted
InterruptRequestContent: TypeAlias = EmptyContent
InterruptReplyContent: TypeAlias = ReplyOk | ReplyError | ReplyAborted


class DebugRequestContent(TypedDict):
    """spec § "Debug request": a Debug Adapter Protocol request."""

    seq: int
    type: Literal["request"]
    command: str
    arguments: NotRequired[JSONObject]


class DebugReplyContent(TypedDict):
    """spec § "Debug request": a DAP response (no ``status`` field)."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[JSONObject]


# spec 5.5 § "Kernel subshells" (JEP 91): all subshell requests travel on control.
CreateSubshellRequestContent: TypeAlias = EmptyContent


class CreateSubshellReplyOk(TypedDict):
    """spec § "Create subshell"."""

    status: Literal["ok"]
    subshell_id: str


CreateSubshellReplyContent: TypeAlias = CreateSubshellReplyOk | ReplyError | ReplyAborted


class DeleteSubshellRequestContent(TypedDict):
    """spec § "Delete subshell"."""

    subshell_id: str


DeleteSubshellReplyContent: TypeAlias = ReplyOk | ReplyError | ReplyAborted
ListSubshellRequestContent: TypeAlias = EmptyContent


class ListSubshellReplyOk(TypedDict):
    """spec § "List subshells": the ids, without the parent shell."""

    status: Literal["ok"]
    subshell_id: list[str]


ListSubshellReplyContent: TypeAlias = ListSubshellReplyOk | ReplyError | ReplyAborted

# --------------------------------------------------------------------------- iopub
# spec § "Messages on the IOPub (PUB/SUB) channel"


class StreamContent(TypedDict):
    """spec § "Streams (stdout, stderr, etc)"."""

    name: Literal["stdout", "stderr"]
    text: str


class DisplayDataContent(TypedDict):
    """spec § "Display Data"; ``transient`` may hold ``display_id``."""

    data: MimeBundle
    metadata: JSONObject
    transient: NotRequired[JSONObject]


class UpdateDisplayDataContent(TypedDict):
    """spec § "Update Display Data": ``transient["display_id"]`` names the display."""

    data: MimeBundle
    metadata: JSONObject
    transient: JSONObject


class ExecuteInputContent(TypedDict):
    """spec § "Code inputs"."""

    code: str
    execution_count: int


class ExecuteResultContent(TypedDict):
    """spec § "Execution results"."""

    execution_count: int
    data: MimeBundle
    metadata: JSONObject
    transient: NotRequired[JSONObject]


class ErrorContent(TypedDict):
    """spec § "Execution errors"."""

    ename: str
    evalue: str
    traceback: list[str]


# The kernel sends starting/busy/idle; Jupyter Server synthesises the others.
ExecutionState = Literal["starting", "busy", "idle", "restarting", "autorestarting", "dead"]


class StatusContent(TypedDict):
    """spec § "Kernel status"."""

    execution_state: ExecutionState


class ClearOutputContent(TypedDict):
    """spec § "Clear output"."""

    wait: bool


class DebugEventContent(TypedDict):
    """spec § "Debug event": a DAP event."""

    seq: int
    type: Literal["event"]
    event: str
    body: NotRequired[JSONObject]


class CommOpenContent(TypedDict):
    """spec § "Opening a Comm"."""

    comm_id: str
    target_name: str
    data: JSONObject
    target_module: NotRequired[str]


class CommMsgContent(TypedDict):
    """spec § "Comm Messages"."""

    comm_id: str
    data: JSONObject


class CommCloseContent(TypedDict):
    """spec § "Tearing Down Comms"."""

    comm_id: str
    data: JSONObject


# --------------------------------------------------------------------------- stdin
# spec § "Messages on the stdin (ROUTER/DEALER) channel": the kernel asks, the client replies.


class InputRequestContent(TypedDict):
    """spec § "Messages on the stdin channel"."""

    prompt: str
    password: bool


class InputReplyContent(TypedDict):
    """spec § "Messages on the stdin channel"."""

    value: str


# --------------------------------------------------------------------------- message aliases

ExecuteRequestMsg: TypeAlias = Message[ExecuteRequestContent]
ExecuteReplyMsg: TypeAlias = Message[ExecuteReplyContent]
InspectRequestMsg: TypeAlias = Message[InspectRequestContent]
InspectReplyMsg: TypeAlias = Message[InspectReplyContent]
CompleteRequestMsg: TypeAlias = Message[CompleteRequestContent]
CompleteReplyMsg: TypeAlias = Message[CompleteReplyContent]
HistoryRequestMsg: TypeAlias = Message[HistoryRequestContent]
HistoryReplyMsg: TypeAlias = Message[HistoryReplyContent]
IsCompleteRequestMsg: TypeAlias = Message[IsCompleteRequestContent]
IsCompleteReplyMsg: TypeAlias = Message[IsCompleteReplyContent]
CommInfoRequestMsg: TypeAlias = Message[CommInfoRequestContent]
CommInfoReplyMsg: TypeAlias = Message[CommInfoReplyContent]
KernelInfoRequestMsg: TypeAlias = Message[KernelInfoRequestContent]
KernelInfoReplyMsg: TypeAlias = Message[KernelInfoReplyContent]
ShutdownRequestMsg: TypeAlias = Message[ShutdownRequestContent]
ShutdownReplyMsg: TypeAlias = Message[ShutdownReplyContent]
InterruptRequestMsg: TypeAlias = Message[InterruptRequestContent]
InterruptReplyMsg: TypeAlias = Message[InterruptReplyContent]
DebugRequestMsg: TypeAlias = Message[DebugRequestContent]
DebugReplyMsg: TypeAlias = Message[DebugReplyContent]
CreateSubshellRequestMsg: TypeAlias = Message[CreateSubshellRequestContent]
CreateSubshellReplyMsg: TypeAlias = Message[CreateSubshellReplyContent]
DeleteSubshellRequestMsg: TypeAlias = Message[DeleteSubshellRequestContent]
DeleteSubshellReplyMsg: TypeAlias = Message[DeleteSubshellReplyContent]
ListSubshellRequestMsg: TypeAlias = Message[ListSubshellRequestContent]
ListSubshellReplyMsg: TypeAlias = Message[ListSubshellReplyContent]
StreamMsg: TypeAlias = Message[StreamContent]
DisplayDataMsg: TypeAlias = Message[DisplayDataContent]
UpdateDisplayDataMsg: TypeAlias = Message[UpdateDisplayDataContent]
ExecuteInputMsg: TypeAlias = Message[ExecuteInputContent]
ExecuteResultMsg: TypeAlias = Message[ExecuteResultContent]
ErrorMsg: TypeAlias = Message[ErrorContent]
StatusMsg: TypeAlias = Message[StatusContent]
ClearOutputMsg: TypeAlias = Message[ClearOutputContent]
DebugEventMsg: TypeAlias = Message[DebugEventContent]
CommOpenMsg: TypeAlias = Message[CommOpenContent]
CommMsgMsg: TypeAlias = Message[CommMsgContent]
CommCloseMsg: TypeAlias = Message[CommCloseContent]
InputRequestMsg: TypeAlias = Message[InputRequestContent]
InputReplyMsg: TypeAlias = Message[InputReplyContent]

# --------------------------------------------------------------------------- registry

MESSAGE_TYPES: Mapping[str, Channel] = MappingProxyType(
    {
        # shell
        "execute_request": "shell",
        "execute_reply": "shell",
        "inspect_request": "shell",
        "inspect_reply": "shell",
        "complete_request": "shell",
        "complete_reply": "shell",
        "history_request": "shell",
        "history_reply": "shell",
        "is_complete_request": "shell",
        "is_complete_reply": "shell",
        "comm_info_request": "shell",
        "comm_info_reply": "shell",
        "kernel_info_request": "shell",  # may also be sent on control (spec 5.x)
        "kernel_info_reply": "shell",
        # comms: sent by a client on shell, published by the kernel on iopub
        "comm_open": "shell",
        "comm_msg": "shell",
        "comm_close": "shell",
        # control
        "shutdown_request": "control",
        "shutdown_reply": "control",  # also published on iopub
        "interrupt_request": "control",
        "interrupt_reply": "control",
        "debug_request": "control",
        "debug_reply": "control",
        "create_subshell_request": "control",  # 5.5, JEP 91
        "create_subshell_reply": "control",
        "delete_subshell_request": "control",
        "delete_subshell_reply": "control",
        "list_subshell_request": "control",
        "list_subshell_reply": "control",
        # iopub
        "stream": "iopub",
        "display_data": "iopub",
        "update_display_data": "iopub",
        "execute_input": "iopub",
        "execute_result": "iopub",
        "error": "iopub",
        "status": "iopub",
        "clear_output": "iopub",
        "debug_event": "iopub",
        # stdin
        "input_request": "stdin",
        "input_reply": "stdin",
    }
)
"""Every message type of spec 5.5 and the channel it travels on (comms: see module doc)."""

# --------------------------------------------------------------------------- builders


def _utcnow_iso() -> str:
    # jupyter_client's format, always with microseconds: 2024-01-01T00:00:00.000000Z
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_header(
    msg_type: str, session: str, username: str = "", subshell_id: str | None = None
) -> Header:
    """Build a fresh header.

    Args:
        msg_type: The message type, e.g. ``"execute_request"``.
        session: The client session id (stable for one connection).
        username: The user name to report.
        subshell_id: Route a shell request to this subshell (spec 5.5); omitted if None.

    Returns:
        A header with a new uuid4-hex ``msg_id`` and the current UTC ``date``.
    """
    header: Header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": username,
        "session": session,
        "date": _utcnow_iso(),
        "version": PROTOCOL_VERSION,
    }
    if subshell_id is not None:
        header["subshell_id"] = subshell_id
    return header


def new_message(
    msg_type: str,
    channel: Channel,
    content: ContentT,
    *,
    session: str,
    parent: Message[_ParentT] | None = None,
    metadata: Mapping[str, JSONValue] | None = None,
    buffers: Sequence[BufferLike] | None = None,
    username: str = "",
    subshell_id: str | None = None,
) -> Message[ContentT]:
    """Build a whole message ready for :mod:`jupyter_sdk.protocol.wire`.

    Args:
        msg_type: The message type.
        channel: The channel to send it on (see :data:`MESSAGE_TYPES`).
        content: The content, e.g. from :func:`execute_request`.
        session: The client session id.
        parent: The message this one answers (e.g. an ``input_request``), if any.
        metadata: The message metadata.
        buffers: Binary buffers to attach.
        username: The user name to report.
        subshell_id: The subshell to route to (spec 5.5).

    Returns:
        The message.
    """
    parent_header: ParentHeader = {}
    if parent is not None:
        # Copied whole, unknown keys included, as the spec asks.
        parent_header = cast("ParentHeader", dict(parent["header"]))
    return {
        "header": new_header(msg_type, session, username, subshell_id),
        "parent_header": parent_header,
        "metadata": dict(metadata) if metadata is not None else {},
        "content": content,
        "buffers": list(buffers) if buffers is not None else [],
        "channel": channel,
    }


def execute_request(
    code: str,
    *,
    silent: bool = False,
    store_history: bool = True,
    user_expressions: Mapping[str, str] | None = None,
    allow_stdin: bool = False,
    stop_on_error: bool = True,
) -> ExecuteRequestContent:
    """Content of an ``execute_request`` (spec § "Execute")."""
    return {
        "code": code,
        "silent": silent,
        "store_history": store_history,
        "user_expressions": dict(user_expressions) if user_expressions else {},
        "allow_stdin": allow_stdin,
        "stop_on_error": stop_on_error,
    }


def kernel_info_request() -> KernelInfoRequestContent:
    """Content of a ``kernel_info_request`` (empty)."""
    return {}


def complete_request(code: str, cursor_pos: int | None = None) -> CompleteRequestContent:
    """Content of a ``complete_request``; ``cursor_pos`` defaults to the end of ``code``."""
    return {"code": code, "cursor_pos": len(code) if cursor_pos is None else cursor_pos}


def inspect_request(
    code: str, cursor_pos: int | None = None, detail_level: Literal[0, 1] = 0
) -> InspectRequestContent:
    """Content of an ``inspect_request``; ``cursor_pos`` defaults to the end of ``code``."""
    return {
        "code": code,
        "cursor_pos": len(code) if cursor_pos is None else cursor_pos,
        "detail_level": detail_level,
    }


def history_request(
    hist_access_type: HistAccessType = "tail",
    *,
    output: bool = False,
    raw: bool = True,
    session: int = 0,
    start: int = 0,
    stop: int | None = None,
    n: int | None = 10,
    pattern: str = "*",
    unique: bool = False,
) -> HistoryRequestContent:
    """Content of a ``history_request``, with only the fields of ``hist_access_type``.

    Args:
        hist_access_type: ``"range"`` (session/start/stop), ``"tail"`` (n) or
            ``"search"`` (n, pattern, unique).
        output: Also return the outputs.
        raw: Return the raw input rather than the transformed one.
        session: For ``range``: the session number (0 current, negative counts back).
        start: For ``range``: the first line.
        stop: For ``range``: the line after the last one (None: to the end).
        n: For ``tail``/``search``: how many entries (None: all, for ``search``).
        pattern: For ``search``: the glob pattern.
        unique: For ``search``: drop duplicates.

    Raises:
        ValueError: ``hist_access_type`` is not one of the three.
    """
    content: HistoryRequestContent = {
        "output": output,
        "raw": raw,
        "hist_access_type": hist_access_type,
    }
    if hist_access_type == "range":
        content["session"] = session
        content["start"] = start
        content["stop"] = stop
    elif hist_access_type == "tail":
        content["n"] = n
    elif hist_access_type == "search":
        content["n"] = n
        content["pattern"] = pattern
        content["unique"] = unique
    else:
        raise ValueError(f"unknown hist_access_type {hist_access_type!r}")
    return content


def is_complete_request(code: str) -> IsCompleteRequestContent:
    """Content of an ``is_complete_request``."""
    return {"code": code}


def comm_info_request(target_name: str | None = None) -> CommInfoRequestContent:
    """Content of a ``comm_info_request``; all comms unless ``target_name`` is given."""
    return {} if target_name is None else {"target_name": target_name}


def comm_open(
    comm_id: str,
    target_name: str,
    data: Mapping[str, JSONValue] | None = None,
    *,
    target_module: str | None = None,
) -> CommOpenContent:
    """Content of a ``comm_open``; comm metadata goes in the message ``metadata``."""
    content: CommOpenContent = {
        "comm_id": comm_id,
        "target_name": target_name,
        "data": dict(data) if data is not None else {},
    }
    if target_module is not None:
        content["target_module"] = target_module
    return content


def comm_msg(comm_id: str, data: Mapping[str, JSONValue] | None = None) -> CommMsgContent:
    """Content of a ``comm_msg``."""
    return {"comm_id": comm_id, "data": dict(data) if data is not None else {}}


def comm_close(comm_id: str, data: Mapping[str, JSONValue] | None = None) -> CommCloseContent:
    """Content of a ``comm_close``."""
    return {"comm_id": comm_id, "data": dict(data) if data is not None else {}}


def input_reply(value: str) -> InputReplyContent:
    """Content of an ``input_reply`` (sent on stdin with the ``input_request`` as parent)."""
    return {"value": value}


def interrupt_request() -> InterruptRequestContent:
    """Content of an ``interrupt_request`` (empty; only for ``interrupt_mode: message``)."""
    return {}


def shutdown_request(restart: bool = False) -> ShutdownRequestContent:
    """Content of a ``shutdown_request``."""
    return {"restart": restart}


def debug_request(
    seq: int, command: str, arguments: Mapping[str, JSONValue] | None = None
) -> DebugRequestContent:
    """Content of a ``debug_request``: a DAP request (``seq`` is the caller's counter)."""
    content: DebugRequestContent = {"seq": seq, "type": "request", "command": command}
    if arguments is not None:
        content["arguments"] = dict(arguments)
    return content


def create_subshell_request() -> CreateSubshellRequestContent:
    """Content of a ``create_subshell_request`` (empty; sent on control)."""
    return {}


def delete_subshell_request(subshell_id: str) -> DeleteSubshellRequestContent:
    """Content of a ``delete_subshell_request`` (sent on control)."""
    return {"subshell_id": subshell_id}


def list_subshell_request() -> ListSubshellRequestContent:
    """Content of a ``list_subshell_request`` (empty; sent on control)."""
    return {}
