"""What a kernel's numbered output looks like when it crossed a cut link."""

from __future__ import annotations


def assert_replayed_once(texts: list[str], count: int) -> None:
    """``texts`` (stream texts of a loop printing ``0`` to ``count - 1``, received across a
    cut link) hold each line at most once, in order, through the last, with at most one run
    missing, where the cut was: bytes in flight on a cut link are lost (the server sent
    them, so it does not replay them); what it held after noticing the drop comes back once.
    """
    received = [int(line) for line in "".join(texts).split()]
    assert received == sorted(set(received)), f"out of order or twice: {received}"
    assert received[-1] == count - 1, received
    missing = sorted(set(range(count)) - set(received))
    assert not missing or missing == list(range(missing[0], missing[-1] + 1)), missing
