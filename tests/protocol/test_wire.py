"""Byte-level tests of the kernel websocket codecs (no server)."""

from __future__ import annotations

import itertools
import json
import struct
import time
from collections.abc import Sequence
from typing import cast

import pytest
from jupyter_client.session import Session, json_packer
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_binary_message,
    serialize_msg_to_ws_v1,
)

from jupyter_sdk.errors import MessageTooLargeError, ProtocolError
from jupyter_sdk.protocol.messages import (
    BufferLike,
    Channel,
    JSONObject,
    Message,
    execute_request,
    new_message,
)
from jupyter_sdk.protocol.wire import (
    MAX_OUTBOUND_MESSAGE,
    V1_PROTOCOL,
    WireProtocol,
    decode,
    decode_legacy,
    decode_v1,
    encode,
    encode_legacy,
    encode_v1,
)

UNICODE = 'héllo wörld 🐍 \u2013 日本語 \u2028 \x00 "quoted" \\ back'


def make(
    content: JSONObject | None = None,
    buffers: Sequence[BufferLike] | None = None,
    channel: Channel = "shell",
    msg_type: str = "comm_msg",
) -> Message[JSONObject]:
    body: JSONObject = {"comm_id": "c1", "data": {}} if content is None else content
    msg = new_message(
        msg_type, channel, body, session="session-1", metadata={"m": 1}, buffers=buffers
    )
    msg["parent_header"] = {"msg_id": "parent", "msg_type": "execute_request"}
    return msg


def plain(msg: Message[JSONObject]) -> dict[str, object]:
    """The message with buffers as bytes, for equality checks."""
    return {**msg, "buffers": [bytes(b) for b in msg["buffers"]]}


