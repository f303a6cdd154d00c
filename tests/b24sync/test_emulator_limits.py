"""Limits, faults and refusals: the leaky bucket (503), the per-method operating time (429
with ``operating_reset_at``), injected faults at the asked rate, 401/403/404, overload and a
302 domain change."""

from __future__ import annotations

import http.client
import json
from collections import Counter
from typing import Any

import pytest
from emulator_http import DROPPED, request

from b24sync.emulator import ApiError, CallContext, PortalEmulator, method
from b24sync.emulator.limits import LeakyBucket, OperatingMeter
from b24sync.emulator.registry import REGISTRY

SNAPSHOT = {
    "portal": {"domain": "t.bitrix24.ru", "timezone": "Europe/Moscow"},
    "crm.item.list": {"2": [{"id": i} for i in range(1, 6)]},
    "user.get": [{"ID": "1", "NAME": "Анна"}],
}


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_leaky_bucket_burst_then_drain() -> None:
    clock = FakeClock(100.0)
    bucket = LeakyBucket(3, 2.0, clock)
    for _ in range(3):
        bucket.admit()
    with pytest.raises(ApiError) as refused:
        bucket.admit()
    assert (refused.value.status, refused.value.code) == (503, "QUERY_LIMIT_EXCEEDED")
    clock.now += 0.5  # drains 2/s * 0.5 s = 1 request
    bucket.admit()
    with pytest.raises(ApiError):
        bucket.admit()


def test_operating_meter_blocks_one_method_until_the_oldest_basket_expires() -> None:
    clock = FakeClock(1_000.5)  # minute basket 16 (1000.5 // 60)
    meter = OperatingMeter(10.0, clock)
    meter.charge("crm.item.list", 6.0)
    clock.now = 1_130.0  # basket 18
    meter.charge("crm.item.list", 4.0)
    with pytest.raises(ApiError) as blocked:
        meter.check("crm.item.list")
    # the oldest basket (16) leaves the ten-minute window at (16 + 10) * 60 = 1560
    assert blocked.value.status == 429 and blocked.value.code == "OPERATION_TIME_LIMIT"
    assert blocked.value.extra["time"]["operating_reset_at"] == 1_560
    meter.check("user.get")  # other methods keep working
    clock.now = 1_560.0
    meter.check("crm.item.list")  # 6 s dropped out: 4 s < 10 s
    assert meter.status("crm.item.list") == (4.0, (18 + 10) * 60)


def test_http_bucket_and_operating_limit() -> None:
    with PortalEmulator(SNAPSHOT, limit=(3, 0.001)) as emu:
        statuses = [request(emu.url, "server.time")[0] for _ in range(4)]
        assert statuses == [200, 200, 200, 503]
    with PortalEmulator(SNAPSHOT, limit=None, operating_limit_s=1e-9) as emu:
        status, body, _ = request(emu.url, "crm.item.list", {"entityTypeId": 2})
        assert status == 200 and body["time"]["operating"] > 0
        reset_at = body["time"]["operating_reset_at"]
        assert reset_at > body["time"]["start"]
        status, body, _ = request(emu.url, "crm.item.list", {"entityTypeId": 2})
        assert status == 429 and body["error"] == "OPERATION_TIME_LIMIT"
        assert body["time"]["operating_reset_at"] == reset_at
        assert request(emu.url, "user.get")[0] == 200


def test_faults_arrive_at_the_asked_rate() -> None:
    with PortalEmulator(SNAPSHOT, limit=None, fault_rate=0.3, seed=3, slow_s=0.001) as emu:
        seen: Counter[object] = Counter()
        for _ in range(400):
            status, body, _ = request(emu.url, "crm.item.list", {"entityTypeId": 2})
            seen[status] += 1
            if status == 200:
                assert len(body["result"]["items"]) == 5  # slow answers are still right
        counts = emu.faults.counts
    # every fault the server drew is what the client saw (slow ones answer 200)
    assert seen[503] == counts["503"] and seen[500] == counts["500"]
    assert (
        seen[DROPPED] == counts["drop"] and seen[200] == 400 - sum(counts.values()) + counts["slow"]
    )
    # 30 % of 400 = 120; a binomial sd is sqrt(400 * 0.3 * 0.7) ~ 9.2, so +-35 is > 3.5 sd
    assert 85 <= sum(counts.values()) <= 155
    assert all(n > 0 for n in counts.values())


def test_refusals() -> None:
    with PortalEmulator(SNAPSHOT, limit=None, scopes={"user"}) as emu:
        wrong_code = emu.url.replace(emu.code, "0" * len(emu.code))
        status, body, _ = request(wrong_code, "user.get")
        assert status == 401 and body["error"] == "NO_AUTH_FOUND"
        wrong_user = emu.url.replace("/rest/1/", "/rest/2/")
        assert request(wrong_user, "user.get")[0] == 401
        status, body, _ = request(emu.url, "crm.item.lst", {})
        assert status == 404 and body["error"] == "ERROR_METHOD_NOT_FOUND"
        status, body, _ = request(emu.url, "crm.item.list", {"entityTypeId": 2})
        assert status == 403 and body["error"] == "insufficient_scope"
        assert request(emu.url, "user.get")[0] == 200
        assert emu.code not in repr(emu)
    with PortalEmulator(SNAPSHOT, limit=None, overload=True) as emu:
        status, body, _ = request(emu.url, "server.time")
        assert status == 503 and body["error"] == "OVERLOAD_LIMIT"


def test_domain_change_redirects() -> None:
    with PortalEmulator(SNAPSHOT, limit=None) as new, PortalEmulator(SNAPSHOT, limit=None) as old:
        old.redirect_to = new.url
        status, _, headers = request(old.url, "user.get.json", {})
        assert status == 302 and headers["Location"] == new.url + "user.get.json"
        status, body, _ = request(headers["Location"].removesuffix("user.get.json"), "user.get")
        assert status == 200 and body["result"][0]["NAME"] == "Анна"


def test_a_stopped_emulator_no_longer_answers_open_connections() -> None:
    emu = PortalEmulator(SNAPSHOT, limit=None)
    emu.start()
    host, port = emu.url.split("/")[2].split(":")
    path = "/" + emu.url.split("/", 3)[3] + "server.time"
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", path, body=json.dumps({}), headers={"Content-Type": "application/json"})
    assert conn.getresponse().read()  # a keep-alive connection, answered
    emu.stop()
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        conn.request("POST", path, body="{}", headers={"Content-Type": "application/json"})
        conn.getresponse().read()
    conn.close()


def test_a_dropped_write_never_happens() -> None:
    """A fault that cuts the answer of a write (or of a batch holding one) comes before it."""
    writes: list[int] = []

    @method("test.write.drop", scope=None, write=True)
    def write(ctx: CallContext, params: dict[str, Any]) -> dict[str, Any]:
        writes.append(1)
        return {"result": True}

    try:
        with PortalEmulator(SNAPSHOT, limit=None, fault_rate=1.0, seed=1, slow_s=0.001) as emu:
            outcomes = []
            for _ in range(40):
                status, _, _ = request(emu.url, "test.write.drop", {})
                outcomes.append(status)
                status, _, _ = request(emu.url, "batch", {"cmd": ["test.write.drop"]})
                outcomes.append(status)
            drops = emu.faults.counts["drop"]
        # every request faulted; only "slow" ones (answered 200) reached the method
        assert drops > 0 and outcomes.count(DROPPED) == drops
        assert len(writes) == outcomes.count(200) == emu.faults.counts["slow"]
    finally:
        REGISTRY.pop("test.write.drop", None)
