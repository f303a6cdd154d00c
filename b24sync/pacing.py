"""How fast the client may go: a leaky bucket, retry back-off, per-method operating time.

Bitrix24 counts requests in a leaky bucket per portal: every request adds one, the counter
drains by ``rate`` per second, and a request that would take it above ``capacity`` is refused
with 503 ``QUERY_LIMIT_EXCEEDED`` (50 burst / 2 per s; Enterprise 250 / 5). The client keeps
the same bucket on its side and waits instead of being refused, so in any window of ``t``
seconds it sends at most ``capacity + rate * t`` requests.

Every time source is injectable (``clock`` returns seconds, ``sleep`` waits), so tests run
against a fake clock and never sleep for real.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

Clock = Callable[[], float]
_EPSILON = 1e-9  # waits shorter than this are rounding noise, not waits
Sleep = Callable[[float], None]


class LeakyBucket:
    """A client-side copy of the portal's request counter.

    >>> now = [0.0]
    >>> def sleep(seconds):
    ...     now[0] += seconds
    >>> bucket = LeakyBucket(2, 1.0, clock=lambda: now[0], sleep=sleep)
    >>> [bucket.acquire() for _ in range(3)]
    [0.0, 0.0, 1.0]
    """

    def __init__(
        self,
        capacity: float = 50,
        rate: float = 2.0,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if capacity < 1 or rate <= 0:
            raise ValueError("a leaky bucket needs capacity >= 1 and rate > 0")
        self.capacity = float(capacity)
        self.rate = float(rate)
        self._clock = clock or time.time
        self._sleep = sleep or time.sleep
        self._level = 0.0
        self._stamp = self._clock()

    def _drain(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)  # a clock stepping back never adds requests
        self._level = max(0.0, self._level - elapsed * self.rate)
        self._stamp = now

    @property
    def level(self) -> float:
        """The counter now (0 = empty, ``capacity`` = full)."""
        self._drain()
        return self._level

    def delay(self) -> float:
        """Seconds to wait before one more request fits."""
        self._drain()
        return max(0.0, (self._level + 1.0 - self.capacity) / self.rate)

    def acquire(self) -> float:
        """Wait until one request fits, count it, and return the seconds waited.

        ``sleep`` must let ``clock`` advance (a fake sleep advances the fake clock).
        """
        waited = 0.0
        while (wait := self.delay()) > _EPSILON:
            before = self._clock()
            self._sleep(wait)
            waited += wait
            if self._clock() <= before:
                break  # the clock did not move (float absorption, a stub): never spin
        self._level += 1.0
        return waited

    def fill(self) -> None:
        """The portal said the bucket is full (503): act as if it were, from now on."""
        self._drain()
        self._level = self.capacity


class Backoff:
    """Exponential back-off with jitter: ``base * 2**(attempt-1)``, capped, times [0.5, 1)."""

    def __init__(self, base: float, cap: float, rng: random.Random | None = None) -> None:
        self.base = base
        self.cap = cap
        self._rng = rng or random.Random()

    def delay(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (1, 2, ...)."""
        full = min(self.cap, self.base * 2 ** max(0, attempt - 1))
        return full * (0.5 + self._rng.random() / 2)


def parse_reset_at(value: Any) -> float | None:
    """``operating_reset_at`` as a Unix time; it is an int, but one doc example is ISO text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


class OperatingTracker:
    """Remembers, per method, the ``time`` block of its last answer.

    Bitrix24 answers ``"time": {..., "operating": 0.67, "operating_reset_at": 1757425271}``;
    after a 429 ``OPERATION_TIME_LIMIT`` the docs say to retry at the ``operating_reset_at``
    of the last successful answer of that method.
    """

    def __init__(self) -> None:
        self._reset_at: dict[str, float] = {}
        self.operating: dict[str, float] = {}

    def record(self, method: str, time_block: Any) -> None:
        """Take note of one answer's ``time`` block."""
        if not isinstance(time_block, Mapping):
            return
        reset_at = parse_reset_at(time_block.get("operating_reset_at"))
        if reset_at is not None:
            self._reset_at[method] = reset_at
        operating = time_block.get("operating")
        if isinstance(operating, int | float) and not isinstance(operating, bool):
            self.operating[method] = float(operating)

    def reset_at(self, method: str) -> float | None:
        """When the method's time budget frees up, if any answer said so."""
        return self._reset_at.get(method)
