"""Faults on demand: a share of requests fails the way a flaky portal or network does.

Each request, with probability ``rate`` (seeded, so a run is reproducible), gets one of:
``503`` (QUERY_LIMIT_EXCEEDED), ``500`` (INTERNAL_SERVER_ERROR), ``drop`` (the answer's
headers and half its body, then the connection closes) or ``slow`` (the answer after
``slow_s`` seconds). All four are retryable; a well-behaved client ends with the same data.
"""

from __future__ import annotations

import random
import threading

KINDS = ("503", "500", "drop", "slow")


class FaultInjector:
    """Draws the fault (or None) of each request."""

    def __init__(self, rate: float, seed: int = 0, slow_s: float = 0.3) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError("the fault rate must be between 0 and 1")
        self.rate = rate
        self.slow_s = slow_s
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self.counts = dict.fromkeys(KINDS, 0)

    def draw(self) -> str | None:
        """The fault for the next request, or None for a normal answer."""
        if self.rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self.rate:
                return None
            kind = KINDS[self._random.randrange(len(KINDS))]
            self.counts[kind] += 1
            return kind
