"""Blocking twins of the service classes (contents, nbconvert, config, user, events, server,
and JupyterLab's settings, workspaces and build).

Thin wrappers calling the async objects through the shared portal (no logic of their
own); each keeps its async object as ``.aio``. Async iterators become blocking
iterators. Signals are the async objects' signals: their handlers run on the SDK's loop
thread. Drives given to :meth:`ContentsManager.add_drive` are async :class:`Drive`
objects (they run on that loop).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Self, overload

from .. import config as _config
from .. import contents as _contents
from .. import events as _events
from .. import lab as _lab
from .. import nbconvert as _nbconvert
from .. import server as _server
from .. import user as _user
from ..contents import DEFAULT_CHUNK_SIZE, Drive, FileChange
from ..events import Event, SubscriptionStatus
from ..lab import BuildStatus, PluginSettings, Workspace
from ..signal import Signal
from ._portal import call, iterate, run_sync

if TYPE_CHECKING:
    from ..models import APIStatus, Checkpoint, Contents, ContentsType, Identity
    from ..protocol.messages import JSONValue
    from ..settings import ServerSettings

__all__ = [
    "BuildManager",
    "ConfigSection",
    "ConfigWithDefaults",
    "ContentsManager",
    "EventManager",
    "EventSubscription",
    "NbConvertManager",
    "ServerAPI",
    "SettingManager",
    "UserManager",
    "WorkspaceManager",
]


class ContentsManager:
    """Blocking twin of :class:`jupyter_sdk.contents.ContentsManager`."""

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _contents.ContentsManager(settings))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> ContentsManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the manager's REST client."""
        call(self.aio.close)

    @property
    def file_changed(self) -> Signal[FileChange]:
        """Emitted after each successful change made through this manager."""
        return self.aio.file_changed

    def add_drive(self, drive: Drive) -> None:
        """Mount an (async) drive for ``"name:..."`` paths."""
        run_sync(self.aio.add_drive, drive)

    def get(
        self,
        path: str,
        *,
        type: ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> Contents:
        """The model of a file, notebook or folder."""
        return call(self.aio.get, path, type=type, format=format, content=content, hash=hash)

    def save(self, path: str, model: Mapping[str, object]) -> Contents:
        """Save a model given as the REST body has it."""
        return call(self.aio.save, path, model)

    def new_untitled(
        self, path: str = "", *, type: ContentsType = "file", ext: str | None = None
    ) -> Contents:
        """Create an untitled file, notebook or folder in the folder ``path``."""
        return call(self.aio.new_untitled, path, type=type, ext=ext)

    def rename(self, path: str, new_path: str) -> Contents:
        """Rename (move) a file or folder."""
        return call(self.aio.rename, path, new_path)

    def copy(self, from_path: str, to_dir: str) -> Contents:
        """Copy a file into the folder ``to_dir``."""
        return call(self.aio.copy, from_path, to_dir)

    def delete(self, path: str) -> None:
        """Delete a file or folder."""
        call(self.aio.delete, path)

    def create_checkpoint(self, path: str) -> Checkpoint:
        """Create a checkpoint of a file."""
        return call(self.aio.create_checkpoint, path)

    def list_checkpoints(self, path: str) -> list[Checkpoint]:
        """The file's checkpoints."""
        return call(self.aio.list_checkpoints, path)

    def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Restore a file to a checkpoint."""
        call(self.aio.restore_checkpoint, path, checkpoint_id)

    def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Delete a checkpoint."""
        call(self.aio.delete_checkpoint, path, checkpoint_id)

    def trust(self, path: str) -> None:
        """Trust a notebook."""
        call(self.aio.trust, path)

    def get_download_url(self, path: str) -> str:
        """The URL of the file's raw bytes, without the token."""
        return run_sync(self.aio.get_download_url, path)

    def read_text(self, path: str) -> str:
        """A text file's content."""
        return call(self.aio.read_text, path)

    def write_text(self, path: str, text: str) -> Contents:
        """Save ``text`` as the file's content."""
        return call(self.aio.write_text, path, text)

    def read_bytes(self, path: str) -> bytes:
        """A file's bytes."""
        return call(self.aio.read_bytes, path)

    def write_bytes(self, path: str, data: bytes) -> Contents:
        """Save ``data`` as the file's content."""
        return call(self.aio.write_bytes, path, data)

    def read_notebook(self, path: str) -> dict[str, JSONValue]:
        """A notebook as an nbformat 4 dict."""
        return call(self.aio.read_notebook, path)

    def write_notebook(self, path: str, nb: Mapping[str, object]) -> Contents:
        """Save an nbformat 4 notebook dict."""
        return call(self.aio.write_notebook, path, nb)

    def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        path: str,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        progress: Callable[[int, int], object] | None = None,
    ) -> Contents:
        """Upload a local file (or bytes), in chunks when larger than one.

        ``progress`` runs on the SDK's loop thread.
        """
        return call(self.aio.upload, source, path, chunk_size=chunk_size, progress=progress)

    @overload
    def download(
        self, path: str, destination: None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> bytes: ...
    @overload
    def download(
        self,
        path: str,
        destination: str | os.PathLike[str],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Path: ...
    def download(
        self,
        path: str,
        destination: str | os.PathLike[str] | None = None,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes | Path:
        """A file's raw bytes, or streamed into a local file."""
        if destination is None:
            return call(self.aio.download, path, None, chunk_size=chunk_size)
        return call(self.aio.download, path, destination, chunk_size=chunk_size)


class NbConvertManager:
    """Blocking twin of :class:`jupyter_sdk.nbconvert.NbConvertManager`."""

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _nbconvert.NbConvertManager(settings))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> NbConvertManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the manager's REST client."""
        call(self.aio.close)

    def get_export_formats(self) -> dict[str, str]:
        """The export formats: name -> output MIME type."""
        return call(self.aio.get_export_formats)

    @overload
    def export(
        self,
        path: str,
        format: str,
        destination: None = None,
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes: ...
    @overload
    def export(
        self,
        path: str,
        format: str,
        destination: str | os.PathLike[str],
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Path: ...
    def export(
        self,
        path: str,
        format: str,
        destination: str | os.PathLike[str] | None = None,
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes | Path:
        """Export the notebook at ``path`` to ``format``."""
        if destination is None:
            return call(
                self.aio.export, path, format, None, download=download, chunk_size=chunk_size
            )
        return call(
            self.aio.export, path, format, destination, download=download, chunk_size=chunk_size
        )


class ConfigSection:
    """Blocking twin of :class:`jupyter_sdk.config.ConfigSection`."""

    def __init__(self, section: _config.ConfigSection) -> None:
        self.aio = section

    @classmethod
    def create(cls, name: str, settings: ServerSettings) -> ConfigSection:
        """A section with its data loaded from the server."""
        return cls(call(_config.ConfigSection.create, name, settings))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> ConfigSection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the section's REST client."""
        call(self.aio.close)

    @property
    def name(self) -> str:
        """The section's name."""
        return self.aio.name

    @property
    def data(self) -> dict[str, JSONValue]:
        """The section's data as last loaded or changed."""
        return run_sync(lambda: self.aio.data)

    def load(self) -> dict[str, JSONValue]:
        """Fetch the section from the server."""
        return call(self.aio.load)

    def update(self, patch: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
        """Deep-merge ``patch`` into the section; returns the whole section."""
        return call(self.aio.update, patch)

    def set(self, data: Mapping[str, JSONValue]) -> None:
        """Replace the whole section."""
        call(self.aio.set, data)


class ConfigWithDefaults:
    """Blocking twin of :class:`jupyter_sdk.config.ConfigWithDefaults`."""

    def __init__(
        self,
        section: ConfigSection,
        defaults: Mapping[str, JSONValue] | None = None,
        class_name: str | None = None,
    ) -> None:
        self.aio = _config.ConfigWithDefaults(section.aio, defaults, class_name)

    def __repr__(self) -> str:
        return repr(self.aio)

    def get(self, key: str) -> JSONValue:
        """The key's value, else its default, else ``None``."""
        return run_sync(self.aio.get, key)

    def set(self, key: str, value: JSONValue) -> dict[str, JSONValue]:
        """Set the key on the server; returns the section's new data."""
        return call(self.aio.set, key, value)


class UserManager:
    """Blocking twin of :class:`jupyter_sdk.user.UserManager`; use it as a context manager."""

    def __init__(
        self,
        settings: ServerSettings,
        *,
        permissions: Mapping[str, Sequence[str]] | None = None,
        poll: bool = False,
    ) -> None:
        self.aio = run_sync(lambda: _user.UserManager(settings, permissions=permissions, poll=poll))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> UserManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop polling and close the REST client."""
        call(self.aio.close)

    @property
    def user_changed(self) -> Signal[Identity]:
        """Emitted with each new identity."""
        return self.aio.user_changed

    @property
    def identity(self) -> Identity | None:
        """The identity as last fetched."""
        return self.aio.identity

    @property
    def permissions(self) -> dict[str, list[str]] | None:
        """Allowed actions per asked resource, plus ``updatable_fields``."""
        return self.aio.permissions

    @property
    def is_ready(self) -> bool:
        """Whether the identity has been fetched."""
        return self.aio.is_ready

    def ready(self) -> Identity:
        """The identity, fetching it first if it never was."""
        return call(self.aio.ready)

    def refresh_user(self) -> Identity:
        """Fetch the identity and permissions now."""
        return call(self.aio.refresh_user)

    def update(
        self,
        *,
        name: str | None = None,
        display_name: str | None = None,
        initials: str | None = None,
        avatar_url: str | None = None,
        color: str | None = None,
    ) -> Identity:
        """Change identity fields (``None`` leaves a field as is)."""
        return call(
            self.aio.update,
            name=name,
            display_name=display_name,
            initials=initials,
            avatar_url=avatar_url,
            color=color,
        )


class EventSubscription:
    """Blocking twin of :class:`jupyter_sdk.events.EventSubscription`."""

    def __init__(self, subscription: _events.EventSubscription) -> None:
        self.aio = subscription

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> EventSubscription:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def status(self) -> SubscriptionStatus:
        """``"connecting"``, ``"connected"`` or ``"disconnected"``."""
        return self.aio.status

    @property
    def status_changed(self) -> Signal[SubscriptionStatus]:
        """Emitted with each new status."""
        return self.aio.status_changed

    def connect(self) -> None:
        """Open the websocket now."""
        call(self.aio.connect)

    def close(self) -> None:
        """Close the websocket and end the iteration."""
        call(self.aio.aclose)

    def __iter__(self) -> Iterator[Event]:
        return self

    def __next__(self) -> Event:
        async def step() -> tuple[Event] | None:
            try:
                return (await self.aio.__anext__(),)
            except StopAsyncIteration:
                return None

        item = call(step)
        if item is None:
            raise StopIteration
        return item[0]


class EventManager:
    """Blocking twin of :class:`jupyter_sdk.events.EventManager`."""

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _events.EventManager(settings))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> EventManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every subscription and the REST client."""
        call(self.aio.close)

    def subscribe(self) -> EventSubscription:
        """A new subscription (connects on ``with`` or on the first ``next``)."""
        return EventSubscription(run_sync(self.aio.subscribe))

    def stream(self) -> Iterator[Event]:
        """Iterate over the server's events until the manager closes (or ``break``)."""
        return iterate(self.aio.stream)

    def emit(
        self,
        schema_id: str,
        version: str | int,
        data: Mapping[str, JSONValue],
        *,
        timestamp: datetime | None = None,
    ) -> None:
        """Emit an event on the server's bus."""
        call(self.aio.emit, schema_id, version, data, timestamp=timestamp)


class ServerAPI:
    """Blocking twin of :class:`jupyter_sdk.server.ServerAPI`."""

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _server.ServerAPI(settings))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> ServerAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the REST client."""
        call(self.aio.close)

    def status(self) -> APIStatus:
        """The server's status."""
        return call(self.aio.status)

    def version(self) -> str:
        """The Jupyter Server version."""
        return call(self.aio.version)

    def spec(self) -> str:
        """The server's own OpenAPI document."""
        return call(self.aio.spec)

    def shutdown_server(self) -> None:
        """Shut the server down."""
        call(self.aio.shutdown_server)


class _LabTwin:
    """What the three JupyterLab twins share: ``.aio``, repr, ``with`` and ``close()``."""

    aio: _lab.SettingManager | _lab.WorkspaceManager | _lab.BuildManager

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the manager's REST client (if it owns it)."""
        call(self.aio.close)


class SettingManager(_LabTwin):
    """Blocking twin of :class:`jupyter_sdk.lab.SettingManager`."""

    aio: _lab.SettingManager

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _lab.SettingManager(settings))

    def list(self) -> list[PluginSettings]:
        """Every plugin's settings."""
        return call(self.aio.list)

    def fetch(self, plugin_id: str) -> PluginSettings:
        """One plugin's settings."""
        return call(self.aio.fetch, plugin_id)

    def save(self, plugin_id: str, raw: str) -> None:
        """Replace the user's settings of a plugin with ``raw`` (JSON5 text)."""
        call(self.aio.save, plugin_id, raw)


class WorkspaceManager(_LabTwin):
    """Blocking twin of :class:`jupyter_sdk.lab.WorkspaceManager`."""

    aio: _lab.WorkspaceManager

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _lab.WorkspaceManager(settings))

    def list(self) -> list[Workspace]:
        """Every saved workspace."""
        return call(self.aio.list)

    def fetch(self, workspace_id: str) -> Workspace:
        """A workspace (an empty one if never saved)."""
        return call(self.aio.fetch, workspace_id)

    def save(self, workspace_id: str, workspace: Workspace | Mapping[str, object]) -> None:
        """Save a workspace under ``workspace_id``."""
        call(self.aio.save, workspace_id, workspace)

    def remove(self, workspace_id: str) -> None:
        """Delete a workspace."""
        call(self.aio.remove, workspace_id)


class BuildManager(_LabTwin):
    """Blocking twin of :class:`jupyter_sdk.lab.BuildManager`."""

    aio: _lab.BuildManager

    def __init__(self, settings: ServerSettings) -> None:
        self.aio = run_sync(lambda: _lab.BuildManager(settings))

    def is_available(self) -> bool:
        """Whether this JupyterLab can build."""
        return call(self.aio.is_available)

    def should_check(self) -> bool:
        """Whether JupyterLab checks the build status at start."""
        return call(self.aio.should_check)

    def get_status(self) -> BuildStatus:
        """Whether the application is up to date, needs a build, or is being built."""
        return call(self.aio.get_status)

    def build(self, *, timeout: float | None = None) -> None:
        """Build the application; returns when the build has ended."""
        call(self.aio.build, timeout=timeout)

    def cancel(self) -> None:
        """Cancel the current build."""
        call(self.aio.cancel)