def pack(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def v1_frame(parts: Sequence[bytes]) -> bytes:
    """A v1 frame built independently of the encoder under test."""
    count = len(parts) + 1
    offsets = [8 * (count + 1)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{count + 1}Q", count, *offsets) + b"".join(parts)


def v1_parts(**override: bytes) -> list[bytes]:
    parts = {
        "channel": b"shell",
        "header": pack({"msg_id": "a", "msg_type": "status"}),
        "parent_header": b"{}",
        "metadata": b"{}",
        "content": pack({"execution_state": "idle"}),
    }
    parts.update(override)
    return list(parts.values())


def legacy_frame(parts: Sequence[bytes]) -> bytes:
    count = len(parts)
    offsets = [4 * (count + 1)]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f">{count + 1}I", count, *offsets) + b"".join(parts)


BUFFER_SETS: list[list[BufferLike]] = [
    [],
    [b"one"],
    [b"", b"\x00\xff" * 500, b""],
    [bytearray(b"ba"), memoryview(b"mv"), b"by"],
    [cast("BufferLike", memoryview(struct.pack("<3d", 1.0, 2.0, 3.0)).cast("d"))],  # not bytes
]


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("buffers", BUFFER_SETS)
@pytest.mark.parametrize("content", [None, {"text": UNICODE, "n": [1, 2.5, None, True]}])
def test_v1_round_trip(buffers: list[BufferLike], content: JSONObject | None) -> None:
    msg = make(content, buffers)
    frame = encode_v1(msg)
    assert isinstance(frame, bytes)
    assert plain(decode_v1(frame)) == plain(msg)


@pytest.mark.parametrize("buffers", BUFFER_SETS)
@pytest.mark.parametrize("content", [None, {"text": UNICODE, "n": [1, 2.5, None, True]}])
def test_legacy_round_trip(buffers: list[BufferLike], content: JSONObject | None) -> None:
    msg = make(content, buffers)
    frame = encode_legacy(msg)
    assert isinstance(frame, bytes if buffers else str)
    assert plain(decode_legacy(frame)) == plain(msg)


def test_v1_layout() -> None:
    msg = make(buffers=[b"abc", b""])
    frame = encode_v1(msg)
    (count,) = struct.unpack_from("<Q", frame)
    assert count == 8  # 5 parts + 2 buffers + end
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    assert offsets[0] == 8 * (count + 1)
    assert offsets[-1] == len(frame)
    parts = [frame[a:b] for a, b in itertools.pairwise(offsets)]
    assert parts[0] == b"shell"
    assert json.loads(parts[1]) == msg["header"]
    assert json.loads(parts[2]) == msg["parent_header"]
    assert json.loads(parts[3]) == {"m": 1}
    assert json.loads(parts[4]) == msg["content"]
    assert parts[5:] == [b"abc", b""]
    assert b" " not in parts[1]  # compact separators


def test_v1_buffers_are_zero_copy_views() -> None:
    frame = encode_v1(make(buffers=[b"payload"]))
    (buffer,) = decode_v1(frame)["buffers"]
    assert isinstance(buffer, memoryview)
    assert buffer.obj is frame
    assert buffer.tobytes() == b"payload"


def test_decode_accepts_bytearray_and_memoryview() -> None:
    msg = make(buffers=[b"x"])
    frame = encode_v1(msg)
    assert plain(decode_v1(bytearray(frame))) == plain(msg)
    assert plain(decode_v1(memoryview(frame))) == plain(msg)
    legacy = encode_legacy(msg)
    assert isinstance(legacy, bytes)
    assert plain(decode_legacy(memoryview(legacy))) == plain(msg)


def test_legacy_text_frame_shape() -> None:
    msg = make()
    frame = encode_legacy(msg)
    assert isinstance(frame, str)
    assert json.loads(frame) == {
        "header": msg["header"],
        "parent_header": msg["parent_header"],
        "metadata": msg["metadata"],
        "content": msg["content"],
        "channel": "shell",
    }


def test_legacy_binary_layout() -> None:
    frame = encode_legacy(make(buffers=[b"abc", b"defg"]))
    assert isinstance(frame, bytes)
    count, *offsets = struct.unpack_from(">4I", frame)
    assert count == 3
    assert offsets[0] == 16
    assert frame[offsets[1] : offsets[2]] == b"abc"
    assert frame[offsets[2] :] == b"defg"
    body = json.loads(frame[offsets[0] : offsets[1]])
    assert body["channel"] == "shell"
    assert "buffers" not in body


def test_unknown_channel_decodes() -> None:
    frame = v1_frame(v1_parts(channel="näh".encode()))
    assert decode_v1(frame)["channel"] == "näh"
    text = json.dumps(
        {
            "channel": "other",
            "header": {"msg_id": "a", "msg_type": "x"},
            "parent_header": {},
            "metadata": {},
            "content": {},
        }
    )
    assert decode_legacy(text)["channel"] == "other"


def test_lone_surrogate_round_trips() -> None:
    msg = make({"text": "bad \ud800 surrogate"})
    for protocol in WireProtocol:
        assert decode(protocol, encode(protocol, msg))["content"] == msg["content"]


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="JSON"):
        encode_v1(make({"x": float("nan")}))


def test_dispatch() -> None:
    msg = make(buffers=[b"b"])
    assert encode("v1", msg) == encode_v1(msg)
    assert encode(WireProtocol.LEGACY, msg) == encode_legacy(msg)
    assert plain(decode("v1", encode_v1(msg))) == plain(msg)
    assert plain(decode(WireProtocol.LEGACY, encode_legacy(msg))) == plain(msg)
    with pytest.raises(ProtocolError, match="binary"):
        decode(WireProtocol.V1, "{}")
    assert WireProtocol.from_subprotocol(V1_PROTOCOL) is WireProtocol.V1
    assert WireProtocol.from_subprotocol(None) is WireProtocol.LEGACY
    assert WireProtocol.from_subprotocol("") is WireProtocol.LEGACY
    assert WireProtocol.V1.subprotocol == V1_PROTOCOL
    assert WireProtocol.LEGACY.subprotocol is None
    assert WireProtocol("v1") is WireProtocol.V1


# --------------------------------------------------------------------------- interop


def test_v1_bytes_equal_jupyter_server_serializer() -> None:
    msg = make({"text": UNICODE}, buffers=[b"abc", memoryview(b"")])
    parts = [pack(msg[k]) for k in ("header", "parent_header", "metadata", "content")]
    expected = serialize_msg_to_ws_v1([*parts, b"abc", b""], "shell")
    assert encode_v1(msg) == expected


