"""Presence in a room: who else has the document open, as JupyterLab shows it.

JupyterLab writes each client's awareness state as ``{"user": {...}, "cursors": [...],
"autosave": bool}``; the server keeps a state of its own, ``{}``, which is not a person.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import attrs

__all__ = ["Collaborator"]

# JupyterLab's collaborator colours (--jp-collaborator-color1..7).
_COLORS = ("#ffad8e", "#dac83d", "#72dd76", "#00e4d0", "#45d4ff", "#e2b1ff", "#ff9de6")


def _initials(name: str) -> str:
    parts = [p for p in name.replace("_", " ").replace("-", " ").split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@attrs.frozen
class Collaborator:
    """A person (or program) in a shared document, as JupyterLab's awareness has it.

    Attributes:
        name: The person's name (``name`` in the awareness state).
        display_name: The name shown in JupyterLab.
        initials: The initials on the avatar.
        color: The cursor and avatar colour (a CSS colour).
        avatar_url: An avatar image, if any.
        username: The account's unique name (``username``; default: ``name``).
    """

    name: str
    display_name: str = ""
    initials: str = ""
    color: str = ""
    avatar_url: str | None = None
    username: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.display_name:
            object.__setattr__(self, "display_name", self.name)
        if not self.username:
            object.__setattr__(self, "username", self.name)
        if not self.initials:
            object.__setattr__(self, "initials", _initials(self.display_name))
        if not self.color:
            digest = hashlib.sha256(self.username.encode()).digest()
            object.__setattr__(self, "color", _COLORS[digest[0] % len(_COLORS)])

    def to_awareness(self) -> dict[str, object]:
        """The awareness ``user`` field, as JupyterLab writes it."""
        return {
            "username": self.username,
            "name": self.name,
            "display_name": self.display_name,
            "initials": self.initials,
            "avatar_url": self.avatar_url,
            "color": self.color,
        }

    @classmethod
    def from_awareness(cls, user: Mapping[str, object]) -> Collaborator:
        """Read a peer's awareness ``user`` field (any missing part is derived)."""

        def text(key: str) -> str:
            value = user.get(key)
            return value if isinstance(value, str) else ""

        name = text("name") or text("display_name") or text("username") or "anonymous"
        avatar = user.get("avatar_url")
        return cls(
            name=name,
            username=text("username") or name,
            display_name=text("display_name") or text("name"),
            initials=text("initials"),
            color=text("color"),
            avatar_url=avatar if isinstance(avatar, str) else None,
        )
