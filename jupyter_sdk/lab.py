"""JupyterLab's own services: plugin settings, workspaces and the application build.

What ``@jupyterlab/services`` calls ``SettingManager``, ``WorkspaceManager`` and
``BuildManager``, over the REST API JupyterLab adds to Jupyter Server under
``/lab/api/`` (``generated/jupyterlab_server_rest``, from ``openapi/jupyterlab-server.yaml``):

* :class:`SettingManager`: every plugin's settings; :meth:`~SettingManager.save` stores the
  JSON5 text users edit (comments and all) as the user's settings of a plugin.
* :class:`WorkspaceManager`: the saved layouts of JupyterLab (list, fetch, save, remove).
* :class:`BuildManager`: whether the application needs a build, and building it.

On a server without JupyterLab every call raises
:class:`~jupyter_sdk.errors.UnsupportedError` (the server answers Jupyter Server's HTML 404
page for these routes, where JupyterLab answers JSON).

Lifecycle: each manager created without ``rest=`` owns its REST client and closes it in
``close()`` (or at the end of ``async with``); :class:`~jupyter_sdk.ServiceManager` lends
its own as ``lab_settings``, ``workspaces`` and ``builder``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, cast

import attrs

from . import errors
from ._service import RestService

if TYPE_CHECKING:
    from jupyterlab_server_rest.models import SettingsEntry
    from jupyterlab_server_rest.models import Workspace as WorkspaceModel

    from .protocol.messages import JSONObject

__all__ = [
    "BuildManager",
    "BuildStatus",
    "PluginSettings",
    "SettingManager",
    "Workspace",
    "WorkspaceManager",
]


def _object(value: object) -> JSONObject:
    """A JSON object from the server (a generated ``JSONObject`` model or ``UNSET``)."""
    to_dict = getattr(value, "to_dict", None)
    data = to_dict() if callable(to_dict) else {}
    return cast("JSONObject", data if isinstance(data, dict) else {})


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@attrs.frozen
class PluginSettings:
    """One plugin's settings as the server has them.

    Attributes:
        id: The plugin id, e.g. ``"@jupyterlab/apputils-extension:themes"``.
        raw: The user's settings as the JSON5 text they edit (comments kept); ``"{}"``
            when the user set nothing.
        schema: The plugin's JSON schema (with its defaults).
        settings: The user's settings parsed from :attr:`raw` (without the defaults).
        version: The version of the application that installed the schema.
        last_modified: When the user's settings were last saved (ISO 8601), if ever.
        created: When they were first saved (ISO 8601), if ever.
        warning: The server's warning about the settings, if any.
    """

    id: str
    raw: str
    schema: JSONObject
    settings: JSONObject
    version: str | None = None
    last_modified: str | None = None
    created: str | None = None
    warning: str | None = None

    @classmethod
    def _from_model(cls, model: SettingsEntry) -> PluginSettings:
        return cls(
            id=model.id,
            raw=_text(model.raw) or "{}",
            schema=_object(model.schema),
            settings=_object(model.settings),
            version=_text(model.version),
            last_modified=_text(model.last_modified),
            created=_text(model.created),
            warning=_text(model.warning),
        )


@attrs.frozen
class Workspace:
    """A JupyterLab workspace: the layout state JupyterLab saves (``data``) and its
    ``metadata`` (``id``, ``last_modified``, ``created``)."""

    data: JSONObject
    metadata: JSONObject

    @property
    def id(self) -> str:
        """The workspace's id (``metadata["id"]``)."""
        value = self.metadata.get("id")
        return value if isinstance(value, str) else ""

    def to_dict(self) -> JSONObject:
        """The workspace as the REST API has it (``{"data": ..., "metadata": ...}``)."""
        return {"data": dict(self.data), "metadata": dict(self.metadata)}

    @classmethod
    def _from_model(cls, model: WorkspaceModel) -> Workspace:
        return cls(data=_object(model.data), metadata=_object(model.metadata))


@attrs.frozen
class BuildStatus:
    """The state of the JupyterLab application build.

    Attributes:
        status: ``"stable"`` (up to date), ``"needed"`` (extensions changed: build to
            use them) or ``"building"``.
        message: Why a build is needed, one reason a line (empty otherwise).
    """

    status: Literal["stable", "building", "needed"]
    message: str


