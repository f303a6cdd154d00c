"""Benchmark: the plan stores saving and loading one year of plans for 84 employees.

    python bench/plans.py

The local store (SQLite) is the reference; the portal store runs against the portal
emulator on 127.0.0.1 (no server-side rate limit) and prints its ratio to the local store
measured in the same run, plus the HTTP requests it needed.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from b24sync.client import Client
from b24sync.emulator.core import PortalEmulator
from b24sync.plans.local import LocalPlanStore
from b24sync.plans.model import Change, PlanKey
from b24sync.plans.portal import PortalPlanStore

CHANGES = [
    Change(PlanKey("budget", f"2025-{m:02d}", "revenue", f"user:{u}"), float(u * m))
    for u in range(1, 85)
    for m in range(1, 13)
]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        local = LocalPlanStore(Path(tmp) / "store.sqlite")
        local_save = timed(lambda: local.save(CHANGES, 0, "bench"))
        local_load = timed(local.load)
        local.close()
    emulator = PortalEmulator({"portal": {"domain": "demo.bitrix24.ru"}}, limit=None)
    url = emulator.start()
    try:
        writer = Client(url, rate_limit=(10_000, 10_000.0))
        portal = PortalPlanStore(writer)
        before = writer.requests_made
        portal_save = timed(lambda: portal.save(CHANGES, 0, "bench"))
        save_requests = writer.requests_made - before
        reader = Client(url, rate_limit=(10_000, 10_000.0))
        fresh = PortalPlanStore(reader)
        before = reader.requests_made
        portal_load = timed(fresh.load)
        load_requests = reader.requests_made - before
    finally:
        emulator.stop()
    n = len(CHANGES)
    print(f"save {n} values: local {local_save:.3f}s (1.0x), portal {portal_save:.2f}s "
          f"({portal_save / local_save:.0f}x, {save_requests} HTTP requests)")  # fmt: skip
    print(f"load {n} values: local {local_load:.4f}s (1.0x), portal {portal_load:.3f}s "
          f"({portal_load / local_load:.0f}x, {load_requests} HTTP requests)")  # fmt: skip


if __name__ == "__main__":
    main()
