"""Ports from outside the system's ephemeral range, which the system never hands out.

A port found by binding port 0 and letting go is free only for a moment: until it is bound
again, any process binding port 0 or connecting out may be handed it, and on a busy machine
a server or kernel can take seconds to start. A port from just beside the ephemeral range
stays free unless someone asks for it by number (:mod:`jupyter_sdk._kernel_ports` says
what this cost kernels).
"""

from __future__ import annotations

import random
import socket
import sys
from collections.abc import Iterable

_WINDOW = 16384  # ports to choose from beside the ephemeral range
_MINIMUM = 1024  # below: privileged ports
# The ephemeral range where the system's is not readable: IANA's, which macOS and
# Windows use; Linux's default (32768-60999) lies inside the window's complement too.
_DEFAULT_EPHEMERAL = (49152, 65535)


def ephemeral_range() -> tuple[int, int]:
    """The system's ephemeral port range (first, last), as the system says where it can."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
                first, last = (int(n) for n in f.read().split())
        except (OSError, ValueError):
            return _DEFAULT_EPHEMERAL
        return first, last
    return _DEFAULT_EPHEMERAL


def port_window(ephemeral: tuple[int, int] = _DEFAULT_EPHEMERAL) -> range | None:
    """The ports to choose from: those just below ``ephemeral`` or just above it, where
    there is more room; ``None`` if neither side has 1024 (the system then hands out
    nearly every port)."""
    first, last = ephemeral
    below = range(max(_MINIMUM, first - _WINDOW), first)
    above = range(last + 1, min(65536, last + 1 + _WINDOW))
    best = max(below, above, key=len)
    return best if len(best) >= 1024 else None


def free_ports(ip: str, count: int, window: range, taken: Iterable[int] = ()) -> list[int]:
    """``count`` distinct ports from ``window`` that ``ip`` can bind now, none in ``taken``.

    Raises:
        OSError: ``window`` has too few free ports.
    """
    chosen: list[int] = []
    unavailable = set(taken)
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    # From a random place on, around the window: a few probes as a rule, every port at worst.
    start = random.randrange(len(window))
    for i in range(len(window)):
        if len(chosen) == count:
            break
        port = window[(start + i) % len(window)]
        if port in unavailable:
            continue
        with socket.socket(family) as probe:
            try:
                probe.bind((ip, port))
            except OSError:
                continue
        chosen.append(port)
    if len(chosen) < count:
        raise OSError(f"fewer than {count} free ports in {window.start}-{window.stop - 1}")
    return chosen
