"""``b24xl refresh``: recompute every report from the local store and fill the workbook.

``b24xl refresh --demo -o reports.xlsx`` first builds a demo store (``demo.sqlite`` next to
the default store, never the real one) by syncing the bundled demo portal through the
emulator exactly as ``b24xl sync --demo`` does, then writes the workbook.
``--per-manager DIR`` writes one workbook per active manager with that manager's data only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

from addin.errors import language
from addin.refresh import RefreshOptions, refresh_file, refresh_per_manager
from b24sync.db import default_store_path
from metrics.frames import PortalFrames


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "refresh",
        help="fill the report workbook from the local store / обновить книгу отчётов",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="report workbook (.xlsx)")
    parser.add_argument("--demo", action="store_true", help="sync the demo portal first")
    parser.add_argument("--scale", type=int, default=1, help="demo portal volume (default 1)")
    parser.add_argument("--store", metavar="DB", help="store file (default: B24XL_STORE)")
    parser.add_argument("--period", default="", help="2024-03, 2024-Q1, 2024-W10 or 2024")
    parser.add_argument("--as-of", default="", metavar="ISO", help="moment T (default: last sync)")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="workbook language")
    parser.add_argument("--template", metavar="PATH", help="template workbook to fill")
    parser.add_argument("--focus", default="", metavar="SCOPE", help="one department/employee")
    parser.add_argument("--per-manager", metavar="DIR", help="one workbook per active manager")
    parser.set_defaults(handler=run)


def demo_store_path() -> Path:
    """``demo.sqlite`` beside the default store: the demo never touches a real store."""
    return default_store_path().with_name("demo.sqlite")


def build_demo_store(path: Path, scale: int = 1) -> Path:
    """Sync the bundled demo portal into ``path`` through the emulator (as ``sync --demo``)."""
    from addin.commands.sync import DEFAULT_LIMIT
    from b24sync.client import Client
    from b24sync.demo import demo_snapshot
    from b24sync.emulator import PortalEmulator
    from b24sync.sync import sync_store

    snapshot = demo_snapshot(scale)
    with (
        PortalEmulator(snapshot, limit=DEFAULT_LIMIT) as emulator,
        Client(emulator.url, rate_limit=DEFAULT_LIMIT) as client,
    ):
        sync_store(path, client, portal=dict(snapshot["portal"]))
    return path


def last_full_month(frames: PortalFrames) -> str:
    """The month before the one the last sync fell in (the demo's current month has only
    just begun, so its first workbook shows a whole month)."""
    moment = frames.portal.last_sync
    if moment is None:
        return ""
    local = moment.tz_convert(frames.portal.timezone) if moment.tzinfo else moment
    first = local.replace(day=1)
    return (first - pd.Timedelta(days=1)).strftime("%Y-%m")


def load_plans(store: Path) -> Any:
    """The budget plans and commission rules kept in the store (empty when none)."""
    from b24sync.plans import DEFAULT_VERSION, load_plan_frames

    return load_plan_frames(store, DEFAULT_VERSION)


def options_from(args: argparse.Namespace, frames: PortalFrames, store: Path) -> RefreshOptions:
    base = None
    period = args.period
    if args.demo:
        from b24sync.demo import DEMO_SETTINGS

        base = dict(DEMO_SETTINGS)
        period = period or last_full_month(frames)
    return RefreshOptions(
        period=period,
        plans=load_plans(store),
        as_of=args.as_of,
        lang=args.lang,
        template=Path(args.template) if args.template else None,
        focus=args.focus,
        base_settings=base,
    )


def run(args: argparse.Namespace) -> int:
    """Sync the demo if asked, then fill one workbook or one per manager."""
    from b24sync.store import load_frames

    if not args.output and not args.per_manager:
        if language() == "en":
            print("b24xl: pass -o FILE (a workbook) or --per-manager DIR", file=sys.stderr)
        else:
            print("b24xl: укажите -o ФАЙЛ (книга) или --per-manager ПАПКА", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.demo:
        store = build_demo_store(demo_store_path(), args.scale)
    else:
        store = Path(args.store).expanduser() if args.store else default_store_path()
    frames = load_frames(store)
    if args.demo:
        from addin.demo_plans import seed_demo_plans
        from b24sync.demo import DEMO_SETTINGS

        seed_demo_plans(store, frames, dict(DEMO_SETTINGS), args.period or last_full_month(frames))
    options = options_from(args, frames, store)
    written = []
    if args.output:
        written.append(refresh_file(frames, args.output, options))
    if args.per_manager:
        written += refresh_per_manager(frames, args.per_manager, options)
    seconds = time.perf_counter() - started
    english = language() == "en"
    for path in written:
        print(f"{'written' if english else 'записано'}: {path}")
    if english:
        print(f"{len(written)} workbook(s) in {seconds:.1f} s", file=sys.stderr)
    else:
        print(f"книг: {len(written)}, {seconds:.1f} с", file=sys.stderr)
    return 0
