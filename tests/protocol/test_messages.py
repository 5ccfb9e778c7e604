"""Tests of the typed messages and their builders."""

from __future__ import annotations

import re
import typing
import uuid
from datetime import UTC, datetime

import pytest

from jupyter_sdk import protocol
from jupyter_sdk.protocol import messages as m

SPEC_TYPES = {
    "shell": {
        "execute_request",
        "execute_reply",
        "inspect_request",
        "inspect_reply",
        "complete_request",
        "complete_reply",
        "history_request",
        "history_reply",
        "is_complete_request",
        "is_complete_reply",
        "comm_info_request",
        "comm_info_reply",
        "kernel_info_request",
        "kernel_info_reply",
        "comm_open",
        "comm_msg",
        "comm_close",
    },
    "control": {
        "shutdown_request",
        "shutdown_reply",
        "interrupt_request",
        "interrupt_reply",
        "debug_request",
        "debug_reply",
        "create_subshell_request",
        "create_subshell_reply",
        "delete_subshell_request",
        "delete_subshell_reply",
        "list_subshell_request",
        "list_subshell_reply",
    },
    "iopub": {
        "stream",
        "display_data",
        "update_display_data",
        "execute_input",
        "execute_result",
        "error",
        "status",
        "clear_output",
        "debug_event",
    },
    "stdin": {"input_request", "input_reply"},
}

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


def test_message_types_cover_the_spec() -> None:
    assert len(m.MESSAGE_TYPES) == 40
    for channel, types in SPEC_TYPES.items():
        assert {t for t, c in m.MESSAGE_TYPES.items() if c == channel} == types
    assert set(m.MESSAGE_TYPES.values()) == m.CHANNELS == set(typing.get_args(m.Channel))


def test_subshell_requests_go_on_control() -> None:
    for kind in ("create", "delete", "list"):
        assert m.MESSAGE_TYPES[f"{kind}_subshell_request"] == "control"


def test_message_types_is_read_only() -> None:
    with pytest.raises(TypeError):
        typing.cast("dict[str, str]", m.MESSAGE_TYPES)["x"] = "shell"


def test_every_type_has_a_content_typeddict() -> None:
    for msg_type in m.MESSAGE_TYPES:
        name = "".join(part.capitalize() for part in msg_type.split("_"))
        assert hasattr(m, f"{name}Content"), msg_type
        assert hasattr(m, f"{name}Msg"), msg_type


def test_new_header() -> None:
    before = datetime.now(UTC)
    header = m.new_header("execute_request", "sess", username="alice")
    assert set(header) == {"msg_id", "msg_type", "username", "session", "date", "version"}
    assert header["msg_type"] == "execute_request"
    assert header["session"] == "sess"
    assert header["username"] == "alice"
    assert header["version"] == m.PROTOCOL_VERSION == "5.5"
    assert uuid.UUID(hex=header["msg_id"]).version == 4
    assert len(header["msg_id"]) == 32
    assert DATE.match(header["date"])
    parsed = datetime.fromisoformat(header["date"].replace("Z", "+00:00"))
    assert before.replace(microsecond=0) <= parsed <= datetime.now(UTC)


def test_new_header_subshell() -> None:
    assert "subshell_id" not in m.new_header("x", "s")
    assert m.new_header("x", "s", subshell_id="sub")["subshell_id"] == "sub"


def test_msg_ids_are_unique() -> None:
    ids = {m.new_header("status", "s")["msg_id"] for _ in range(1000)}
    assert len(ids) == 1000


def test_new_message() -> None:
    msg = m.new_message(
        "execute_request",
        "shell",
        m.execute_request("1"),
        session="sess",
        metadata={"cellId": "c"},
        buffers=[b"x"],
        subshell_id="sub",
    )
    assert set(msg) == {"header", "parent_header", "metadata", "content", "buffers", "channel"}
    assert msg["parent_header"] == {}
    assert msg["metadata"] == {"cellId": "c"}
    assert msg["buffers"] == [b"x"]
    assert msg["channel"] == "shell"
    assert msg["header"]["subshell_id"] == "sub"
    defaults = m.new_message("kernel_info_request", "control", m.kernel_info_request(), session="s")
    assert defaults["metadata"] == {}
    assert defaults["buffers"] == []


def test_new_message_with_parent_copies_the_header() -> None:
    request = m.new_message(
        "input_request", "stdin", {"prompt": "?", "password": False}, session="k"
    )
    reply = m.new_message("input_reply", "stdin", m.input_reply("42"), session="c", parent=request)
    assert reply["parent_header"] == request["header"]
    assert reply["parent_header"] is not request["header"]
    assert reply["parent_header"].get("msg_id") == request["header"]["msg_id"]