def test_v1_encoded_read_by_jupyter_server() -> None:
    msg = make({"text": UNICODE}, buffers=[b"abc", b"\x00"])
    channel, msg_list = deserialize_msg_from_ws_v1(encode_v1(msg))
    assert channel == "shell"
    header, parent, metadata, content, *buffers = msg_list
    assert json.loads(header) == msg["header"]
    assert json.loads(parent) == msg["parent_header"]
    assert json.loads(metadata) == msg["metadata"]
    assert json.loads(content) == msg["content"]
    assert buffers == [b"abc", b"\x00"]


def test_v1_from_jupyter_server_session_frames() -> None:
    """What the server forwards: the kernel's zmq parts, framed by serialize_msg_to_ws_v1."""
    session = Session(key=b"")
    zmq_msg = session.msg("stream", {"name": "stdout", "text": UNICODE}, metadata={"k": "v"})
    zmq_parts = session.serialize(zmq_msg)[2:]  # drop DELIM and the signature
    frame = serialize_msg_to_ws_v1([*zmq_parts, b"buf"], "iopub")
    msg = decode_v1(frame)
    assert msg["channel"] == "iopub"
    assert msg["header"]["msg_id"] == zmq_msg["header"]["msg_id"]
    assert msg["header"]["date"].endswith("Z")
    assert msg["content"] == {"name": "stdout", "text": UNICODE}
    assert msg["metadata"] == {"k": "v"}
    assert msg["parent_header"] == {}
    assert [bytes(b) for b in msg["buffers"]] == [b"buf"]
    # and the server's own error messages, packed with pack=
    frame = serialize_msg_to_ws_v1(zmq_msg, "iopub", json_packer)
    assert decode_v1(frame)["content"]["text"] == UNICODE


def test_legacy_binary_read_by_jupyter_server() -> None:
    msg = make({"text": UNICODE}, buffers=[b"abc", b"", b"z"])
    frame = encode_legacy(msg)
    assert isinstance(frame, bytes)
    theirs = deserialize_binary_message(frame)
    assert theirs["channel"] == "shell"
    assert theirs["content"] == msg["content"]
    assert theirs["metadata"] == msg["metadata"]
    assert theirs["header"]["msg_id"] == msg["header"]["msg_id"]
    assert [bytes(b) for b in theirs["buffers"]] == [b"abc", b"", b"z"]


def test_legacy_text_read_by_jupyter_server() -> None:
    msg = make({"text": UNICODE})
    frame = encode_legacy(msg)
    assert isinstance(frame, str)
    theirs = json.loads(frame)  # what handle_incoming_message does
    assert theirs.pop("channel") == "shell"
    assert theirs["header"] == msg["header"]


def test_legacy_binary_from_jupyter_server() -> None:
    session = Session(key=b"")
    theirs = session.msg("comm_msg", {"comm_id": "c", "data": {"t": UNICODE}})
    theirs["channel"] = "iopub"
    theirs["buffers"] = [b"abc", b"de"]
    msg = decode_legacy(serialize_binary_message(theirs))
    assert msg["channel"] == "iopub"
    assert msg["content"] == {"comm_id": "c", "data": {"t": UNICODE}}
    assert msg["header"]["msg_id"] == theirs["header"]["msg_id"]
    assert [bytes(b) for b in msg["buffers"]] == [b"abc", b"de"]
    # jupyter_server writes whole frames identically apart from its JSON spacing
    msg["buffers"] = [b"abc", b"de"]
    ours = encode_legacy(msg)
    assert isinstance(ours, bytes)
    assert ours[4:8] == struct.pack(">I", 16)
    assert ours[:4] == serialize_binary_message(theirs)[:4]


def test_legacy_text_from_jupyter_server() -> None:
    """The server's text frames carry msg_id/msg_type/buffers at the top level too."""
    session = Session(key=b"")
    theirs = session.deserialize(session.serialize(session.msg("status", {"x": 1}))[1:])
    theirs["channel"] = "iopub"
    from jupyter_client.jsonutil import json_default

    msg = decode_legacy(json.dumps(theirs, default=json_default))
    assert set(msg) == {"header", "parent_header", "metadata", "content", "buffers", "channel"}
    assert msg["buffers"] == []
    assert msg["content"] == {"x": 1}


# --------------------------------------------------------------------------- malformed v1


