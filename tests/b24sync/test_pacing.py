"""The leaky bucket, back-off and operating-time tracker, on a fake clock."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scripted_portal import FakeClock

from b24sync.pacing import Backoff, LeakyBucket, OperatingTracker, parse_reset_at


def test_burst_then_drip() -> None:
    clock = FakeClock(start=0.0)
    bucket = LeakyBucket(50, 2.0, clock=clock.time, sleep=clock.sleep)
    waits = [bucket.acquire() for _ in range(53)]
    # 50 fit at once; each further one waits for 1/2 s of drain.
    assert waits[:50] == [0.0] * 50
    assert waits[50:] == [0.5, 0.5, 0.5]
    assert clock.now == pytest.approx(1.5)


def test_idle_time_drains_the_counter() -> None:
    clock = FakeClock(start=0.0)
    bucket = LeakyBucket(10, 5.0, clock=clock.time, sleep=clock.sleep)
    for _ in range(10):
        bucket.acquire()
    clock.now += 1.0  # 5 drained
    assert bucket.level == pytest.approx(5.0)
    assert [bucket.acquire() for _ in range(5)] == [0.0] * 5
    assert bucket.acquire() == pytest.approx(0.2)


def test_fill_makes_the_next_request_wait() -> None:
    clock = FakeClock(start=0.0)
    bucket = LeakyBucket(250, 5.0, clock=clock.time, sleep=clock.sleep)
    bucket.fill()
    assert bucket.acquire() == pytest.approx(1 / 5)


def test_clock_going_back_adds_nothing() -> None:
    clock = FakeClock(start=0.0)
    clock.now = 100.0
    bucket = LeakyBucket(2, 1.0, clock=clock.time, sleep=clock.sleep)
    bucket.acquire()
    clock.now = 50.0
    assert bucket.level == pytest.approx(1.0)


def test_a_clock_that_does_not_move_never_spins() -> None:
    sleeps: list[float] = []
    bucket = LeakyBucket(1, 2.0, clock=lambda: 5.0, sleep=sleeps.append)
    bucket.acquire()
    assert bucket.acquire() == 0.5 and sleeps == [0.5]  # waited once, then went on


def test_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        LeakyBucket(0, 2.0)
    with pytest.raises(ValueError):
        LeakyBucket(50, 0)


@settings(max_examples=150, deadline=None)
@given(
    capacity=st.integers(1, 60),
    rate=st.floats(0.5, 10.0),
    gaps=st.lists(st.floats(0.0, 3.0), min_size=1, max_size=200),
    start=st.sampled_from([0.0, 1_700_000_000.0]),  # an epoch-sized clock absorbs tiny steps
)
def test_never_more_than_capacity_plus_rate_times_window(
    capacity: int, rate: float, gaps: list[float], start: float
) -> None:
    clock = FakeClock(start=0.0)
    clock.now = start
    bucket = LeakyBucket(capacity, rate, clock=clock.time, sleep=clock.sleep)
    sent: list[float] = []
    for gap in gaps:
        clock.now += gap  # the caller's own pace between requests
        bucket.acquire()
        sent.append(clock.now)
    # Every window [sent[i], sent[j]] holds j-i+1 requests.
    for i in range(len(sent)):
        for j in range(i, len(sent)):
            assert j - i + 1 <= capacity + rate * (sent[j] - sent[i]) + 1e-4


def test_backoff_grows_caps_and_jitters() -> None:
    backoff = Backoff(1.0, 30.0, random.Random(7))
    delays = [backoff.delay(attempt) for attempt in range(1, 9)]
    full = [1, 2, 4, 8, 16, 30, 30, 30]  # 1 * 2**(n-1), capped at 30
    for delay, bound in zip(delays, full, strict=True):
        assert bound / 2 <= delay < bound


def test_parse_reset_at_accepts_int_float_text_and_iso() -> None:
    assert parse_reset_at(1757425271) == 1757425271.0
    assert parse_reset_at("1757425271") == 1757425271.0
    # 2025-09-09T16:41:11+03:00 = 13:41:11 UTC; 1757425271 = 2025-09-09 13:41:11 UTC
    assert parse_reset_at("2025-09-09T16:41:11+03:00") == 1757425271.0
    assert parse_reset_at(None) is None
    assert parse_reset_at("soon") is None
    assert parse_reset_at(True) is None


def test_tracker_keeps_the_last_reset_per_method() -> None:
    tracker = OperatingTracker()
    tracker.record("crm.item.list", {"operating": 1.5, "operating_reset_at": 100})
    tracker.record("crm.item.list", {"operating": 2.0, "operating_reset_at": 160})
    tracker.record("user.get", {"duration": 0.1})
    tracker.record("user.get", None)
    assert tracker.reset_at("crm.item.list") == 160.0
    assert tracker.operating == {"crm.item.list": 2.0}
    assert tracker.reset_at("user.get") is None
