"""Property tests of the kernel websocket codecs."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_sdk.errors import ProtocolError
from jupyter_sdk.protocol.messages import BufferLike, Header, JSONObject, JSONValue, Message
from jupyter_sdk.protocol.wire import WireProtocol, decode, decode_legacy, decode_v1, encode

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values: st.SearchStrategy[JSONValue] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
json_objects: st.SearchStrategy[JSONObject] = st.dictionaries(
    st.text(max_size=8), json_values, max_size=5
)


@st.composite
def headers(draw: st.DrawFn) -> Header:
    header: Header = {
        "msg_id": draw(st.text(max_size=32)),
        "msg_type": draw(st.text(max_size=24)),
        "username": draw(st.text(max_size=8)),
        "session": draw(st.text(max_size=32)),
        "date": draw(st.text(max_size=27)),
        "version": draw(st.sampled_from(["5.3", "5.4", "5.5"])),
    }
    if draw(st.booleans()):
        header["subshell_id"] = draw(st.none() | st.text(max_size=8))
    return header


def _buffer(kind: str, data: bytes) -> BufferLike:
    return bytearray(data) if kind == "bytearray" else memoryview(data) if kind == "view" else data


buffers_lists: st.SearchStrategy[list[BufferLike]] = st.lists(
    st.builds(_buffer, st.sampled_from(["bytes", "bytearray", "view"]), st.binary(max_size=64)),
    max_size=4,
)
channels = st.sampled_from(["shell", "iopub", "control", "stdin"]) | st.text(max_size=12)


@st.composite
def messages(draw: st.DrawFn) -> Message[JSONObject]:
    parent = draw(st.none() | headers())
    return {
        "header": draw(headers()),
        "parent_header": {} if parent is None else {**parent},
        "metadata": draw(json_objects),
        "content": draw(json_objects),
        "buffers": draw(buffers_lists),
        "channel": draw(channels),
    }


def plain(msg: Message[JSONObject]) -> dict[str, object]:
    return {**msg, "buffers": [bytes(b) for b in msg["buffers"]]}


@FUZZ
@given(msg=messages(), protocol=st.sampled_from(list(WireProtocol)))
def test_round_trip(msg: Message[JSONObject], protocol: WireProtocol) -> None:
    assert plain(decode(protocol, encode(protocol, msg))) == plain(msg)


# --------------------------------------------------------------------------- garbage in


def mostly(good: st.SearchStrategy[JSONValue]) -> st.SearchStrategy[JSONValue]:
    """Usually ``good``, sometimes any JSON value."""
    return st.one_of(good, good, good, json_values)


def to_json(strategy: st.SearchStrategy[JSONValue]) -> st.SearchStrategy[bytes]:
    return strategy.map(lambda value: json.dumps(value).encode())


junk = st.binary(max_size=24)
good_headers: st.SearchStrategy[JSONValue] = st.fixed_dictionaries(
    {"msg_id": st.text(max_size=8), "msg_type": st.text(max_size=8)},
    optional={"date": json_values},
)
good_parents: st.SearchStrategy[JSONValue] = st.just({}) | good_headers
good_objects: st.SearchStrategy[JSONValue] = json_objects
FIELDS = ("channel", "header", "parent_header", "metadata", "content")

# v1: plausible parts (each sometimes junk), a few buffers, sometimes cut short.
v1_parts_lists = st.builds(
    lambda fixed, buffers, keep: (list(fixed) + buffers)[:keep],
    st.tuples(
        st.one_of(st.text(max_size=8).map(str.encode), junk),
        *(
            st.one_of(to_json(mostly(good)), to_json(mostly(good)), junk)
            for good in (good_headers, good_parents, good_objects, good_objects)
        ),
    ),
    st.lists(junk, max_size=3),
    st.one_of(st.just(99), st.integers(0, 8)),
)


@st.composite
def legacy_bodies(draw: st.DrawFn) -> JSONValue:
    """A legacy JSON message, its fields mostly well-formed, maybe one missing."""
    body: dict[str, JSONValue] = {
        "channel": draw(mostly(st.text(max_size=8))),
        "header": draw(mostly(good_headers)),
        "parent_header": draw(mostly(good_parents)),
        "metadata": draw(mostly(good_objects)),
        "content": draw(mostly(good_objects)),
    }
    drop = draw(st.one_of(st.none(), st.none(), st.sampled_from(FIELDS)))
    if drop is not None:
        del body[drop]
    return body


legacy_parts_lists = st.builds(
    lambda first, buffers: [first, *buffers],
    st.one_of(to_json(legacy_bodies()), to_json(legacy_bodies()), junk),
    st.lists(junk, max_size=3),
)


def _frame(parts: list[bytes], *, fmt: str, width: int, end: bool) -> bytes:
    count = len(parts) + 1 if end else len(parts)
    offsets = [width * (count + 1)]
    for part in parts if end else parts[:-1]:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"{fmt}{count + 1}{'Q' if width == 8 else 'I'}", count, *offsets) + b"".join(
        parts
    )


@st.composite
def mangled(draw: st.DrawFn, *, v1: bool) -> bytes:
    """A well-framed frame of random parts, then maybe a table word or its length changed."""
    parts = draw(v1_parts_lists if v1 else legacy_parts_lists)
    width = 8 if v1 else 4
    frame = bytearray(_frame(parts, fmt="<" if v1 else ">", width=width, end=v1))
    words = len(parts) + 2 if v1 else len(parts) + 1
    choice = draw(st.sampled_from(["keep", "word", "cut", "grow"]))
    if choice == "word":
        index = draw(st.integers(0, words - 1))
        value = draw(st.integers(0, 2 ** (8 * width) - 1) | st.integers(0, len(frame) + 2))
        frame[index * width : (index + 1) * width] = value.to_bytes(
            width, "little" if v1 else "big"
        )
    elif choice == "cut":
        del frame[draw(st.integers(0, len(frame))) :]
    elif choice == "grow":
        frame += draw(st.binary(min_size=1, max_size=8))
    return bytes(frame)


def _decodes_or_protocol_error(decoding: Callable[[], Message[JSONObject]]) -> None:
    try:
        msg = decoding()
    except ProtocolError:
        return
    assert isinstance(msg["header"]["msg_id"], str)
    assert isinstance(msg["header"]["msg_type"], str)
    assert isinstance(msg["channel"], str)
    for key in ("parent_header", "metadata", "content"):
        assert isinstance(msg[key], dict)


@FUZZ
@given(data=st.binary(max_size=512) | mangled(v1=True))
def test_decode_v1_never_crashes(data: bytes) -> None:
    _decodes_or_protocol_error(lambda: decode_v1(data))


@FUZZ
@given(data=st.binary(max_size=512) | mangled(v1=False))
def test_decode_legacy_bytes_never_crashes(data: bytes) -> None:
    _decodes_or_protocol_error(lambda: decode_legacy(data))


json_texts = st.one_of(
    st.text(max_size=200),
    json_values.map(json.dumps),
    legacy_bodies().map(json.dumps),
    legacy_bodies().map(json.dumps),
)


@FUZZ
@given(data=json_texts)
def test_decode_legacy_text_never_crashes(data: str) -> None:
    _decodes_or_protocol_error(lambda: decode_legacy(data))


@FUZZ
@given(msg=messages(), cut=st.integers(min_value=0))
def test_truncated_v1_frames_are_rejected(msg: Message[JSONObject], cut: int) -> None:
    frame = encode(WireProtocol.V1, msg)
    assert isinstance(frame, bytes)
    cut %= len(frame)
    try:
        decode_v1(frame[:cut])
    except ProtocolError:
        return
    raise AssertionError("a truncated v1 frame decoded")