def raw_v1(count: int, offsets: Sequence[int], tail: bytes = b"") -> bytes:
    return struct.pack(f"<{1 + len(offsets)}Q", count, *offsets) + tail


GOOD = v1_frame(v1_parts())
TABLE = 8 * 7

MALFORMED_V1: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "too short"),
    "short count": (b"\x06\x00\x00", "too short"),
    "count 2**63": (raw_v1(2**63, [TABLE]), "claims"),
    "count 2**64-1": (raw_v1(2**64 - 1, []), "claims"),
    "count larger than frame": (raw_v1(100, [0] * 6), "claims"),
    "count zero": (raw_v1(0, []), "at least 6"),
    "too few parts": (v1_frame(v1_parts()[:4]), "at least 6"),
    "offsets decreasing": (raw_v1(6, [TABLE, 60, 58, 60, 60, 60], b"x" * 4), "non-decreasing"),
    "offset past end": (raw_v1(6, [TABLE, TABLE, TABLE, TABLE, TABLE, 999]), "non-decreasing"),
    "offset into table": (raw_v1(6, [8, 56, 56, 56, 56, 56]), "non-decreasing"),
    "trailing bytes": (GOOD + b"x", "last offset"),
    "truncated": (GOOD[:-3], "non-decreasing"),
    "truncated json": (v1_frame(v1_parts(header=b'{"msg_id": "a", "msg_t')), "header.*JSON"),
    "empty header": (v1_frame(v1_parts(header=b"")), "header.*JSON"),
    "header array": (v1_frame(v1_parts(header=b"[]")), "header must be a JSON object"),
    "header null": (v1_frame(v1_parts(header=b"null")), "header must be a JSON object"),
    "header no msg_id": (v1_frame(v1_parts(header=b'{"msg_type":"x"}')), "no msg_id"),
    "header int msg_type": (
        v1_frame(v1_parts(header=b'{"msg_id":"a","msg_type":3}')),
        "msg_type must be a string",
    ),
    "parent bad msg_id": (v1_frame(v1_parts(parent_header=b'{"msg_id":1}')), "parent_header"),
    "parent string": (v1_frame(v1_parts(parent_header=b'"x"')), "parent_header"),
    "metadata array": (v1_frame(v1_parts(metadata=b"[]")), "metadata must be a JSON object"),
    "parent_header number": (v1_frame(v1_parts(parent_header=b"0")), "parent_header must be"),
    "content null": (v1_frame(v1_parts(content=b"null")), "content must be a JSON object"),
    "content number": (v1_frame(v1_parts(content=b"1")), "content"),
    "channel bad utf-8": (v1_frame(v1_parts(channel=b"\xff")), "channel.*UTF-8"),
    "content bad utf-8": (v1_frame(v1_parts(content=b'{"a":"\xc3("}')), "content.*UTF-8"),
    "content utf-16": (v1_frame(v1_parts(content='{"a":1}'.encode("utf-16"))), "content"),
    "content BOM": (v1_frame(v1_parts(content=b'\xef\xbb\xbf{"a":1}')), "content.*JSON"),
    "content deep": (v1_frame(v1_parts(content=b"[" * 100_000)), "content.*JSON"),
    "content huge int": (v1_frame(v1_parts(content=b'{"a":' + b"9" * 5000 + b"}")), "JSON"),
}


@pytest.mark.parametrize("name", MALFORMED_V1)
def test_v1_malformed(name: str) -> None:
    frame, match = MALFORMED_V1[name]
    with pytest.raises(ProtocolError, match=match):
        decode_v1(frame)


def test_v1_good_reference_frame_decodes() -> None:
    assert decode_v1(GOOD)["content"] == {"execution_state": "idle"}


@pytest.mark.parametrize("count", [2**60, 2**63, 2**64 - 1])
def test_v1_huge_count_fails_fast(count: int) -> None:
    frame = raw_v1(count, [TABLE] * 6)
    start = time.perf_counter()
    with pytest.raises(ProtocolError):
        decode_v1(frame)
    assert time.perf_counter() - start < 0.5


def test_decode_errors_chain_their_cause() -> None:
    with pytest.raises(ProtocolError) as info:
        decode_v1(v1_frame(v1_parts(content=b"{")))
    assert isinstance(info.value.__cause__, json.JSONDecodeError)
    with pytest.raises(ProtocolError) as info:
        decode_v1(v1_frame(v1_parts(channel=b"\xff")))
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


