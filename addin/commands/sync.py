"""``b24xl sync``: bring the local store up to date with a portal.

Sources: ``--webhook URL`` (or the webhook stored by ``b24xl connect``, or ``B24XL_WEBHOOK``);
``--snapshot FILE`` and ``--demo [--scale N]`` start the portal emulator on a free loopback port
and sync through HTTP exactly as from a real portal (``--limit X/Y`` and ``--fault-rate F``
configure it). ``--json`` prints one summary object; otherwise a progress line on a terminal
and one result line. The webhook is never printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from addin.errors import language
from b24sync.client import Client
from b24sync.db import default_store_path
from b24sync.progress import ProgressLine
from b24sync.secrets import load_webhook
from b24sync.snapshot import read_snapshot
from b24sync.sync import sync_store
from b24sync.webhook import parse_webhook

DEFAULT_LIMIT = (50, 2.0)


def parse_limit(text: str) -> tuple[int, float]:
    """``"50/2"`` -> ``(50, 2.0)``: burst X requests, draining Y per second."""
    try:
        burst, rate = text.split("/")
        value = (int(burst), float(rate))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--limit takes X/Y such as 50/2 (burst/per second), not {text!r}"
        ) from None
    if value[0] < 1 or value[1] <= 0:
        raise argparse.ArgumentTypeError("--limit X/Y needs X >= 1 and Y > 0, e.g. 50/2")
    return value


def fault_rate(text: str) -> float:
    """A share of failing requests in [0, 1)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"--fault-rate takes a share in [0, 1), not {text!r}")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync a Bitrix24 portal into the local store / синхронизировать портал",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--webhook", metavar="URL", help="inbound webhook (default: stored)")
    source.add_argument("--snapshot", metavar="FILE", help="serve a portal snapshot and sync it")
    source.add_argument("--demo", action="store_true", help="serve the demo portal and sync it")
    parser.add_argument("--scale", type=int, default=1, help="demo portal volume (default 1)")
    parser.add_argument(
        "--store", metavar="DB", help="store file (default: B24XL_STORE or data dir)"
    )
    parser.add_argument("--limit", type=parse_limit, metavar="X/Y", help="rate limit, e.g. 250/5")
    parser.add_argument("--fault-rate", type=fault_rate, default=0.0, metavar="F")
    parser.add_argument("--reconcile", action="store_true", help="also detect deleted records")
    parser.add_argument("--json", action="store_true", help="print one JSON summary")
    parser.set_defaults(handler=run)


@contextlib.contextmanager
def portal_source(args: argparse.Namespace, limit: tuple[int, float]) -> Iterator[tuple[str, dict]]:
    """``(webhook URL, portal info)``; for --snapshot/--demo an emulator serves meanwhile."""
    if args.snapshot or args.demo:
        from b24sync.emulator import PortalEmulator

        if args.demo:
            from b24sync.demo import demo_snapshot

            snapshot = demo_snapshot(args.scale)
        else:
            snapshot = read_snapshot(args.snapshot)
        emulator = PortalEmulator(snapshot, limit=limit, fault_rate=args.fault_rate)
        with emulator:
            yield emulator.url, dict(snapshot["portal"])
        return
    url = args.webhook or load_webhook()
    yield url, {"domain": parse_webhook(url).host}


def run(args: argparse.Namespace) -> int:
    """Sync and print the result (one JSON object with --json)."""
    limit = args.limit or DEFAULT_LIMIT
    store = Path(args.store).expanduser() if args.store else default_store_path()
    lang = language()
    progress = ProgressLine(lang=lang, enabled=False if args.json else None)
    with portal_source(args, limit) as (url, portal), Client(url, rate_limit=limit) as client:
        try:
            result = sync_store(
                store, client, reconcile=args.reconcile, portal=portal, progress=progress
            )
        finally:
            progress.close()
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
        return 0
    rows = sum(result.rows.values())
    if lang == "en":
        line = f"synced {rows:,} rows in {result.requests} requests, {result.seconds:.1f} s"
    else:
        line = (
            f"синхронизировано {rows:,} строк за {result.requests} запросов, {result.seconds:.1f} с"
        )
    print(f"{line} -> {store}", file=sys.stdout)
    return 0