def _check_id(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a {what}: {value!r}")
    return value


class SettingManager(RestService):
    """JupyterLab's plugin settings (``/lab/api/settings``).

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by ``close()``.
    """

    _what = "settings manager"

    async def list(self) -> list[PluginSettings]:
        """Every plugin's settings.

        Raises:
            UnsupportedError: The server has no JupyterLab.
        """
        return [PluginSettings._from_model(m) for m in await self._live().list_lab_settings()]

    async def fetch(self, plugin_id: str) -> PluginSettings:
        """One plugin's settings.

        Raises:
            ValueError: ``plugin_id`` is empty.
            NotFoundError: No plugin has that id.
            UnsupportedError: The server has no JupyterLab.
        """
        plugin_id = _check_id(plugin_id, "plugin id")
        return PluginSettings._from_model(await self._live().get_lab_settings(plugin_id))

    async def save(self, plugin_id: str, raw: str) -> None:
        """Replace the user's settings of a plugin with ``raw``, the JSON5 text users edit.

        The server keeps the text as it is (comments too): :meth:`fetch` gives it back.

        Raises:
            TypeError: ``raw`` is not a string.
            ValueError: ``plugin_id`` is empty.
            BadRequestError: The settings do not validate against the plugin's schema.
            NotFoundError: No plugin has that id.
            ServerError: The server could not parse ``raw`` (not JSON5).
            UnsupportedError: The server has no JupyterLab.
        """
        plugin_id = _check_id(plugin_id, "plugin id")
        if not isinstance(raw, str):
            raise TypeError(f"raw must be the settings' JSON5 text, not {type(raw).__name__}")
        try:
            await self._live().save_lab_settings(plugin_id, raw)
        except errors.ServerError as exc:
            # JupyterLab answers an unparsable text with a bare "Unhandled error".
            raise errors.ServerError(
                exc.status,
                f"{exc.message or 'server error'} (is the text valid JSON5?)",
                reason=exc.reason,
                traceback=exc.traceback,
                method=exc.method,
                url=exc.url,
            ) from exc


class WorkspaceManager(RestService):
    """JupyterLab's saved workspaces (``/lab/api/workspaces``).

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by ``close()``.
    """

    _what = "workspaces manager"

    async def list(self) -> list[Workspace]:
        """Every saved workspace.

        Raises:
            UnsupportedError: The server has no JupyterLab.
        """
        listing = await self._live().list_workspaces()
        return [Workspace._from_model(m) for m in listing.values]

    async def fetch(self, workspace_id: str) -> Workspace:
        """A workspace. One never saved comes back empty (JupyterLab's answer), its
        ``metadata["id"]`` then prefixed with ``/``.

        Raises:
            ValueError: ``workspace_id`` is empty.
            UnsupportedError: The server has no JupyterLab.
        """
        workspace_id = _check_id(workspace_id, "workspace id")
        return Workspace._from_model(await self._live().get_workspace(workspace_id))

    async def save(self, workspace_id: str, workspace: Workspace | Mapping[str, object]) -> None:
        """Save a workspace under ``workspace_id``.

        Args:
            workspace_id: The id to save it as.
            workspace: A :class:`Workspace` or its dict (``{"data": ..., "metadata":
                ...}``); a missing ``metadata["id"]`` is set to ``workspace_id``.

        Raises:
            ValueError: An empty id, or ``workspace`` is not a workspace.
            BadRequestError: ``metadata["id"]`` is not ``workspace_id``.
            UnsupportedError: The server has no JupyterLab.
        """
        workspace_id = _check_id(workspace_id, "workspace id")
        body = dict(workspace.to_dict() if isinstance(workspace, Workspace) else workspace)
        data, metadata = body.get("data", {}), body.get("metadata", {})
        if not isinstance(data, Mapping) or not isinstance(metadata, Mapping):
            raise ValueError("a workspace's data and metadata are JSON objects")
        metadata = {"id": workspace_id, **metadata}
        await self._live().save_workspace(workspace_id, {"data": data, "metadata": metadata})

    async def remove(self, workspace_id: str) -> None:
        """Delete a workspace.

        Raises:
            ValueError: ``workspace_id`` is empty.
            NotFoundError: No workspace has that id.
            UnsupportedError: The server has no JupyterLab.
        """
        workspace_id = _check_id(workspace_id, "workspace id")
        await self._live().delete_workspace(workspace_id)


class BuildManager(RestService):
    """The JupyterLab application build (``/lab/api/build``).

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by ``close()``.
    """

    _what = "build manager"

    async def _page_option(self, name: str) -> bool:
        value = (await self._live().get_lab_page_config()).get(name)
        return value is True or (isinstance(value, str) and value.lower() == "true")

    async def is_available(self) -> bool:
        """Whether this JupyterLab can build (not in core or dev mode): its page config's
        ``buildAvailable``.

        Raises:
            UnsupportedError: The server has no JupyterLab.
        """
        return await self._page_option("buildAvailable")

    async def should_check(self) -> bool:
        """Whether JupyterLab asks to check the build status at start: ``buildCheck``.

        Raises:
            UnsupportedError: The server has no JupyterLab.
        """
        return await self._page_option("buildCheck")

    async def get_status(self) -> BuildStatus:
        """Whether the application is up to date, needs a build, or is being built.

        Raises:
            UnsupportedError: The server has no JupyterLab.
        """
        model = await self._live().get_build_status()
        return BuildStatus(status=model.status, message=model.message)

    async def build(self, *, timeout: float | None = None) -> None:
        """Build the application; returns when the build has ended (minutes, usually).

        Args:
            timeout: Seconds to wait for the end of the build (``None``: as long as it
                takes). On timeout the build goes on on the server.

        Raises:
            BadRequestError: The build was canceled (:meth:`cancel`).
            ServerError: The build failed (the message says why).
            RequestTimeoutError: ``timeout`` passed.
            UnsupportedError: The server has no JupyterLab.
        """
        await self._live().build(timeout)

    async def cancel(self) -> None:
        """Cancel the current build.

        Raises:
            ServerError: No build is running ("No current build").
            UnsupportedError: The server has no JupyterLab.
        """
        await self._live().cancel_build()
