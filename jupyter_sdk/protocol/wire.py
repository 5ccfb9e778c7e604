"""Kernel websocket wire formats of Jupyter Server: encode and decode frames.

Sans-I/O: pure functions from :class:`~jupyter_sdk.protocol.messages.Message` to the
frame payload (``bytes`` or ``str``) and back; no sockets, no asyncio.

Two protocols, chosen by websocket subprotocol negotiation:

``v1.kernel.websocket.jupyter.org`` (:data:`V1_PROTOCOL`), binary frames only::

    u64le n                      number of offsets (= number of parts + 1)
    u64le offsets[n]             offsets[0] = 8 * (n + 1), the end of this table;
                                 part i is frame[offsets[i]:offsets[i + 1]];
                                 offsets[n - 1] is the end of the frame
    parts                        channel (UTF-8), header, parent_header, metadata,
                                 content (JSON each), then the raw buffers

Legacy (no subprotocol): a text frame holding the whole message as JSON (with
``channel``), or, when the message has buffers, a binary frame::

    u32be n                      number of parts (the JSON message + the buffers)
    u32be offsets[n]             start of each part; the last part runs to the end
    parts                        the JSON message without buffers, then the buffers

These match ``serialize_msg_to_ws_v1`` / ``deserialize_msg_from_ws_v1`` and
``serialize_binary_message`` / ``deserialize_binary_message`` in
``jupyter_server/services/kernels/connection/base.py`` and JupyterLab's
``packages/services/src/kernel/serialize.ts``.

Decoding is bounds-checked (no allocation is sized by an untrusted count) and raises
:class:`~jupyter_sdk.errors.ProtocolError` for any malformed frame: framing (counts,
offsets, sizes), text that is not UTF-8 JSON, a header without ``msg_id``/``msg_type``,
content that is not an object. What real kernels send and JupyterLab accepts is read as
JupyterLab reads it: a ``null`` or missing ``parent_header`` or ``metadata`` is ``{}``
(xeus-python sends ``"parent_header": null`` after a restart), extra fields are kept in
the header and dropped at the top level, a missing ``buffers`` is ``[]``. Buffers of decoded
messages are zero-copy ``memoryview`` slices of the frame: they keep the frame alive, and
a ``bytearray`` frame must not be mutated while they are in use.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Literal, cast

from jupyter_sdk.errors import MessageTooLargeError, ProtocolError
from jupyter_sdk.protocol.messages import (
    BufferLike,
    ContentT,
    Header,
    JSONObject,
    Message,
    ParentHeader,
)

__all__ = [
    "Frame",
    "MAX_OUTBOUND_MESSAGE",
    "V1_PROTOCOL",
    "WireProtocol",
    "decode",
    "decode_legacy",
    "decode_v1",
    "encode",
    "encode_legacy",
    "encode_v1",
]

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
"""The websocket subprotocol of the v1 binary kernel protocol."""

MAX_OUTBOUND_MESSAGE = 10 * 1024 * 1024
"""Jupyter Server's default websocket ``max_message_size`` (tornado's 10 MiB)."""

Frame = str | bytes | bytearray | memoryview
"""A websocket frame payload: ``str`` for text frames, bytes-like for binary ones."""


class WireProtocol(StrEnum):
    """Which kernel websocket protocol a connection speaks."""

    V1 = "v1"
    LEGACY = "legacy"

    @classmethod
    def from_subprotocol(cls, subprotocol: str | None) -> WireProtocol:
        """The protocol for the subprotocol the server selected (None: legacy)."""
        return cls.V1 if subprotocol == V1_PROTOCOL else cls.LEGACY

    @property
    def subprotocol(self) -> str | None:
        """The websocket subprotocol to offer, None for legacy."""
        return V1_PROTOCOL if self is WireProtocol.V1 else None


# --------------------------------------------------------------------------- helpers

# Compact, non-ASCII kept as UTF-8, NaN/Infinity refused (not JSON). Encoders built once.
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_dumps_ascii = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode

_U64LE = struct.Struct("<Q")
_U32BE = struct.Struct(">I")
_U32_MAX = 0xFFFFFFFF
_V1_MIN_OFFSETS = 6  # channel, header, parent_header, metadata, content, end
_V1_JSON_PARTS = ("header", "parent_header", "metadata", "content")


@lru_cache(maxsize=64)
def _u64le_table(count: int) -> struct.Struct:
    return struct.Struct(f"<{count}Q")


@lru_cache(maxsize=64)
def _u32be_table(count: int) -> struct.Struct:
    return struct.Struct(f">{count}I")


def _pack(obj: object) -> bytes:
    """Serialize ``obj`` to compact UTF-8 JSON."""
    text = _dumps(obj)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: only valid as JSON escapes
        return _dumps_ascii(obj).encode("ascii")


def _pack_text(obj: object) -> tuple[str, int]:
    """Serialize ``obj`` to compact JSON text; also return its UTF-8 size."""
    text = _dumps(obj)
    if text.isascii():
        return text, len(text)
    try:
        return text, len(text.encode("utf-8"))
    except UnicodeEncodeError:
        text = _dumps_ascii(obj)
        return text, len(text)


def _nbytes(buffer: BufferLike) -> int:
    return buffer.nbytes if isinstance(buffer, memoryview) else len(buffer)


def _check_size(size: int, max_size: int | None, msg: Message[ContentT], *, at_least: bool) -> None:
    if max_size is not None and size > max_size:
        header = msg["header"]
        what = f"{header.get('msg_type', '?')} message on {msg['channel']!r}"
        qualifier = "at least " if at_least else ""
        raise MessageTooLargeError(
            f"{what} would be {qualifier}{size} bytes, over the websocket limit of "
            f"{max_size} bytes (Jupyter Server's max_message_size)"
        )


def _view(data: bytes | bytearray | memoryview) -> memoryview:
    view = memoryview(data)
    if view.ndim != 1 or view.format != "B" or not view.c_contiguous:
        view = memoryview(view.tobytes())
    return view


def _text(part: memoryview, what: str) -> str:
    try:
        return str(part, "utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"{what} is not valid UTF-8: {exc}") from exc


def _loads(text: str, what: str) -> object:
    try:
        value: object = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"{what} is not valid JSON: {exc}") from exc
    return value


def _object(value: object, what: str) -> JSONObject:
    if not isinstance(value, dict):
        raise ProtocolError(f"{what} must be a JSON object, not {_json_kind(value)}")
    return value


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _header(value: object) -> Header:
    header = _object(value, "header")
    for key in ("msg_id", "msg_type"):
        if key not in header:
            raise ProtocolError(f"header has no {key}")
        if not isinstance(header[key], str):
            raise ProtocolError(f"header.{key} must be a string, not {_json_kind(header[key])}")
    return cast("Header", header)


def _lenient_object(value: object, what: str) -> JSONObject:
    """A JSON object, with ``null`` or absence (``None``) read as ``{}``, as JupyterLab does."""
    return {} if value is None else _object(value, what)


def _parent_header(value: object) -> ParentHeader:
    parent = _lenient_object(value, "parent_header")
    for key in ("msg_id", "msg_type"):
        if key in parent and not isinstance(parent[key], str):
            raise ProtocolError(
                f"parent_header.{key} must be a string, not {_json_kind(parent[key])}"
            )
    return cast("ParentHeader", parent)


def _message(
    channel: str,
    header: object,
    parent_header: object,
    metadata: object,
    content: object,
    buffers: list[BufferLike],
) -> Message[JSONObject]:
    return {
        "header": _header(header),
        "parent_header": _parent_header(parent_header),
        "metadata": _lenient_object(metadata, "metadata"),
        "content": _object(content, "content"),
        "buffers": buffers,
        "channel": channel,
    }


def _offsets(
    view: memoryview, table: struct.Struct, at: int, start: int, what: str
) -> tuple[int, ...]:
    """Unpack the offset table at ``at``; check it is non-decreasing within ``[start, len]``."""
    offsets = cast("tuple[int, ...]", table.unpack_from(view, at))
    previous, end = start, view.nbytes
    for offset in offsets:
        if offset < previous or offset > end:
            raise ProtocolError(
                f"{what} offsets must be non-decreasing within the frame "
                f"[{start}, {end}]: got {offset} after {previous}"
            )
        previous = offset
    return offsets


# --------------------------------------------------------------------------- v1


def encode_v1(msg: Message[ContentT], *, max_size: int | None = MAX_OUTBOUND_MESSAGE) -> bytes:
    """Encode a message as a ``v1.kernel.websocket.jupyter.org`` binary frame.

    Args:
        msg: The message; ``msg["channel"]`` names the channel.
        max_size: The largest frame allowed, in bytes (None: no limit).

    Returns:
        The frame payload, to send as a binary frame.

    Raises:
        MessageTooLargeError: The frame would exceed ``max_size``.
        TypeError: The message holds something JSON cannot encode.
        ValueError: The message holds NaN or an infinity.
    """
    buffers: Sequence[BufferLike] = msg.get("buffers") or ()
    count = _V1_MIN_OFFSETS + len(buffers)
    table = 8 * (count + 1)
    size = table + sum(map(_nbytes, buffers))
    _check_size(size, max_size, msg, at_least=True)  # before serializing any JSON
    parts = [
        msg["channel"].encode("utf-8"),
        _pack(msg["header"]),
        _pack(msg["parent_header"]),
        _pack(msg["metadata"]),
        _pack(msg["content"]),
    ]
    size += sum(map(len, parts))
    _check_size(size, max_size, msg, at_least=False)
    offsets = [table]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    for buffer in buffers:
        offsets.append(offsets[-1] + _nbytes(buffer))
    return b"".join([_u64le_table(count + 1).pack(count, *offsets), *parts, *buffers])


def decode_v1(data: bytes | bytearray | memoryview) -> Message[JSONObject]:
    """Decode a ``v1.kernel.websocket.jupyter.org`` binary frame.

    Args:
        data: The binary frame payload.

    Returns:
        The message; its ``buffers`` are ``memoryview`` slices of ``data`` (zero-copy),
        its ``channel`` is whatever text the frame carries (unknown names included).

    Raises:
        ProtocolError: The frame is truncated or malformed (see module docstring).
    """
    view = _view(data)
    size = view.nbytes
    if size < 8:
        raise ProtocolError(f"v1 frame of {size} bytes is too short for its offset count")
    (count,) = _U64LE.unpack_from(view, 0)
    if count < _V1_MIN_OFFSETS:
        raise ProtocolError(
            f"v1 frame has {count} offsets; at least {_V1_MIN_OFFSETS} are needed "
            "(channel, header, parent_header, metadata, content, end)"
        )
    table_end = 8 * (count + 1)
    if table_end > size:  # checked before anything is sized by count
        raise ProtocolError(
            f"v1 frame claims {count} offsets ({table_end} bytes of table) "
            f"but is only {size} bytes long"
        )
    offsets = _offsets(view, _u64le_table(count), 8, table_end, "v1")
    if offsets[-1] != size:
        raise ProtocolError(f"v1 frame ends at {size} but its last offset is {offsets[-1]}")
    parts = [view[offsets[i] : offsets[i + 1]] for i in range(count - 1)]
    channel = _text(parts[0], "channel")
    header, parent_header, metadata, content = (
        _loads(_text(part, name), name)
        for part, name in zip(parts[1:5], _V1_JSON_PARTS, strict=True)
    )
    buffers: list[BufferLike] = list(parts[5:])
    return _message(channel, header, parent_header, metadata, content, buffers)


# --------------------------------------------------------------------------- legacy


def encode_legacy(
    msg: Message[ContentT], *, max_size: int | None = MAX_OUTBOUND_MESSAGE
) -> str | bytes:
    """Encode a message for the legacy protocol (no subprotocol).

    Args:
        msg: The message; ``msg["channel"]`` names the channel.
        max_size: The largest frame allowed, in bytes (None: no limit).

    Returns:
        A ``str`` to send as a text frame when the message has no buffers, otherwise
        ``bytes`` to send as a binary frame.

    Raises:
        MessageTooLargeError: The frame would exceed ``max_size``.
        TypeError: The message holds something JSON cannot encode.
        ValueError: The message holds NaN or an infinity.
    """
    body: Mapping[str, object] = {
        "header": msg["header"],
        "parent_header": msg["parent_header"],
        "metadata": msg["metadata"],
        "content": msg["content"],
        "channel": msg["channel"],
    }
    buffers: Sequence[BufferLike] = msg.get("buffers") or ()
    if not buffers:
        text, size = _pack_text(body)
        _check_size(size, max_size, msg, at_least=False)
        return text
    count = 1 + len(buffers)
    table = 4 * (count + 1)
    size = table + sum(map(_nbytes, buffers))
    _check_size(size, max_size, msg, at_least=True)
    first = _pack(body)
    size += len(first)
    _check_size(size, max_size, msg, at_least=False)
    offsets = [table, table + len(first)]
    for buffer in buffers[:-1]:
        offsets.append(offsets[-1] + _nbytes(buffer))
    if offsets[-1] > _U32_MAX:
        raise MessageTooLargeError("legacy binary frames cannot place a part beyond 4 GiB")
    return b"".join([_u32be_table(count + 1).pack(count, *offsets), first, *buffers])


def decode_legacy(data: Frame) -> Message[JSONObject]:
    """Decode a legacy-protocol frame: JSON text, or the binary form with buffers.

    Args:
        data: A text frame (``str``) or a binary frame payload.

    Returns:
        The message; ``buffers`` are zero-copy ``memoryview`` slices of a binary frame
        (``[]`` for text frames). Extra top-level keys (``msg_id``, ``msg_type``,
        ``buffers``) that Jupyter Server adds are dropped.

    Raises:
        ProtocolError: The frame is truncated or malformed.
    """
    if isinstance(data, str):
        return _legacy_message(_object(_loads(data, "message"), "message"), [])
    view = _view(data)
    size = view.nbytes
    if size < 4:
        raise ProtocolError(f"legacy binary frame of {size} bytes is too short for its count")
    (count,) = _U32BE.unpack_from(view, 0)
    if count < 1:
        raise ProtocolError("legacy binary frame has no parts; the JSON message is required")
    table_end = 4 * (count + 1)
    if table_end > size:
        raise ProtocolError(
            f"legacy binary frame claims {count} parts ({table_end} bytes of table) "
            f"but is only {size} bytes long"
        )
    offsets = _offsets(view, _u32be_table(count), 4, table_end, "legacy binary")
    bounds = (*offsets, size)
    parts = [view[bounds[i] : bounds[i + 1]] for i in range(count)]
    body = _object(_loads(_text(parts[0], "message"), "message"), "message")
    return _legacy_message(body, list(parts[1:]))


def _legacy_message(body: JSONObject, buffers: list[BufferLike]) -> Message[JSONObject]:
    if "channel" not in body:
        raise ProtocolError("message has no channel")
    channel = body["channel"]
    if not isinstance(channel, str):
        raise ProtocolError(f"message.channel must be a string, not {_json_kind(channel)}")
    return _message(
        channel,
        body.get("header"),
        body.get("parent_header"),
        body.get("metadata"),
        body.get("content"),
        buffers,
    )


# --------------------------------------------------------------------------- dispatch


def encode(
    protocol: WireProtocol | Literal["v1", "legacy"],
    msg: Message[ContentT],
    *,
    max_size: int | None = MAX_OUTBOUND_MESSAGE,
) -> str | bytes:
    """Encode ``msg`` for ``protocol``: ``bytes`` for a binary frame, ``str`` for text.

    Raises:
        MessageTooLargeError: The frame would exceed ``max_size``.
    """
    if WireProtocol(protocol) is WireProtocol.V1:
        return encode_v1(msg, max_size=max_size)
    return encode_legacy(msg, max_size=max_size)


def decode(protocol: WireProtocol | Literal["v1", "legacy"], frame: Frame) -> Message[JSONObject]:
    """Decode one received frame for ``protocol``.

    Raises:
        ProtocolError: The frame is malformed (or is text under the binary-only v1).
    """
    if WireProtocol(protocol) is WireProtocol.V1:
        if isinstance(frame, str):
            raise ProtocolError("the v1 kernel protocol uses binary frames; got a text frame")
        return decode_v1(frame)
    return decode_legacy(frame)
