"""Benchmark: every report table of the demo portal vs the same measures in DuckDB SQL.

    python bench/metrics.py [--scale 20] [--cache /tmp/b24xl_demo20.pkl] [--period 2026-10]

The demo portal is generated and converted to frames in a child process (cached in
``--cache``), so this process's peak memory is the metrics' own. Printed: the time of all
report tables (cold: the per-revision model is built inside), DuckDB's time for the same
measures over the same frames, their ratio (goal <= 2), peak memory (goal < 2 GB) and a
warm single ``metric_value`` (goal well under 5 ms).
"""

from __future__ import annotations

import argparse
import pickle
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

# this file is named like the package it measures: import the package, not this script
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.modules.pop("metrics", None)
from metrics.api import REPORTS, metric_value, report_table  # noqa: E402
from metrics.frames import PortalFrames  # noqa: E402
from metrics.model import model_for  # noqa: E402
from metrics.periods import parse_period  # noqa: E402
from metrics.settings import Settings  # noqa: E402

sys.path.append(str(HERE))
from metrics_sql import run_sql  # noqa: E402

DEMO_SETTINGS = {"gross_profit_field": "ufCrm_1700000001", "city_field": "ufCrm_1700000002"}
BUILD = """
import pickle, sys
from b24sync.demo import demo_snapshot
from b24sync.frames import frames_from_snapshot
import time
snapshot = demo_snapshot(scale=int(sys.argv[1]))
started = time.perf_counter()
frames = frames_from_snapshot(snapshot, revision="bench-" + sys.argv[1])
print(f"frames_from_snapshot: {time.perf_counter() - started:.1f} s")
del snapshot
pickle.dump(frames, open(sys.argv[2], "wb"), protocol=pickle.HIGHEST_PROTOCOL)
"""


def frames_for(scale: int, cache: Path) -> PortalFrames:
    """The demo frames of ``scale``, built once in a child process and cached."""
    if not cache.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", BUILD, str(scale), str(cache)], check=True)
        print(
            f"demo portal x{scale} generated and converted in {time.perf_counter() - started:.1f} s"
        )
    with cache.open("rb") as handle:
        frames: PortalFrames = pickle.load(handle)
    return frames


def rss_mb() -> float:
    """Peak resident memory of this process so far, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def python_reports(frames: PortalFrames, period: str) -> tuple[float, dict[str, float]]:
    """All report tables, cold (model built inside); total and per-report seconds."""
    started = time.perf_counter()
    model_for(frames, Settings.from_mapping(DEMO_SETTINGS))
    each = {"(model)": time.perf_counter() - started}
    for name in REPORTS:
        t0 = time.perf_counter()
        report_table(frames, name, period=period, settings=DEMO_SETTINGS)
        each[name] = time.perf_counter() - t0
    return time.perf_counter() - started, each


def duckdb_reports(frames: PortalFrames, period: str) -> float:
    """The same measures in DuckDB SQL over the same frames."""
    model = model_for(frames, Settings.from_mapping(DEMO_SETTINGS))
    t = pd.Timestamp(model.default_as_of, tz="UTC")
    chosen = parse_period(period)
    start, end = chosen.bounds(model.tz)
    roles = [chosen, chosen.previous(), chosen.year_ago()]
    roles += [parse_period(chosen.label).shift(-i) for i in range(12)]
    deals = frames["deals"]
    started = time.perf_counter()
    con = duckdb.connect()
    for name in (
        "deals",
        "stage_history",
        "activities",
        "tasks",
        "departments",
        "user_departments",
    ):
        con.register(name, frames[name])
    rates = {
        str(c): a / n
        for c, a, n in frames["currencies"][["currency", "amount", "amount_cnt"]].to_numpy()
    }
    company, contact = deals["company_id"], deals["contact_id"]
    deals_x = pd.DataFrame(
        {
            "id": deals["id"],
            "assigned_by_id": deals["assigned_by_id"],
            "category_id": deals["category_id"],
            "created_time": deals["created_time"],
            "amount": deals["opportunity"] * deals["currency_id"].map(lambda c: rates.get(c, 1.0)),
            "client": (company * 2 + 1).where(company > 0, contact * 2),
            "gp": pd.to_numeric(deals[DEMO_SETTINGS["gross_profit_field"]], errors="coerce"),
        }
    )
    con.register("deals_x", deals_x)
    bounds = [(i, *p.bounds(model.tz)) for i, p in enumerate(roles)]
    con.register("periods", pd.DataFrame(bounds, columns=["pid", "s", "e"]))
    task_periods = [chosen.shift(-i) for i in range(12)] + [
        parse_period(f"{chosen.start.year}-W10")
    ]
    tbounds = [(i, *p.bounds(model.tz)) for i, p in enumerate(task_periods)]
    con.register("task_periods", pd.DataFrame(tbounds, columns=["pid", "s", "e"]))
    run_sql(con, t, start, end)
    return time.perf_counter() - started


def warm_metric(frames: PortalFrames, period: str, repeat: int = 2000) -> float:
    """Median ms of one warm ``metric_value`` (frames and model cached in-process)."""
    args = (frames, "conversion_overall", "Сочи", period)
    metric_value(*args, settings=DEMO_SETTINGS)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        metric_value(*args, settings=DEMO_SETTINGS)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--period", default="2026-10")
    args = parser.parse_args()
    cache = args.cache or Path(f"/tmp/b24xl_demo{args.scale}_frames.pkl")
    frames = frames_for(args.scale, cache)
    base = rss_mb()
    print(f"deals {len(frames['deals'])}, activities {len(frames['activities'])}, "
          f"history {len(frames['stage_history'])}, tasks {len(frames['tasks'])}; "
          f"frames loaded, peak RSS {base:.0f} MB")  # fmt: skip
    total, each = python_reports(frames, args.period)
    for name, seconds in each.items():
        print(f"  {name:<20} {seconds * 1000:8.0f} ms")
    sql = duckdb_reports(frames, args.period)
    warm = warm_metric(frames, args.period)
    peak = rss_mb()
    print(f"python metrics, all {len(REPORTS)} report tables (cold): {total:.2f} s")
    print(f"duckdb SQL, same measures, same frames:        {sql:.2f} s")
    print(f"ratio python / duckdb: {total / sql:.2f} (goal <= 2)")
    print(f"peak RSS {peak:.0f} MB (frames alone {base:.0f} MB; goal < 2048)")
    print(f"warm metric_value: {warm:.3f} ms (goal well under 5 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
