"""Frontend config sections (``/api/config/<section>``) and values with defaults.

A section is a JSON object the server keeps in ``<config dir>/nbconfig/<section>.json``
(frontends keep settings there, e.g. ``notebook``, ``tree``). :class:`ConfigSection` holds
the last known :attr:`~ConfigSection.data`: :meth:`~ConfigSection.update` deep-merges a
patch on the server (``None`` deletes a key) and :meth:`~ConfigSection.set` replaces the
section. :class:`ConfigWithDefaults` reads one class's keys of a section with defaults,
as ``ConfigWithDefaults`` of ``@jupyterlab/services`` does.

Lifecycle: a section created without ``rest=`` owns its REST client and closes it in
:meth:`~ConfigSection.close` (or at the end of ``async with``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from . import errors
from ._rest import Rest

if TYPE_CHECKING:
    from .protocol.messages import JSONValue
    from .settings import ServerSettings

__all__ = ["ConfigSection", "ConfigWithDefaults"]

_NAME = re.compile(r"\w+", re.ASCII)


def _json_object(value: Mapping[str, object]) -> dict[str, JSONValue]:
    # The server's answer is JSON by construction.
    return cast("dict[str, JSONValue]", dict(value))


class ConfigSection:
    """One config section of the server, as last loaded or changed.

    Prefer ``await ConfigSection.create(name, settings)``, which loads the data.

    Args:
        name: The section's name (letters, digits and ``_``).
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.

    Raises:
        InvalidPathError: The name is not a section name.
    """

    def __init__(self, name: str, settings: ServerSettings, *, rest: Rest | None = None) -> None:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise errors.InvalidPathError(f"not a config section name: {name!r}")
        self.name = name
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._data: dict[str, JSONValue] = {}
        self._closed = False

    @classmethod
    async def create(
        cls, name: str, settings: ServerSettings, *, rest: Rest | None = None
    ) -> ConfigSection:
        """A section with its data loaded from the server."""
        section = cls(name, settings, rest=rest)
        try:
            await section.load()
        except BaseException:
            await section.close()
            raise
        return section

    def __repr__(self) -> str:
        return f"<ConfigSection {self.name!r} keys={sorted(self._data)}>"

    async def __aenter__(self) -> ConfigSection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the REST client if owned. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_rest:
            await self._rest.aclose()

    def _live(self) -> Rest:
        if self._closed:
            raise errors.ConnectionClosedError("the config section is closed")
        return self._rest

    @property
    def data(self) -> dict[str, JSONValue]:
        """The section's data as last loaded or changed (a copy)."""
        return dict(self._data)

    async def load(self) -> dict[str, JSONValue]:
        """Fetch the section from the server (``{}`` when it does not exist yet)."""
        self._data = _json_object(await self._live().get_config(self.name))
        return self.data

    async def update(self, patch: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
        """Deep-merge ``patch`` into the section on the server (``None`` deletes a key).

        Returns:
            The whole section after the merge (also the new :attr:`data`).
        """
        self._data = _json_object(await self._live().update_config(self.name, patch))
        return self.data

    async def set(self, data: Mapping[str, JSONValue]) -> None:
        """Replace the whole section with ``data``."""
        await self._live().set_config(self.name, data)
        self._data = dict(data)


class ConfigWithDefaults:
    """The keys of one class in a config section, with defaults.

    With ``class_name``, values live under ``section.data[class_name][key]``; without,
    directly under ``section.data[key]``.

    Args:
        section: The section (its :attr:`~ConfigSection.data` as last loaded is read).
        defaults: Values for keys the section does not set.
        class_name: The key of the class's object in the section.
    """

    def __init__(
        self,
        section: ConfigSection,
        defaults: Mapping[str, JSONValue] | None = None,
        class_name: str | None = None,
    ) -> None:
        self.section = section
        self.defaults = dict(defaults or {})
        self.class_name = class_name

    def __repr__(self) -> str:
        return f"<ConfigWithDefaults {self.section.name!r} class={self.class_name!r}>"

    def _class_data(self) -> Mapping[str, JSONValue]:
        data = self.section.data
        if not self.class_name:
            return data
        values = data.get(self.class_name)
        return values if isinstance(values, dict) else {}

    def get(self, key: str) -> JSONValue:
        """The key's value in the section, else its default, else ``None``."""
        data = self._class_data()
        if key in data:
            return data[key]
        return self.defaults.get(key)

    async def set(self, key: str, value: JSONValue) -> dict[str, JSONValue]:
        """Set the key on the server (a deep merge); returns the section's new data."""
        patch: dict[str, JSONValue] = {key: value}
        if self.class_name:
            patch = {self.class_name: patch}
        return await self.section.update(patch)
