"""The current user: identity and permissions from ``/api/me``, and identity updates.

:class:`UserManager` fetches the identity (``username``, ``name``, ``display_name``,
``initials``, ``avatar_url``, ``color``) and the permissions asked for; ``update()``
changes the fields the server lists in ``permissions["updatable_fields"]``
(``PATCH /api/me``; the default identity provider keeps them in a cookie, so they last
for this client's REST session). :attr:`~UserManager.user_changed` emits each new identity.

Jupyter Server 2.0 to 2.16 have ``GET /api/me`` without ``updatable_fields`` (then ``[]``)
and no ``PATCH``; 1.x and the classic notebook server have no ``/api/me`` at all: both
raise :class:`~jupyter_sdk.errors.UnsupportedError`.

Lifecycle: ``async with UserManager(settings) as user:`` fetches the identity on entry,
polls it when ``poll=True`` and, on exit, stops polling and closes the REST client it
created (a ``rest=`` passed in stays its lender's).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from . import errors
from ._poll import Poller
from ._rest import Rest
from .models import UNSET, Identity, IdentityUpdate, Unset
from .signal import Signal

if TYPE_CHECKING:
    from .settings import ServerSettings

__all__ = ["UserManager"]


class UserManager:
    """The current user's identity and permissions.

    Args:
        settings: The server.
        permissions: Resources and actions to ask about, e.g.
            ``{"contents": ["read", "write"]}``; :attr:`permissions` then lists the
            allowed actions of each.
        poll: Refetch the identity every ``settings.polling.interval`` seconds inside
            ``async with``.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.

    Attributes:
        settings (ServerSettings): The server.
        user_changed: Emitted with the new :class:`Identity` when a fetch or
            :meth:`update` finds it different (the first fetch included).
    """

    def __init__(
        self,
        settings: ServerSettings,
        *,
        permissions: Mapping[str, Sequence[str]] | None = None,
        poll: bool = False,
        rest: Rest | None = None,
    ) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._query = (
            json.dumps({resource: list(actions) for resource, actions in permissions.items()})
            if permissions
            else None
        )
        self._identity: Identity | None = None
        self._permissions: dict[str, list[str]] | None = None
        self._poll = poll
        self._poller = Poller(self.refresh_user, settings.polling, name="user-poll")
        self._closed = False
        self.user_changed: Signal[Identity] = Signal("user_changed")

    def __repr__(self) -> str:
        who = self._identity.username if self._identity else None
        return f"<UserManager {self.settings.base_url} user={who!r}>"

    async def __aenter__(self) -> UserManager:
        await self.refresh_user()
        if self._poll:
            self._poller.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop polling and close the REST client if owned. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._poller.stop()
        if self._owns_rest:
            await self._rest.aclose()

    def _live(self) -> Rest:
        if self._closed:
            raise errors.ConnectionClosedError("the user manager is closed")
        return self._rest

    @property
    def identity(self) -> Identity | None:
        """The identity as last fetched (``None`` before the first fetch)."""
        return self._identity

    @property
    def permissions(self) -> dict[str, list[str]] | None:
        """Allowed actions per asked resource, plus ``updatable_fields`` (``None`` before)."""
        if self._permissions is None:
            return None
        return {key: list(value) for key, value in self._permissions.items()}

    @property
    def is_ready(self) -> bool:
        """Whether the identity has been fetched."""
        return self._identity is not None

    async def ready(self) -> Identity:
        """The identity, fetching it first if it never was."""
        if self._identity is None:
            return await self.refresh_user()
        return self._identity

    async def refresh_user(self) -> Identity:
        """Fetch the identity and permissions; emits ``user_changed`` if the identity changed."""
        answer = await self._live().get_identity(self._query)
        model = answer.permissions
        permissions = {key: list(value) for key, value in model.additional_properties.items()}
        # Jupyter Server before 2.17 has no updatable fields (and omits the key).
        updatable = model.updatable_fields
        permissions["updatable_fields"] = [] if isinstance(updatable, Unset) else list(updatable)
        self._permissions = permissions
        self._take(answer.identity)
        return answer.identity

    async def update(
        self,
        *,
        name: str | None = None,
        display_name: str | None = None,
        initials: str | None = None,
        avatar_url: str | None = None,
        color: str | None = None,
    ) -> Identity:
        """Change identity fields (``None`` leaves a field as is); returns the new identity.

        Raises:
            BadRequestError: A field is not in ``updatable_fields``.
            UnsupportedError: The server cannot update identities (``PATCH /api/me``
                came with Jupyter Server 2.17).
            ValueError: No field was given.
        """
        fields = {
            "name": name,
            "display_name": display_name,
            "initials": initials,
            "avatar_url": avatar_url,
            "color": color,
        }
        if all(value is None for value in fields.values()):
            raise ValueError("update() needs at least one field")
        body = IdentityUpdate(
            name=name if name is not None else UNSET,
            display_name=display_name if display_name is not None else UNSET,
            initials=initials if initials is not None else UNSET,
            avatar_url=avatar_url if avatar_url is not None else UNSET,
            color=color if color is not None else UNSET,
        )
        rest = self._live()
        try:
            answer = await rest.update_identity(body)
        except errors.ResponseError as exc:
            if exc.status != 405:
                raise
            raise rest.unsupported("identity", "PATCH api/me: 405, no identity updates") from exc
        if answer.status != "success":
            raise errors.ProtocolError(f"update_identity: the server answered {answer.status!r}")
        self._take(answer.identity)
        return answer.identity

    def _take(self, identity: Identity) -> None:
        changed = self._identity is None or self._identity.to_dict() != identity.to_dict()
        self._identity = identity
        if changed:
            self.user_changed.emit(identity)
