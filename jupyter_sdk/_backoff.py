"""Retry policy as a pure generator: capped exponential backoff with jitter."""

from __future__ import annotations

import random
from collections.abc import Generator

__all__ = ["backoff_delays"]


def backoff_delays(
    initial: float, cap: float, jitter: float, *, rng: random.Random | None = None
) -> Generator[float]:
    """Yield ``initial, 2*initial, 4*initial, ...`` capped at ``cap``, each randomised by
    ``±jitter`` (a fraction) so that many clients do not retry in step."""
    rand = rng or random
    delay = initial
    while True:
        yield max(0.0, delay * (1 - jitter + 2 * jitter * rand.random()))
        delay = min(cap, delay * 2)
