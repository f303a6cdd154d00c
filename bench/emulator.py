"""Emulator and demo-portal figures at a given scale (default 20: ~100k deals, ~1M activities).

    python bench/emulator.py [SCALE]

Prints: demo generation + load time, peak memory, and the cost of a fast-export page
(``start=-1``, ``>ID``) against a counted page (``start=N``) of the same list measured in the
same run, as a ratio (the docs' reason for ``start=-1``).
"""

from __future__ import annotations

import resource
import sys
import time

from b24sync.demo import demo_portal
from b24sync.emulator import PortalEmulator

SELECT = ["ID", "OWNER_ID", "LAST_UPDATED"]


def main(scale: int) -> None:
    began = time.perf_counter()
    emu = PortalEmulator(demo_portal(scale), limit=None)
    loaded = time.perf_counter() - began
    deals = len(emu.data.table("crm.item.list", 2) or ())
    activities = len(emu.data.table("crm.activity.list") or ())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {scale}: {deals:,} deals, {activities:,} activities")
    print(f"generate + load: {loaded:.1f} s; peak RSS {peak:,.0f} MB")
    fast = _pages(emu, fast=True)
    counted = _pages(emu, fast=False)
    print(f"fast-export page {fast * 1000:.2f} ms, counted page {counted * 1000:.2f} ms, "
          f"ratio counted/fast {counted / fast:.1f}")  # fmt: skip
    flt = {">=LAST_UPDATED": "2026-11-29T00:00:00+03:00"}
    began = time.perf_counter()
    emu.call("crm.activity.list", {"order": {"ID": "ASC"}, "filter": flt, "start": -1})
    first = time.perf_counter() - began
    began = time.perf_counter()
    emu.call("crm.activity.list", {"order": {"ID": "ASC"}, "filter": flt, "start": -1})
    again = time.perf_counter() - began
    print(f"incremental filter: first call {first:.2f} s (builds the column), "
          f"then {again * 1000:.1f} ms")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after queries {peak:,.0f} MB")


def _pages(emu: PortalEmulator, *, fast: bool, pages: int = 200) -> float:
    """Mean seconds per page over ``pages`` consecutive pages of crm.activity.list."""
    began, last = time.perf_counter(), 0
    for number in range(pages):
        if fast:
            params = {"order": {"ID": "ASC"}, "filter": {">ID": last}, "start": -1}
        else:
            params = {"order": {"ID": "ASC"}, "start": number * 50}
        rows = emu.call("crm.activity.list", {**params, "select": SELECT})["result"]
        last = int(rows[-1]["ID"])
    return (time.perf_counter() - began) / pages


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
