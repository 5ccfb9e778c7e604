"""The room protocol of shared documents, on bytes alone (no server, no socket).

Two pycrdt documents stand for this client and the server; frames go between them by
hand, as the websocket would carry them.
"""

from __future__ import annotations

import json

import pytest
from pycrdt import (
    Awareness,
    Doc,
    Encoder,
    Text,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)

from jupyter_sdk import errors
from jupyter_sdk.documents.protocol import (
    RAW,
    AwarenessChanged,
    RoomProtocol,
    SaveReply,
    ServerMessage,
    Synced,
    lost_history,
    state_vector,
)


def _client() -> tuple[Doc, RoomProtocol]:
    doc: Doc = Doc()
    return doc, RoomProtocol(doc, Awareness(doc))


def _server_answer(server: Doc, frame: bytes) -> bytes | None:
    """What a y-sync server answers to a client's sync frame (and applies it)."""
    assert frame[0] == 0
    return handle_sync_message(frame[1:], server)


def _raw(data: object) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(RAW)
    encoder.write_var_string(json.dumps(data))
    return encoder.to_bytes()


def test_connecting_asks_for_the_document_and_a_step_2_confirms_it() -> None:
    server: Doc = Doc()
    server.get("source", type=Text).insert(0, "from the server")
    doc, protocol = _client()
    token = protocol.connected()
    step1, presence = protocol.data_to_send()  # pycrdt's awareness starts as {}
    assert step1[:2] == b"\x00\x00"
    assert presence[0] == 1
    answer = _server_answer(server, step1)
    assert answer is not None
    assert answer[:2] == b"\x00\x01"
    assert protocol.receive(answer) == [Synced(token, state=b"\x00")]
    assert str(doc.get("source", type=Text)) == "from the server"


def test_the_servers_step_1_is_answered_with_what_it_lacks() -> None:
    server: Doc = Doc()
    doc, protocol = _client()
    doc.get("source", type=Text).insert(0, "typed offline")
    protocol.data_to_send()
    assert protocol.receive(create_sync_message(server)) == []
    (step2,) = protocol.data_to_send()
    assert step2[:2] == b"\x00\x01"
    _server_answer(server, step2)
    assert str(server.get("source", type=Text)) == "typed offline"
    assert protocol.server_state == b"\x00"


def test_step_2s_confirm_the_step_1s_in_order() -> None:
    server: Doc = Doc()
    _, protocol = _client()
    first, second = protocol.sync(), protocol.sync()
    frames = protocol.data_to_send()
    answers = [_server_answer(server, f) for f in frames]
    assert [protocol.receive(a) for a in answers if a is not None] == [
        [Synced(first, b"\x00")],
        [Synced(second, b"\x00")],
    ]


def test_remote_updates_are_applied_and_not_sent_back() -> None:
    server: Doc = Doc()
    updates: list[bytes] = []
    server.observe(lambda event: updates.append(event.update))
    server.get("source", type=Text).insert(0, "peer")
    doc, protocol = _client()
    doc.observe(lambda event: protocol.local_update(event.update))
    assert protocol.receive(create_update_message(updates[-1])) == []
    assert str(doc.get("source", type=Text)) == "peer"
    assert protocol.data_to_send() == []  # the peer's change is not echoed
    doc.get("source", type=Text).insert(4, "!")
    (frame,) = protocol.data_to_send()
    assert frame[:2] == b"\x00\x02"


def test_save_requests_and_server_messages() -> None:
    _, protocol = _client()
    request_id = protocol.save()
    (frame,) = protocol.data_to_send()
    encoder = Encoder()
    encoder.write_var_uint(RAW)
    encoder.write_var_string("save")
    encoder.write_var_uint(request_id)
    assert frame == encoder.to_bytes()
    reply = _raw({"type": "save", "responseTo": request_id, "status": "success"})
    assert protocol.receive(reply) == [SaveReply(request_id, "success")]
    assert protocol.receive(_raw({"type": "conflict"})) == [ServerMessage({"type": "conflict"})]


def test_presence_out_and_in() -> None:
    _doc, protocol = _client()
    protocol.awareness.set_local_state({"user": {"username": "me"}})
    protocol.connected()
    frames = protocol.data_to_send()
    assert [f[0] for f in frames] == [0, 1]  # step 1, then this client's presence
    peer_doc: Doc = Doc()
    peer = Awareness(peer_doc)
    peer.set_local_state({"user": {"username": "ada"}})
    frame = b"\x01" + _length_prefixed(peer.encode_awareness_update([peer.client_id]))
    (change,) = protocol.receive(frame)
    assert change == AwarenessChanged((peer.client_id,), (), ())
    assert protocol.awareness.states[peer.client_id]["user"]["username"] == "ada"
    # A newcomer is greeted with this client's presence (it would otherwise wait for
    # the next renewal); the peer, decoding it, sees this client.
    (greeting,) = protocol.data_to_send()
    assert greeting[0] == 1
    peer.apply_awareness_update(read_message(greeting[1:]), "remote")
    assert peer.states[protocol.awareness.client_id]["user"]["username"] == "me"
    # A known peer's renewal, and this client's own state echoed by the server: no greeting.
    peer.set_local_state({"user": {"username": "ada", "renewed": True}})
    renewal = b"\x01" + _length_prefixed(peer.encode_awareness_update([peer.client_id]))
    assert protocol.receive(renewal) == [AwarenessChanged((), (peer.client_id,), ())]
    mine = protocol.awareness.encode_awareness_update([protocol.awareness.client_id])
    protocol.receive(b"\x01" + _length_prefixed(mine))
    assert protocol.data_to_send() == []
    protocol.leave()
    (gone,) = protocol.data_to_send()
    assert gone[0] == 1
    assert protocol.awareness.get_local_state() is None


def _length_prefixed(data: bytes) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(len(data))
    return encoder.to_bytes() + data


@pytest.mark.parametrize(
    "frame",
    [b"", b"\x07", b"\x00", b"\x00\x09\x00", b"\x02\x05{}", _raw([1, 2])],
    ids=["empty", "unknown-type", "sync-without-type", "unknown-sync", "short-raw", "raw-list"],
)
def test_malformed_frames_are_protocol_errors(frame: bytes) -> None:
    _, protocol = _client()
    with pytest.raises(errors.ProtocolError):
        protocol.receive(frame)


def test_lost_history_is_a_server_behind_what_it_confirmed() -> None:
    server: Doc = Doc()
    server.get("source", type=Text).insert(0, "abc")
    confirmed = server.get_state()
    assert state_vector(confirmed) == {server.client_id: 3}
    assert not lost_history(confirmed, confirmed)
    server.get("source", type=Text).insert(3, "d")
    assert not lost_history(confirmed, server.get_state())  # ahead is fine
    rebuilt: Doc = Doc()
    rebuilt.get("source", type=Text).insert(0, "abc")  # same text, new items
    assert lost_history(confirmed, rebuilt.get_state())
    assert not lost_history(None, rebuilt.get_state())
