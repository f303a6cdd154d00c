"""The portal's two limits (``limits.md`` of the official docs).

* :class:`LeakyBucket`: every HTTP request (a ``batch`` is one) adds 1 to a counter that
  drains by ``Y`` per second; a request that finds the counter at ``X`` is refused with 503
  ``QUERY_LIMIT_EXCEEDED`` (50/2 by default, 250/5 on Enterprise).
* :class:`OperatingMeter`: each method's execution time is summed in ten one-minute baskets;
  once the sum reaches the limit the next call of *that* method gets 429
  ``OPERATION_TIME_LIMIT`` until the oldest basket drops out (``operating_reset_at``).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from b24sync.emulator.registry import ApiError

BASKETS = 10
BASKET_S = 60


class LeakyBucket:
    """Burst ``burst`` requests, then ``drain_per_s`` requests a second."""

    def __init__(
        self, burst: int, drain_per_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if burst < 1 or drain_per_s <= 0:
            raise ValueError("the limit needs a burst >= 1 and a drain rate > 0")
        self.burst = burst
        self.drain_per_s = drain_per_s
        self._clock = clock
        self._level = 0.0
        self._at = clock()

    def admit(self) -> None:
        """Count one request or raise 503 QUERY_LIMIT_EXCEEDED (the request is not counted)."""
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._at) * self.drain_per_s)
        self._at = now
        if self._level + 1 > self.burst:
            raise ApiError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
        self._level += 1


class OperatingMeter:
    """Per-method execution time over the last ten minutes, against ``limit_s``."""

    def __init__(self, limit_s: float | None, clock: Callable[[], float] = time.time) -> None:
        self.limit_s = limit_s
        self._clock = clock
        self._baskets: dict[str, deque[list[float]]] = {}

    def _current(self, method: str) -> deque[list[float]]:
        baskets = self._baskets.setdefault(method, deque())
        oldest_allowed = int(self._clock() // BASKET_S) - BASKETS + 1
        while baskets and baskets[0][0] < oldest_allowed:
            baskets.popleft()
        return baskets

    def status(self, method: str) -> tuple[float, int]:
        """``(operating seconds, operating_reset_at)`` of ``method`` now."""
        baskets = self._current(method)
        total = sum(seconds for _, seconds in baskets)
        first = baskets[0][0] if baskets else self._clock() // BASKET_S
        return total, int((first + BASKETS) * BASKET_S)

    def check(self, method: str) -> None:
        """Raise 429 OPERATION_TIME_LIMIT when ``method`` has used up its time."""
        if self.limit_s is None:
            return
        total, reset_at = self.status(method)
        if total >= self.limit_s:
            raise ApiError(
                429,
                "OPERATION_TIME_LIMIT",
                "Method is blocked due to operation time limit.",
                {"time": {"operating": total, "operating_reset_at": reset_at}},
            )

    def charge(self, method: str, seconds: float) -> None:
        """Add ``seconds`` of execution to ``method``'s current basket."""
        baskets = self._current(method)
        minute = int(self._clock() // BASKET_S)
        if baskets and baskets[-1][0] == minute:
            baskets[-1][1] += seconds
        else:
            baskets.append([minute, seconds])
