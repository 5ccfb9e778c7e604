"""Editing a shared ``Text`` with Python string indices.

pycrdt indexes a ``Text`` by UTF-8 bytes (Yjs, in JupyterLab, by UTF-16 units); the SDK's
API takes ``str`` indices (code points) and converts here, once.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from pycrdt import Text

__all__ = ["delete_text", "insert_text", "set_text"]


def _offset(current: str, index: int, what: str) -> int:
    if not 0 <= index <= len(current):
        raise IndexError(f"{what}: index {index} is outside the text (length {len(current)})")
    return len(current[:index].encode())


def insert_text(ytext: Text, index: int, text: str) -> None:
    """Insert ``text`` at code-point ``index``."""
    ytext.insert(_offset(str(ytext), index, "insert_text"), text)


def delete_text(ytext: Text, index: int, length: int) -> None:
    """Delete ``length`` code points from ``index``."""
    current = str(ytext)
    if length < 0:
        raise ValueError("delete_text: length must be >= 0")
    start = _offset(current, index, "delete_text")
    end = _offset(current, min(index + length, len(current)), "delete_text")
    if end > start:
        del ytext[start:end]


def set_text(ytext: Text, new: str) -> None:
    """Make ``ytext`` read ``new`` by the smallest edits (so that a peer's concurrent
    typing elsewhere in the text survives), not by replacing it whole."""
    old = str(ytext)
    if old == new:
        return
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    # Apply from the end so earlier offsets stay valid.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        start = len(old[:i1].encode())
        end = len(old[:i2].encode())
        if end > start:
            del ytext[start:end]
        if j2 > j1:
            ytext.insert(start, new[j1:j2])