def test_execute_request() -> None:
    assert m.execute_request("print(1)") == {
        "code": "print(1)",
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    content = m.execute_request(
        "x",
        silent=True,
        store_history=False,
        user_expressions={"a": "1"},
        allow_stdin=True,
        stop_on_error=False,
    )
    assert content["user_expressions"] == {"a": "1"}
    assert content["silent"]
    assert content["allow_stdin"]
    assert not content["store_history"]
    assert not content["stop_on_error"]


def test_simple_requests() -> None:
    assert m.kernel_info_request() == {}
    assert m.interrupt_request() == {}
    assert m.create_subshell_request() == {}
    assert m.list_subshell_request() == {}
    assert m.delete_subshell_request("s1") == {"subshell_id": "s1"}
    assert m.shutdown_request() == {"restart": False}
    assert m.shutdown_request(restart=True) == {"restart": True}
    assert m.is_complete_request("for") == {"code": "for"}
    assert m.input_reply("v") == {"value": "v"}
    assert m.comm_info_request() == {}
    assert m.comm_info_request("jupyter.widget") == {"target_name": "jupyter.widget"}


def test_complete_and_inspect_requests() -> None:
    assert m.complete_request("pri") == {"code": "pri", "cursor_pos": 3}
    assert m.complete_request("pri", 1) == {"code": "pri", "cursor_pos": 1}
    assert m.complete_request("é🐍", None)["cursor_pos"] == 2  # code points (spec 5.2)
    assert m.inspect_request("len") == {"code": "len", "cursor_pos": 3, "detail_level": 0}
    assert m.inspect_request("len", 2, 1) == {"code": "len", "cursor_pos": 2, "detail_level": 1}


def test_history_request() -> None:
    assert m.history_request() == {
        "output": False,
        "raw": True,
        "hist_access_type": "tail",
        "n": 10,
    }
    assert m.history_request("range", session=-1, start=2, stop=5, output=True) == {
        "output": True,
        "raw": True,
        "hist_access_type": "range",
        "session": -1,
        "start": 2,
        "stop": 5,
    }
    assert m.history_request("search", pattern="import*", unique=True, n=None) == {
        "output": False,
        "raw": True,
        "hist_access_type": "search",
        "n": None,
        "pattern": "import*",
        "unique": True,
    }
    with pytest.raises(ValueError, match="hist_access_type"):
        m.history_request(typing.cast("m.HistAccessType", "sideways"))


def test_comm_contents() -> None:
    assert m.comm_open("c1", "target") == {"comm_id": "c1", "target_name": "target", "data": {}}
    opened = m.comm_open("c1", "t", {"state": {"v": 1}}, target_module="mod")
    assert opened == {
        "comm_id": "c1",
        "target_name": "t",
        "data": {"state": {"v": 1}},
        "target_module": "mod",
    }
    assert m.comm_msg("c1", {"method": "update"}) == {"comm_id": "c1", "data": {"method": "update"}}
    assert m.comm_msg("c1") == {"comm_id": "c1", "data": {}}
    assert m.comm_close("c1") == {"comm_id": "c1", "data": {}}
    data = {"k": "v"}
    assert m.comm_msg("c", data)["data"] is not data  # copied


def test_debug_request() -> None:
    assert m.debug_request(1, "initialize") == {
        "seq": 1,
        "type": "request",
        "command": "initialize",
    }
    assert m.debug_request(2, "attach", {"a": [1]})["arguments"] == {"a": [1]}


def test_reply_status_narrowing() -> None:
    """Reply contents are tagged unions keyed by ``status`` (checked by mypy as well)."""
    reply: m.ExecuteReplyContent = {"status": "ok", "execution_count": 3, "user_expressions": {}}
    assert reply["status"] == "ok"
    assert reply["execution_count"] == 3
    error: m.ExecuteReplyContent = {
        "status": "error",
        "ename": "NameError",
        "evalue": "x",
        "traceback": ["tb"],
        "execution_count": 4,
    }
    assert error["status"] == "error"
    assert error["ename"] == "NameError"
    aborted: m.KernelInfoReplyContent = {"status": "aborted"}
    assert aborted == {"status": "aborted"}


def test_package_reexports() -> None:
    assert protocol.__all__ == sorted(protocol.__all__)
    assert set(protocol.__all__) == set(m.__all__) | set(protocol.wire.__all__)
    for name in protocol.__all__:
        assert getattr(protocol, name) is not None
    assert protocol.execute_request is m.execute_request
