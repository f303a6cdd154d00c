"""Benchmark: the Deals sheet of the demo portal at scale 20 (~100k rows).

Times the product writing the Deals sheet (its layout code + openpyxl save) against
xlsxwriter in constant-memory mode writing the same cells with the same formats, in the
same run, and prints the ratio (goal: within 3x). With ``--refresh`` it also times the whole
``b24xl refresh --demo`` at scale 1 in a private store.

    python bench/workbook.py [--scale 20] [--refresh]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ALL_TIME = "2000-01-01..2099-12-31"


def deals_table(scale: int) -> tuple[pd.DataFrame, str]:
    """The ``deals`` report table of the demo portal (no HTTP: snapshot -> frames)."""
    from b24sync.demo import DEMO_SETTINGS, demo_snapshot
    from b24sync.frames import frames_from_snapshot
    from metrics.api import report_table

    frames = frames_from_snapshot(demo_snapshot(scale), revision=f"bench{scale}")
    # every deal alive over the whole history: the Deals sheet of a workbook for all time
    table = report_table(frames, "deals", period=ALL_TIME, settings=dict(DEMO_SETTINGS))
    return table, frames.portal.timezone


def product(df: pd.DataFrame, tz: str, path: Path) -> None:
    from openpyxl import Workbook

    from workbook_templates.context import FillContext
    from workbook_templates.manifest import SHEET_BY_KEY
    from workbook_templates.save import save_atomic
    from workbook_templates.tables import write_table

    wb = Workbook()
    ws = wb.active
    ws.title = "Сделки"
    block = SHEET_BY_KEY["deals"].blocks[0]
    write_table(ws, 4, block, df, FillContext(lang="ru", timezone=tz))
    save_atomic(wb, path)


def reference(df: pd.DataFrame, tz: str, path: Path) -> None:
    """xlsxwriter, constant memory, the same cells (values, formats, links, Table)."""
    import xlsxwriter

    from workbook_templates import i18n, styles
    from workbook_templates.cells import column_values
    from workbook_templates.context import FillContext
    from workbook_templates.manifest import SHEET_BY_KEY
    from workbook_templates.tables import DATE_COLUMNS, block_columns, excel_values

    block = SHEET_BY_KEY["deals"].blocks[0]
    ctx = FillContext(lang="ru", timezone=tz)
    cols = block_columns(block, df)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("Сделки")
    fmts = {}
    for name in cols:
        if name in DATE_COLUMNS:
            fmts[name] = book.add_format({"num_format": styles.DATE["ru"]})
        else:
            fmts[name] = book.add_format({"num_format": styles.column_format(name, "ru")})
    columns = []
    for name in cols:
        series = df[name] if name in df.columns else pd.Series([None] * len(df))
        columns.append(
            excel_values(name, series, ctx) if name != "created" else column_values(series, tz)
        )
    ws.write_row(3, 0, [i18n.column(c, "ru") for c in cols])
    for r in range(len(df)):
        for c, name in enumerate(cols):
            value = columns[c][r]
            if value is None:
                continue
            if isinstance(value, str) and value.startswith("="):
                ws.write_formula(4 + r, c, value, fmts[name])
            else:
                ws.write(4 + r, c, value, fmts[name])
    book.close()


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--refresh", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    df, tz = deals_table(args.scale)
    print(
        f"deals report at scale {args.scale}: {len(df):,} rows in {time.perf_counter() - t0:.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        ours = timed(product, df, tz, Path(tmp) / "product.xlsx")
        ref = timed(reference, df, tz, Path(tmp) / "xlsxwriter.xlsx")
        size = os.path.getsize(Path(tmp) / "product.xlsx") / 1e6
    print(f"product (openpyxl) {ours:.1f} s, {size:.1f} MB; xlsxwriter constant_memory {ref:.1f} s")
    print(f"ratio product / xlsxwriter = {ours / ref:.2f}x (goal <= 3x)")
    if args.refresh:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "B24XL_STORE": str(Path(tmp) / "store.sqlite")}
            cmd = [
                sys.executable,
                "-m",
                "addin.cli",
                "refresh",
                "--demo",
                "-o",
                str(Path(tmp) / "r.xlsx"),
            ]
            started = time.perf_counter()
            subprocess.run(cmd, check=True, env=env)
            took = time.perf_counter() - started
            print(f"refresh --demo at scale 1 (sync + reports + workbook): {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
