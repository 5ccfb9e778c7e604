"""The blocking twins against a real server: kernelspecs, sessions, a session context
and a terminal, from plain (non-async) code."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from shell_echo import echo_command  # tests/shell_echo.py

from jupyter_sdk import ServerSettings
from jupyter_sdk.session_context import KernelPreference
from jupyter_sdk.sessions import KernelRef
from jupyter_sdk.sync.kernels import KernelManager
from jupyter_sdk.sync.sessions import (
    KernelSpecManager,
    SessionContext,
    SessionManager,
)
from jupyter_sdk.sync.terminals import TerminalManager
from jupyter_sdk.terminals import TerminalMessage

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0


def unique_path(stem: str = "sync") -> str:
    return f"{stem}-{uuid.uuid4().hex[:10]}.ipynb"


@pytest.fixture
def sessions(settings: ServerSettings) -> Iterator[SessionManager]:
    with SessionManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
def specs(settings: ServerSettings) -> Iterator[KernelSpecManager]:
    with KernelSpecManager(settings, poll=False) as manager:
        yield manager


def test_sync_kernelspecs(specs: KernelSpecManager) -> None:
    assert specs.default == "python3"
    assert "python3" in specs.names()
    assert specs.get("python3").spec.language == "python"
    assert specs.get_resource("python3", "logo-64x64.png").startswith(b"\x89PNG")


def test_sync_session_lifecycle(sessions: SessionManager, settings: ServerSettings) -> None:
    path = unique_path()
    session = sessions.start_new(path=path, kernel=KernelRef(name="python3"))
    try:
        kernel = session.kernel
        assert kernel is not None
        assert session.kernel is kernel, "one blocking twin per kernel connection"
        assert kernel.execute("1 + 1", timeout=WAIT).text == "2"
        found = sessions.find_by_path(path)
        assert found is not None
        assert found.id == session.id
        changed: list[str] = []
        session.property_changed.connect(changed.append)
        session.set_name("renamed")
        assert session.name == "renamed"
        assert changed == ["name"]

        heard: list[str] = []
        session.iopub_message.connect(lambda msg: heard.append(str(msg["content"].get("text", ""))))
        new = session.change_kernel(KernelRef(name="python3"))
        assert new.id != kernel.id
        assert session.kernel is new
        new.execute("print('sync-after', flush=True)", timeout=WAIT)
        assert "sync-after\n" in heard
        with KernelManager(settings, poll=False) as kernels:
            assert kernels.find_by_id(kernel.id) is None
    finally:
        session.shutdown()
    assert session.is_disposed
    assert sessions.find_by_id(session.id) is None


def test_sync_session_context_reuse_and_restart(
    sessions: SessionManager, specs: KernelSpecManager, settings: ServerSettings
) -> None:
    path = unique_path()
    preference = KernelPreference(language="python", shutdown_on_dispose=True)
    with SessionContext(sessions, specs, path=path, kernel_preference=preference) as context:
        assert context.initialize() is True
        context.ready()
        kernel = context.kernel
        assert kernel is not None
        assert context.kernel is kernel
        assert context.kernel_display_name == "Python 3 (ipykernel)"
        kernel.execute("value = 7", timeout=WAIT)
        with SessionManager(settings, poll=False) as other:
            second = SessionContext(other, specs, path=path)
            try:
                assert second.initialize() is False
                assert second.kernel is not None
                assert second.kernel.id == kernel.id
                assert second.kernel.execute("value", timeout=WAIT).text == "7"
            finally:
                second.dispose()
        context.restart_kernel()
        assert context.is_ready
        assert kernel.execute("'value' in globals()", timeout=WAIT).text == "False"
        kernel_id = kernel.id
    # shutdown_on_dispose: the session and its kernel are gone.
    assert sessions.find_by_path(path) is None
    with KernelManager(settings, poll=False) as kernels:
        assert kernels.find_by_id(kernel_id) is None


def test_sync_terminal_echo(settings: ServerSettings) -> None:
    with TerminalManager(settings, poll=False) as terminals:
        assert terminals.is_available()
        terminal = terminals.start_new()
        try:
            command, output = echo_command("hello")
            later_command, later_output = echo_command("later")
            seen = threading.Event()

            def on_message(message: TerminalMessage) -> None:  # on the SDK's loop thread
                if output in message.text:
                    seen.set()

            terminal.message_received.connect(on_message)
            messages = terminal.messages()  # registered now, as in the async API
            terminal.send_stdin(command)
            # The output has arrived before this thread takes its first step: kept for it.
            assert seen.wait(WAIT)
            terminal.send_stdin(later_command)
            text = ""
            for message in messages:
                text += message.text
                if later_output in text:
                    break
            assert output in text.split(later_output)[0]
            assert terminal.name in {t.name for t in terminals.refresh_running()}
        finally:
            terminal.shutdown()
        assert terminal.is_disposed
