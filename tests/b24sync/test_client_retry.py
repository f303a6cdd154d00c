"""What the client retries, how long it waits (on a fake clock), and where it stops."""

from __future__ import annotations

import random

import pytest
from scripted_portal import FakeClock, Reply, error, ok, portal, sequence

from b24sync.client import Client
from b24sync.errors import (
    BrokenResponseError,
    NetworkError,
    OperationTimeLimitError,
    RateLimitError,
    ResponseTimeout,
    ServerError,
)


def jitter(seed: int, bases: list[float]) -> list[float]:
    """The expected waits: base * (0.5 + u/2) with u from the same seeded generator."""
    rng = random.Random(seed)
    return [base * (0.5 + rng.random() / 2) for base in bases]


def make(url: str, clock: FakeClock, **kw: object) -> Client:
    return Client(url, clock=clock.time, sleep=clock.sleep, rng=random.Random(5), **kw)  # type: ignore[arg-type]


def test_query_limit_exceeded_backs_off_with_jitter() -> None:
    clock = FakeClock()
    qle = error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    with portal(sequence(qle, qle, qle, ok("done"))) as server, make(server.url, clock) as c:
        assert c.call("crm.item.list", {})["result"] == "done"
        assert c.requests_made == 4 and c.retries == 3
    # 1 s, 2 s, 4 s times jitter in [0.5, 1); each wait drains the filled bucket (>= 1 req)
    assert clock.sleeps == pytest.approx(jitter(5, [1.0, 2.0, 4.0]))


def test_operation_time_limit_waits_until_the_reset() -> None:
    clock = FakeClock(start=1000.0)
    replies = [
        ok({"items": []}, time={"operating": 400.0, "operating_reset_at": 1120}),
        error(429, "OPERATION_TIME_LIMIT", "Method is blocked"),
        ok({"items": []}),
    ]
    with portal(sequence(*replies)) as server, make(server.url, clock) as c:
        c.call("crm.item.list", {})
        c.call("crm.item.list", {})
        assert c.requests_made == 3
    assert clock.sleeps == [121.0]  # 1120 - 1000 + 1 s of margin


def test_429_carrying_its_own_reset_and_the_cap() -> None:
    clock = FakeClock(start=1000.0)
    blocked = Reply(429, {"error": "OPERATION_TIME_LIMIT", "time": {"operating_reset_at": 9000}})
    with portal(sequence(blocked, ok(1))) as server, make(server.url, clock, max_wait=600) as c:
        c.call("tasks.task.list", {})
    assert clock.sleeps == [600.0]  # 8001 s capped at max_wait


def test_429_without_any_reset_backs_off_and_gives_up() -> None:
    clock = FakeClock()
    blocked = error(429, "OPERATION_TIME_LIMIT")
    with portal(sequence(blocked)) as server, make(server.url, clock, max_retries=2) as c:
        with pytest.raises(OperationTimeLimitError) as info:
            c.call("crm.activity.list", {})
        assert c.requests_made == 3
    assert "10 minutes" in info.value.en
    assert len(clock.sleeps) == 2 and all(2.5 <= s < 10 for s in clock.sleeps)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_server_errors_are_retried(status: int) -> None:
    clock = FakeClock()
    fail = error(status, "INTERNAL_SERVER_ERROR" if status == 500 else "")
    with portal(sequence(fail, fail, ok("ok"))) as server, make(server.url, clock) as c:
        assert c.call("user.get", {})["result"] == "ok"
        assert c.requests_made == 3
    assert clock.sleeps == pytest.approx(jitter(5, [0.5, 1.0]))


def test_html_502_from_a_proxy() -> None:
    clock = FakeClock()
    html = Reply(502, kind="raw", raw=b"<html>Bad Gateway</html>")
    with portal(sequence(html, ok(1))) as server, make(server.url, clock) as c:
        assert c.call("user.get")["result"] == 1


@pytest.mark.parametrize(
    "fault",
    [
        Reply(200, kind="drop", raw=b'{"result": {"items": [{"id'),  # cut mid-answer
        Reply(kind="close"),  # connection closed, no answer
        Reply(200, kind="raw", raw=b"<html>not json</html>"),  # invalid JSON
        Reply(200, kind="raw", raw=b"[1, 2]"),  # JSON, but not an object
    ],
    ids=["dropped", "closed", "invalid-json", "not-object"],
)
def test_broken_answers_are_retried(fault: Reply) -> None:
    clock = FakeClock()
    with (
        portal(sequence(fault, ok({"items": [{"id": 1}]}))) as server,
        make(server.url, clock) as c,
    ):
        assert c.call("crm.item.list", {})["result"]["items"] == [{"id": 1}]
        assert c.requests_made == 2
    assert len(clock.sleeps) == 1


def test_slow_answer_times_out_and_is_retried() -> None:
    clock = FakeClock()
    slow = Reply(200, {"result": "late"}, kind="slow", delay=1.0)
    with portal(sequence(slow, ok("fast"))) as server, make(server.url, clock, timeout=0.2) as c:
        assert c.call("crm.item.list", {})["result"] == "fast"
        assert c.requests_made == 2


def test_retries_are_bounded() -> None:
    clock = FakeClock()
    with (
        portal(sequence(error(500, "INTERNAL_SERVER_ERROR"))) as server,
        make(server.url, clock, max_retries=4) as c,
    ):
        with pytest.raises(ServerError) as info:
            c.call("crm.item.list", {})
        assert c.requests_made == 5  # 1 try + 4 retries
    assert "try again later" in info.value.en and "повторите" in info.value.ru


def test_bounded_for_each_failure_kind() -> None:
    clock = FakeClock()
    with (
        portal(sequence(Reply(kind="close"))) as server,
        make(server.url, clock, max_retries=1) as c,
    ):
        with pytest.raises((NetworkError, BrokenResponseError)):
            c.call("user.get")
        assert c.requests_made == 2
    with (
        portal(sequence(error(503, "QUERY_LIMIT_EXCEEDED"))) as server,
        make(server.url, clock, max_retries=2) as c,
        pytest.raises(RateLimitError),
    ):
        c.call("user.get")


def test_writes_are_not_resent_after_a_server_failure() -> None:
    clock = FakeClock()
    with (
        portal(sequence(error(500, "INTERNAL_SERVER_ERROR"), ok(5))) as server,
        make(server.url, clock) as c,
        pytest.raises(ServerError),
    ):
        c.call("crm.item.add", {"entityTypeId": 2, "fields": {"title": "x"}})
    assert len(server.seen) == 1


def test_writes_are_resent_after_a_refusal() -> None:
    clock = FakeClock()
    with (
        portal(sequence(error(503, "QUERY_LIMIT_EXCEEDED"), ok(5))) as server,
        make(server.url, clock) as c,
    ):
        assert c.call("crm.item.add", {"entityTypeId": 2})["result"] == 5
    assert len(server.seen) == 2


def test_timeout_error_names_the_seconds() -> None:
    clock = FakeClock()
    slow = Reply(200, {"result": 1}, kind="slow", delay=0.6)
    with (
        portal(sequence(slow)) as server,
        make(server.url, clock, timeout=0.2, max_retries=0) as c,
        pytest.raises(ResponseTimeout) as info,
    ):
        c.call("crm.item.list")
    assert "0.2 s" in info.value.en and "0.2 с" in info.value.ru