# ------------------------------------------------------------- real kernels' deviations
# What kernels send that JupyterLab's @jupyterlab/services accepts: one test per deviation seen.


def test_v1_null_parent_header_reads_as_empty() -> None:
    """xeus-python 0.19 sends ``parent_header: null`` on iopub after a restart."""
    msg = decode_v1(v1_frame(v1_parts(channel=b"iopub", parent_header=b"null")))
    assert msg["parent_header"] == {}
    assert msg["content"] == {"execution_state": "idle"}


def test_v1_null_metadata_reads_as_empty() -> None:
    msg = decode_v1(v1_frame(v1_parts(metadata=b"null")))
    assert msg["metadata"] == {}


def test_v1_extra_header_fields_are_kept() -> None:
    header = pack({"msg_id": "a", "msg_type": "status", "subshell_id": None, "x-extra": [1]})
    msg = decode_v1(v1_frame(v1_parts(header=header)))
    assert cast("dict[str, object]", msg["header"])["x-extra"] == [1]


def _legacy_body(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "channel": "iopub",
        "header": {"msg_id": "a", "msg_type": "status"},
        "parent_header": {},
        "metadata": {},
        "content": {"execution_state": "idle"},
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not _MISSING}


_MISSING = object()


@pytest.mark.parametrize(
    "fields",
    [
        {"parent_header": None},  # xeus-python after a restart, through the legacy protocol
        {"parent_header": _MISSING},
        {"metadata": None},
        {"metadata": _MISSING},
        {"buffers": _MISSING, "msg_id": "a", "msg_type": "status", "extra": {"x": 1}},
    ],
    ids=["null parent", "no parent", "null metadata", "no metadata", "extra top-level keys"],
)
def test_legacy_lenient_fields(fields: dict[str, object]) -> None:
    body = _legacy_body(**fields)
    for frame in (json.dumps(body), legacy_frame([pack(body), b"buf"])):
        msg = decode_legacy(frame)
        assert msg["parent_header"] == {}
        assert msg["metadata"] == {}
        assert msg["content"] == {"execution_state": "idle"}
        assert set(msg) == {"header", "parent_header", "metadata", "content", "buffers", "channel"}


# --------------------------------------------------------------------------- malformed legacy

GOOD_BODY = pack(
    {
        "channel": "iopub",
        "header": {"msg_id": "a", "msg_type": "status"},
        "parent_header": {},
        "metadata": {},
        "content": {},
    }
)

MALFORMED_LEGACY: dict[str, tuple[str | bytes, str]] = {
    "text empty": ("", "JSON"),
    "text not json": ("{nope", "JSON"),
    "text array": ("[1, 2]", "must be a JSON object"),
    "text no channel": (
        '{"header":{"msg_id":"a","msg_type":"b"},"parent_header":{},"metadata":{},"content":{}}',
        "no channel",
    ),
    "text channel int": ('{"channel": 1}', "channel must be a string"),
    "text no header": (
        '{"channel":"shell","parent_header":{},"metadata":{},"content":{}}',
        "header must be a JSON object",
    ),
    "text no content": (
        '{"channel":"shell","header":{"msg_id":"a","msg_type":"b"},'
        '"parent_header":{},"metadata":{}}',
        "content",
    ),
    "text deep": ("[" * 100_000, "JSON"),
    "binary empty": (b"", "too short"),
    "binary short count": (b"\x00\x00\x01", "too short"),
    "binary zero parts": (b"\x00\x00\x00\x00", "no parts"),
    "binary count huge": (struct.pack(">II", 0xFFFFFFFF, 8), "claims"),
    "binary count past frame": (struct.pack(">III", 5, 12, 12), "claims"),
    "binary offsets decreasing": (struct.pack(">III", 2, 12, 11) + b"x", "non-decreasing"),
    "binary offset past end": (struct.pack(">III", 2, 12, 99) + b"x", "non-decreasing"),
    "binary offset into table": (struct.pack(">II", 1, 0) + b"{}", "non-decreasing"),
    "binary json truncated": (legacy_frame([GOOD_BODY[:-1], b"buf"]), "JSON"),
    "binary json bad utf-8": (legacy_frame([b'{"channel":"\xff"}']), "UTF-8"),
    "binary json array": (legacy_frame([b"[]", b"buf"]), "must be a JSON object"),
}


