"""Blocking twins of the terminal classes: thin wrappers calling the async objects through
the shared portal (no logic of their own). Signals are the async objects' signals: their
handlers run on the SDK's loop thread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import terminals as _terminals
from ..signal import Signal
from ..terminals import TerminalConnectionStatus, TerminalMessage
from ._portal import call, iterate, run_sync

if TYPE_CHECKING:
    from ..models import Terminal
    from ..settings import ServerSettings

__all__ = ["TerminalConnection", "TerminalManager"]


class TerminalConnection:
    """Blocking twin of :class:`jupyter_sdk.terminals.TerminalConnection`."""

    def __init__(self, connection: _terminals.TerminalConnection) -> None:
        self.aio = connection

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> TerminalConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        """The terminal's name."""
        return self.aio.name

    @property
    def model(self) -> Terminal:
        """The terminal's REST model, as last seen."""
        return self.aio.model

    @property
    def connection_status(self) -> TerminalConnectionStatus:
        """The websocket's status."""
        return self.aio.connection_status

    @property
    def is_disposed(self) -> bool:
        """Whether the connection was closed or the terminal ended."""
        return self.aio.is_disposed

    @property
    def message_received(self) -> Signal[TerminalMessage]:
        """Emitted with every message from the terminal."""
        return self.aio.message_received

    @property
    def connection_status_changed(self) -> Signal[TerminalConnectionStatus]:
        """Emitted with each new connection status."""
        return self.aio.connection_status_changed

    @property
    def disposed(self) -> Signal[None]:
        """Emitted once when the connection ends."""
        return self.aio.disposed

    def send_stdin(self, text: str) -> None:
        """Type ``text`` into the terminal (``"\\r"`` is Enter)."""
        run_sync(self.aio.send_stdin, text)

    def set_size(self, rows: int, cols: int) -> None:
        """Tell the terminal its size."""
        run_sync(self.aio.set_size, rows, cols)

    def messages(self) -> Iterator[TerminalMessage]:
        """Iterate over the messages received from now on, until the connection ends."""
        return iterate(self.aio.messages)

    def reconnect(self) -> None:
        """Reconnect now."""
        call(self.aio.reconnect)

    def shutdown(self) -> None:
        """End the terminal and close this connection."""
        call(self.aio.shutdown)

    def close(self) -> None:
        """Close the connection (not the terminal)."""
        call(self.aio.close)


class TerminalManager:
    """Blocking twin of :class:`jupyter_sdk.terminals.TerminalManager`; use it as a context
    manager."""

    def __init__(self, settings: ServerSettings, *, poll: bool = True) -> None:
        self.aio = run_sync(lambda: _terminals.TerminalManager(settings, poll=poll))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> TerminalManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running_changed(self) -> Signal[list[Terminal]]:
        """Emitted when the running list changes."""
        return self.aio.running_changed

    def is_available(self) -> bool:
        """Whether the server offers terminals."""
        return call(self.aio.is_available)

    def running(self) -> list[Terminal]:
        """The running terminals as of the last refresh."""
        return self.aio.running()

    def refresh_running(self) -> list[Terminal]:
        """Fetch the running terminals now."""
        return call(self.aio.refresh_running)

    def start_new(self, name: str | None = None, cwd: str | None = None) -> TerminalConnection:
        """Start a terminal and connect to it."""
        return TerminalConnection(call(self.aio.start_new, name, cwd))

    def connect_to(self, terminal: str | Terminal) -> TerminalConnection:
        """Connect to a running terminal by name or model."""
        return TerminalConnection(call(self.aio.connect_to, terminal))

    def shutdown(self, name: str) -> None:
        """End a terminal."""
        call(self.aio.shutdown, name)

    def shutdown_all(self) -> None:
        """End every running terminal."""
        call(self.aio.shutdown_all)

    def close(self) -> None:
        """Close the manager's connections and stop polling."""
        call(self.aio.close)
