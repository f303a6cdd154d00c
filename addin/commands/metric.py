"""``b24xl metric NAME --scope S --period P``: print one metric's value, for scripts and checks.

The value alone goes to stdout (an empty line when it is empty); the frames come from the
local store (``--store``, else ``B24XL_STORE`` or the default store); plan metrics read the
plan store in the same file. ``--param key=value`` passes metric parameters (``days``,
``group``, ``measure``, ``stage``, ``kind``, ``weight_call``, ``version``, ...);
``--settings FILE.json`` the metric settings. Bad input is one line on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from addin.errors import AddinError
from b24sync import db
from b24sync.store import load_frames
from metrics.api import find_metric, metric_value

PLAN_METRICS = {"plan", "fact", "plan_completion", "commission"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "metric",
        help="print one metric value / вывести значение метрики",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", help="metric id, e.g. conversion_overall (docs/metrics.md)")
    parser.add_argument("--scope", default="all", help='e.g. all, "Сочи", dept:3, user:7')
    parser.add_argument("--period", default="", help="e.g. 2024-03, 2024-Q1, 2024-W10, 2024")
    parser.add_argument("--as-of", default=None, help="moment T (ISO), default: last sync")
    parser.add_argument("--store", default=None, help="store file (default: B24XL_STORE)")
    parser.add_argument("--settings", default=None, help="metric settings JSON file")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    parser.set_defaults(handler=run)


def parse_params(items: list[str]) -> dict[str, str]:
    """``key=value`` strings -> dict; anything else is a one-line error."""
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AddinError(
                f'--param "{item}" must look like key=value',
                f'--param "{item}" пишите как ключ=значение',
            )
        params[key.strip()] = value.strip()
    return params


def read_settings(path: str | None) -> dict[str, Any]:
    """The settings JSON file (empty when not given)."""
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AddinError(
            f"cannot read settings {path}: {type(exc).__name__}",
            f"не удалось прочитать настройки {path}: {type(exc).__name__}",
        ) from None
    if not isinstance(data, dict):
        raise AddinError(f"settings {path} must be a JSON object", f"{path}: нужен объект JSON")
    return data


def format_value(value: float | int | None) -> str:
    """The value as a script reads it: integers without ``.0``, empty for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def run(args: argparse.Namespace) -> int:
    params = parse_params(args.param)
    definition = find_metric(args.name)  # an unknown name fails before the store is read
    store = args.store or db.default_store_path()
    frames = load_frames(store)
    plans = None
    if definition.id in PLAN_METRICS:
        from b24sync.plans import load_plan_frames

        plans = load_plan_frames(store)
    value = metric_value(
        frames,
        definition.id,
        args.scope,
        args.period,
        as_of=args.as_of,
        params=params,
        settings=read_settings(args.settings),
        plans=plans,
    )
    print(format_value(value))
    return 0
