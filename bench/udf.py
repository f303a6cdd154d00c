"""Benchmark the B24_ worksheet functions: cold and warm per-call time, 1,000 cells.

    python bench/udf.py [--scale N]

Builds the demo portal's store (through the emulator, as ``b24xl sync --demo``), then times:
cold = the first call (the store's frames are read); warm = 1,000 different cells (12 months
x departments x functions) computed once, then recalculated (the same cells again, as
Excel's full recalculation does). The reference, measured in the same run, is
``metrics.api.metric_value`` called directly with the frames in hand: the ratio is the
add-in's own overhead (argument reading, cache check, error wrapping).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def cells(scopes: list[str]) -> list[tuple[str, tuple[str, str]]]:
    """1,000 different (function, arguments) cells, as a director's sheet would hold them."""
    funcs = ["B24_CONVERSION", "B24_WON", "B24_CREATED", "B24_AVG_CHECK"]
    out = [
        (func, (scope, f"2024-{month:02d}"))
        for func in funcs
        for scope in scopes
        for month in range(1, 13)
    ]
    if len(out) < 1000:
        raise SystemExit(f"only {len(out)} distinct cells: use a larger --scale")
    return out[:1000]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "demo.sqlite"
        from addin.commands.refresh import build_demo_store

        t = time.perf_counter()
        build_demo_store(store, args.scale)
        print(f"demo store (scale {args.scale}) built in {time.perf_counter() - t:.1f} s")
        os.environ["B24XL_STORE"] = str(store)
        os.environ.setdefault("B24XL_LOG", str(Path(tmp) / "addin.log"))
        run(store)


def run(store: Path) -> None:
    from addin import context, udfs
    from metrics.api import metric_value

    t = time.perf_counter()
    udfs.B24_CREATED("all", "2024-03")
    cold = time.perf_counter() - t
    frames = context.current().frames
    users = frames["users"]
    scopes = ["all"] + [f"dept:{i}" for i in frames["departments"]["id"]]
    scopes += [f"user:{i}" for i in users[users["active"]]["id"]]
    grid = cells(scopes)
    metric_of = {"B24_CONVERSION": "conversion_overall", "B24_WON": "won_count",
                 "B24_CREATED": "created", "B24_AVG_CHECK": "avg_check"}  # fmt: skip

    for _ in range(2):  # the second pass is the reference: the metrics' own caches are warm
        t = time.perf_counter()
        for name, a in grid:
            metric_value(frames, metric_of[name], *a)
        reference = time.perf_counter() - t

    context.current().memo.clear()  # frames stay loaded; every cell is computed again
    t = time.perf_counter()
    first = [getattr(udfs, name)(*a) for name, a in grid]
    warm = time.perf_counter() - t
    t = time.perf_counter()
    again = [getattr(udfs, name)(*a) for name, a in grid]
    recalc = time.perf_counter() - t
    errors = sum(isinstance(v, str) for v in first)
    assert first == again

    print(f"cold first call (reads the store):        {cold * 1000:8.1f} ms")
    print(f"1,000 cells, computed:                     {warm * 1000:8.1f} ms "
          f"({warm:.3f} ms per cell)")  # fmt: skip
    print(f"1,000 cells, recalculated (unchanged):     {recalc * 1000:8.1f} ms")
    print(f"reference metric_value x1,000 (same run): {reference * 1000:8.1f} ms")
    print(
        f"ratio computed / reference: {warm / reference:.2f}; "
        f"recalculated / reference: {recalc / reference:.3f}; error cells: {errors}"
    )
    print(f"per cell: computed {warm:.3f} ms, recalculated {recalc:.3f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
