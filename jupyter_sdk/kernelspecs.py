"""KernelSpecManager: the server's kernelspecs, cached and polled, and their resources.

Lifecycle rules:

* ``specs`` is ``None`` until the first :meth:`KernelSpecManager.refresh_specs` (entering
  ``async with`` does one); each refresh that finds a different answer emits
  ``specs_changed``.
* Polling (``poll=True``) runs only inside ``async with`` (or after :meth:`start`), every
  ``max(settings.polling.interval, 61)`` seconds as JupyterLab does: kernelspecs rarely
  change.
* :meth:`close` stops polling and closes the REST client if this manager created it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from . import errors
from ._poll import Poller
from ._rest import Rest
from .settings import ServerSettings
from .signal import Signal

if TYPE_CHECKING:
    from .models import KernelSpec, KernelSpecs

__all__ = ["KernelSpecManager"]

# JupyterLab polls kernelspecs every 61 s: they change only when kernels are installed.
_MIN_INTERVAL = 61.0


class KernelSpecManager:
    """The kernelspecs a server offers.

    Example::

        async with KernelSpecManager(settings) as specs:
            print(specs.default, sorted(specs.names()))
            logo = await specs.get_resource("python3", "logo-64x64.png")

    Args:
        settings: The server.
        rest: Share another manager's REST client (``ServiceManager`` does).
        poll: Refresh the specs in the background while entered.

    Attributes:
        settings (ServerSettings): The server.
        specs_changed: Emitted with the new :class:`KernelSpecs` when a refresh finds them
            different (the first refresh included).
        connection_failure: Emitted with the error when fetching the kernelspecs fails
            (while polling or in :meth:`refresh_specs`, which also raises it).
    """

    def __init__(
        self, settings: ServerSettings, *, rest: Rest | None = None, poll: bool = True
    ) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._specs: KernelSpecs | None = None
        self._poll = poll
        interval = max(settings.polling.interval, _MIN_INTERVAL)
        policy = attrs.evolve(
            settings.polling,
            interval=interval,
            max_interval=max(settings.polling.max_interval, interval),
        )
        self._poller = Poller(
            self.refresh_specs, policy, name="kernelspecs-poll", on_error=self._poll_error
        )
        self._closed = False
        self.specs_changed: Signal[KernelSpecs] = Signal("specs_changed")
        self.connection_failure: Signal[errors.JupyterError] = Signal("connection_failure")

    def __repr__(self) -> str:
        count = len(self.names()) if self._specs is not None else "?"
        return f"<KernelSpecManager {self.settings.base_url} specs={count}>"

    async def __aenter__(self) -> KernelSpecManager:
        await self.refresh_specs()
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def start(self) -> None:
        """Start polling (when ``poll`` is on). Idempotent."""
        if self._poll and not self._closed:
            self._poller.start()

    async def close(self) -> None:
        """Stop polling; close the REST client if this manager made it. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._poller.stop()
        if self._owns_rest:
            await self._rest.aclose()

    @property
    def specs(self) -> KernelSpecs | None:
        """The kernelspecs as of the last refresh (``None`` before the first)."""
        return self._specs

    @property
    def default(self) -> str | None:
        """The server's default kernelspec name (``None`` before the first refresh)."""
        return self._specs.default if self._specs is not None else None

    def names(self) -> list[str]:
        """The kernelspec names as of the last refresh."""
        if self._specs is None:
            return []
        return list(self._specs.kernelspecs.additional_properties)

    def find(self, name: str) -> KernelSpec | None:
        """The cached kernelspec ``name``, or ``None``."""
        if self._specs is None:
            return None
        return self._specs.kernelspecs.additional_properties.get(name)

    async def refresh_specs(self) -> KernelSpecs:
        """Fetch the kernelspecs now; emits ``specs_changed`` when they differ."""
        try:
            specs = await self._rest.list_kernelspecs()
        except errors.JupyterError as exc:
            self.connection_failure.emit(exc)
            raise
        changed = self._specs is None or self._specs.to_dict() != specs.to_dict()
        self._specs = specs
        if changed:
            self.specs_changed.emit(specs)
        return specs

    async def get(self, name: str) -> KernelSpec:
        """Fetch one kernelspec.

        Raises:
            NotFoundError: The server has no kernelspec ``name``.
        """
        return await self._rest.get_kernelspec(name)

    async def get_resource(self, name: str, file: str) -> bytes:
        """A kernelspec resource file's bytes (``logo-64x64.png``, ``logo-svg.svg``, ...).

        Raises:
            NotFoundError: No such kernelspec or file.
        """
        return await self._rest.get_kernelspec_resource(name, file)

    def _poll_error(self, exc: errors.JupyterError) -> bool:
        # Keep polling with backoff, except when the backend refuses the listing for good.
        return isinstance(exc, errors.AuthenticationError | errors.UnsupportedError)
