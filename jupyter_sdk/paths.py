"""Contents paths: checked and percent-encoded before any request.

``""`` is the root and one leading ``/`` is dropped (as is one trailing ``/``); every
other character is literal (``%``, ``#``, ``?``, ``+``, ``;``, spaces, backslashes,
unicode in whatever normal form it came) and each segment is percent-encoded on its own.
``.`` and ``..`` segments, empty inner segments and NUL are refused: a dot-segment can
walk out of a JupyterHub prefix with the token attached, and encoding does not neutralise
it (some HTTP stacks collapse ``%2e%2e`` too).
"""

from __future__ import annotations

from urllib.parse import quote

from .errors import InvalidPathError

__all__ = ["check_path", "quote_path"]


def check_path(path: str) -> str:
    """Return ``path`` in the server's form, or raise :class:`InvalidPathError`.

    >>> check_path("/notebooks/a b.ipynb")
    'notebooks/a b.ipynb'
    """
    if not isinstance(path, str):
        raise InvalidPathError(f"a contents path is a str, not {type(path).__name__}")
    if "\x00" in path:
        raise InvalidPathError("a contents path must not contain NUL")
    if path.startswith("/"):
        path = path[1:]
    if path.endswith("/"):
        path = path[:-1]
    if not path:
        return ""
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            what = "an empty segment" if not segment else f"a {segment!r} segment"
            raise InvalidPathError(f"a contents path must not contain {what}: {path!r}")
    return path


def quote_path(path: str) -> str:
    """Check ``path`` and percent-encode each of its segments for a URL."""
    return "/".join(quote(segment, safe="") for segment in check_path(path).split("/"))
