"""``b24xl portal``: the local Bitrix24 portal emulator and the demo portal.

``b24xl portal serve [--snapshot FILE | --demo [--scale N]] [--port P] [--limit X/Y]
[--fault-rate F]`` serves a portal on 127.0.0.1 and prints its webhook URL (a local,
throw-away address: the code is random on every start). ``b24xl portal snapshot --demo
[--scale N] -o FILE`` writes the demo portal as a snapshot file.
"""

from __future__ import annotations

import argparse
import signal
import time
from pathlib import Path
from typing import Any

from addin.commands.sync import fault_rate, parse_limit
from addin.errors import language
from b24sync.errors import B24Error
from b24sync.snapshot import read_snapshot


class PortalCommandError(B24Error):
    """Bad arguments or an unwritable output of ``b24xl portal``."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "portal",
        help="local portal emulator and demo portal / локальный эмулятор и демо-портал",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="portal_command", required=True, metavar="ACTION")
    serve = sub.add_parser("serve", help="serve a portal on 127.0.0.1 / запустить эмулятор")
    source = serve.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", metavar="FILE", help="serve this portal snapshot")
    source.add_argument("--demo", action="store_true", help="serve the demo portal")
    serve.add_argument("--scale", type=_scale, default=1, help="demo volume (1 ~ 5k deals)")
    serve.add_argument("--seed", type=int, default=7, help="demo seed (default 7)")
    serve.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    serve.add_argument("--limit", type=parse_limit, metavar="X/Y", help="bucket, e.g. 50/2")
    serve.add_argument("--no-limit", action="store_true", help="no request limit")
    serve.add_argument("--fault-rate", type=fault_rate, default=0.0, metavar="F")
    serve.set_defaults(handler=run_serve)
    snap = sub.add_parser("snapshot", help="write the demo portal snapshot / снимок демо")
    snap.add_argument("--demo", action="store_true", required=True, help="the demo portal")
    snap.add_argument("--scale", type=_scale, default=1, help="demo volume (1 ~ 5k deals)")
    snap.add_argument("--seed", type=int, default=7, help="demo seed (default 7)")
    snap.add_argument("-o", "--output", required=True, metavar="FILE", help="JSON file to write")
    snap.set_defaults(handler=run_snapshot)


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 200:
        raise argparse.ArgumentTypeError(f"--scale takes a whole number 1..200, not {text!r}")
    return value


def _say(en: str, ru: str) -> None:
    print(en if language() == "en" else ru, flush=True)


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted (Ctrl+C)."""
    from b24sync.emulator import PortalEmulator

    if args.demo:
        from b24sync.demo import demo_portal

        snapshot = demo_portal(args.scale, args.seed)
    else:
        snapshot = read_snapshot(args.snapshot)
    limit = None if args.no_limit else (args.limit or (50, 2.0))
    emulator = PortalEmulator(
        snapshot, limit=limit, fault_rate=args.fault_rate, seed=args.seed, port=args.port
    )
    del snapshot
    try:
        url = emulator.start()
    except OSError as exc:
        raise PortalCommandError(
            f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror}): choose another --port",
            f"не удаётся занять порт 127.0.0.1:{args.port} ({exc.strerror}): укажите другой --port",
        ) from None
    deals = len(emulator.data.table("crm.item.list", 2) or ())
    activities = len(emulator.data.table("crm.activity.list") or ())
    _say(
        f"serving {emulator.data.portal['domain']} ({deals:,} deals, {activities:,} activities)"
        f"\nwebhook: {url}\nCtrl+C stops",
        f"портал {emulator.data.portal['domain']} ({deals:,} сделок, {activities:,} дел)"
        f"\nвебхук: {url}\nCtrl+C — остановить",
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        _say("stopped", "остановлено")
    finally:
        emulator.stop()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the server like Ctrl+C."""
    raise KeyboardInterrupt


def run_snapshot(args: argparse.Namespace) -> int:
    """Write the demo snapshot to ``--output`` (atomically)."""
    from b24sync.demo import demo_snapshot
    from b24sync.snapshot import write_snapshot

    target = Path(args.output).expanduser()
    if not target.parent.is_dir():
        raise PortalCommandError(
            f"the folder of {target} does not exist: create it or choose another -o FILE",
            f"папки для {target} нет: создайте её или укажите другой -o FILE",
        )
    snapshot = demo_snapshot(args.scale, args.seed)
    try:
        write_snapshot(snapshot, target)
    except OSError as exc:
        raise PortalCommandError(
            f"cannot write {target} ({exc.strerror}): choose a writable -o FILE",
            f"не удаётся записать {target} ({exc.strerror}): укажите доступный для записи -o FILE",
        ) from None
    deals = len(snapshot["crm.item.list"]["2"])
    _say(f"wrote {target}: {deals:,} deals", f"записан {target}: {deals:,} сделок")
    return 0