@pytest.mark.parametrize("name", MALFORMED_LEGACY)
def test_legacy_malformed(name: str) -> None:
    frame, match = MALFORMED_LEGACY[name]
    with pytest.raises(ProtocolError, match=match):
        decode_legacy(frame)


def test_legacy_good_reference_frames_decode() -> None:
    assert decode_legacy(GOOD_BODY.decode())["channel"] == "iopub"
    msg = decode_legacy(legacy_frame([GOOD_BODY, b"b1", b"b2"]))
    assert [bytes(b) for b in msg["buffers"]] == [b"b1", b"b2"]
    assert decode_legacy(legacy_frame([GOOD_BODY]))["buffers"] == []


def test_legacy_huge_count_fails_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(ProtocolError):
        decode_legacy(struct.pack(">I", 0xFFFFFFFF) + b"\x00" * 64)
    assert time.perf_counter() - start < 0.5


# --------------------------------------------------------------------------- size limit

ELEVEN_MIB = 11 * 1024 * 1024


@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_too_large_buffer(protocol: WireProtocol) -> None:
    msg = make(buffers=[bytes(ELEVEN_MIB)])
    with pytest.raises(MessageTooLargeError, match=rf"{MAX_OUTBOUND_MESSAGE} bytes"):
        encode(protocol, msg)


@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_too_large_content(protocol: WireProtocol) -> None:
    msg = make({"text": "x" * ELEVEN_MIB})
    with pytest.raises(MessageTooLargeError, match="comm_msg") as info:
        encode(protocol, msg)
    assert isinstance(info.value, ProtocolError)
    assert str(MAX_OUTBOUND_MESSAGE) in str(info.value)


@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_too_large_non_ascii_text(protocol: WireProtocol) -> None:
    # 4 MiB characters but 16 MiB of UTF-8
    with pytest.raises(MessageTooLargeError):
        encode(protocol, make({"text": "🐍" * (4 * 1024 * 1024)}))


@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_buffers_checked_before_json(protocol: WireProtocol) -> None:
    """An oversized buffer is refused before the (here unencodable) JSON is built."""
    msg = make({"bad": float("nan")}, buffers=[bytes(ELEVEN_MIB)])
    with pytest.raises(MessageTooLargeError, match="at least"):
        encode(protocol, msg)


def _fill_to(size: int, protocol: WireProtocol, buffers: list[BufferLike]) -> Message[JSONObject]:
    """A message whose encoded frame is exactly ``size`` bytes."""
    msg = make({"text": ""}, buffers=buffers)
    base = len(encode(protocol, msg))
    msg["content"] = {"text": "x" * (size - base)}
    assert len(encode(protocol, msg, max_size=None)) == size
    return msg


@pytest.mark.parametrize("buffers", [[], [b"buf"]])
@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_just_under_the_limit(protocol: WireProtocol, buffers: list[BufferLike]) -> None:
    msg = _fill_to(MAX_OUTBOUND_MESSAGE, protocol, buffers)
    assert len(encode(protocol, msg)) == MAX_OUTBOUND_MESSAGE
    msg = _fill_to(MAX_OUTBOUND_MESSAGE + 1, protocol, buffers)
    with pytest.raises(MessageTooLargeError):
        encode(protocol, msg)


@pytest.mark.parametrize("protocol", list(WireProtocol))
def test_custom_and_disabled_limit(protocol: WireProtocol) -> None:
    msg = make(buffers=[bytes(2000)])
    with pytest.raises(MessageTooLargeError):
        encode(protocol, msg, max_size=1000)
    big = make(buffers=[bytes(ELEVEN_MIB)])
    assert len(encode(protocol, big, max_size=None)) > ELEVEN_MIB


def test_execute_request_message_encodes() -> None:
    msg = new_message("execute_request", "shell", execute_request("1 + 1"), session="s")
    decoded = decode_v1(encode_v1(msg))
    assert decoded["content"] == dict(msg["content"])
    assert decoded["header"] == msg["header"]
