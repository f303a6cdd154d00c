"""``b24xl plans``: set, import, export, history, undo, lock, unlock, spread, commission.

Every sub-command works on the local plan store (``--store``, default the store file) or,
with ``--portal``, on the plans kept in the connected portal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from addin.errors import AddinError, language
from addin.plans import (
    GridRequest,
    author,
    catalog_of,
    last_year_fact,
    load_plans_file,
    open_store,
    save_grid,
    spread_months,
    summary,
    synced_frames,
)
from b24sync.plans.model import DEFAULT_VERSION, MEASURES, CommissionRule
from b24sync.plans.spread import spread_even, spread_seasonal
from b24sync.plans.store import PlanStore
from b24sync.plans.validate import (
    Entry,
    ValueProblem,
    parse_amount,
    parse_month,
    validate_entries,
)
from workbook_templates.plans_sheet import fill_row

EXIT_CONFLICT = 1


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store file (default: B24XL_STORE or the user data dir)")
    parser.add_argument("--portal", action="store_true", help="use the plans kept in the portal")
    parser.add_argument("--author", default=None, help="who makes the change (default: login)")


def _keyed(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--measure", default="revenue", choices=MEASURES)
    parser.add_argument("--version", default=DEFAULT_VERSION)


def register(subparsers: Any) -> None:
    plans = subparsers.add_parser("plans", help="sales plans / планы продаж")
    sub = plans.add_subparsers(dest="plans_command", required=True, metavar="ACTION")
    p = sub.add_parser("set", help="set one plan value")
    _common(p)
    _keyed(p)
    p.add_argument("--scope", required=True)
    p.add_argument("--month", required=True)
    p.add_argument("--value", required=True, help="e.g. 500000, '1,2 млн'; empty removes")
    p.add_argument("--comment")
    p.set_defaults(handler=run_set)
    p = sub.add_parser("import", help="save the Plans sheet of a workbook")
    _common(p)
    p.add_argument("file")
    p.add_argument("--comment")
    p.set_defaults(handler=run_import)
    p = sub.add_parser("export", help="write the Plans sheet into a workbook")
    _common(p)
    _keyed(p)
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--start", help="first month shown (YYYY-MM), default January of --year")
    p.add_argument("--lang", default=None, choices=("ru", "en"))
    p.add_argument("--as-of", dest="as_of")
    p.set_defaults(handler=run_export)
    p = sub.add_parser("history", help="who changed which plan, old -> new")
    _common(p)
    p.add_argument("--version")
    p.add_argument("--scope")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=run_history)
    p = sub.add_parser("undo", help="undo your last save")
    _common(p)
    p.set_defaults(handler=run_undo)
    p = sub.add_parser("lock", help="lock every month before a month")
    _common(p)
    p.add_argument("--before", required=True)
    p.set_defaults(handler=run_lock)
    p = sub.add_parser("unlock", help="unlock one locked month (audited)")
    _common(p)
    p.add_argument("--month", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=run_unlock)
    p = sub.add_parser("spread", help="spread an annual figure into months")
    _common(p)
    _keyed(p)
    p.add_argument("--scope", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--total", required=True)
    p.add_argument("--seasonal", action="store_true", help="by last year's fact")
    p.add_argument("--file", help="write into this workbook's Plans grid instead of the store")
    p.set_defaults(handler=run_spread)
    p = sub.add_parser("commission", help="set an employee's commission for a month")
    _common(p)
    p.add_argument("--user", type=int, required=True)
    p.add_argument("--month", required=True)
    p.add_argument("--ladder", action="append", default=[], help="THRESHOLD:RATE, repeatable")
    p.add_argument("--grade", help="flat RATE, e.g. 0.05")
    p.set_defaults(handler=run_commission)


def _store(args: argparse.Namespace) -> PlanStore:
    return open_store(args.store, portal=args.portal)


def _who(args: argparse.Namespace) -> str:
    return str(args.author or author())


def _ru() -> bool:
    return language() == "ru"


def _problem(exc: ValueProblem) -> AddinError:
    return AddinError(exc.en, exc.ru)


def run_set(args: argparse.Namespace) -> int:
    store = _store(args)
    frames = None if args.portal else synced_frames(args.store)
    entry = Entry(None, args.scope, args.month, args.value, args.measure, args.version)
    changes = validate_entries([entry], catalog_of(frames), _locked_months(store, [args.month]))
    result = store.save(changes, store.load().revision, _who(args), args.comment)
    print(f"{changes[0].key.text()} = {changes[0].value}; revision {result.revision}")
    return 0


def _locked_months(store: PlanStore, months: list[str]) -> set[str]:
    lock = store.lock_state()
    out = set()
    for raw in months:
        try:
            month = parse_month(raw)
        except ValueProblem:
            continue
        if lock.before and month < lock.before and month not in lock.unlocked:
            out.add(month)
    return out


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        raise AddinError(f"no workbook {path}", f"книга {path} не найдена")
    wb = load_workbook(path)
    store = _store(args)
    frames = None if args.portal else synced_frames(args.store)
    lang = language()
    outcome = save_grid(wb, store, catalog_of(frames), _who(args), args.comment, lang)
    print(summary(outcome, lang))
    for cell, note in outcome.marked.items():
        print(f"  {cell}: {note}")
    return 0 if outcome.ok else EXIT_CONFLICT


def run_export(args: argparse.Namespace) -> int:
    store = _store(args)
    frames = synced_frames(args.store)
    request = GridRequest(args.measure, args.version, args.year, args.start,
                          args.lang or language(), args.as_of)  # fmt: skip
    if args.start:
        request.start = parse_month(args.start)
    grid = load_plans_file(Path(args.file), store, frames, request)
    print(f"{args.file}: {len(grid.rows)} rows x {len(grid.months)} months, "
          f"revision {grid.revision}")  # fmt: skip
    return 0


def run_history(args: argparse.Namespace) -> int:
    records = _store(args).history(args.version, args.scope, args.limit)
    for r in records:
        what = f"{r.key.text()}: {_num(r.old)} -> {_num(r.new)}" if r.key else r.kind
        note = f"  # {r.comment}" if r.comment else ""
        print(f"#{r.revision} {r.at} {r.author} {what}{note}")
    if not records:
        print("история пуста" if _ru() else "no history yet")
    return 0


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def run_undo(args: argparse.Namespace) -> int:
    result = _store(args).undo(_who(args))
    print(f"undone: {result.written} values, revision {result.revision}")
    return 0


def run_lock(args: argparse.Namespace) -> int:
    month = _month(args.before)
    revision = _store(args).lock(month, _who(args))
    print(f"locked before {month}; revision {revision}")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    month = _month(args.month)
    revision = _store(args).unlock(month, _who(args), args.reason)
    print(f"unlocked {month}; revision {revision}")
    return 0


def _month(raw: str) -> str:
    try:
        return parse_month(raw)
    except ValueProblem as exc:
        raise _problem(exc) from None


def run_spread(args: argparse.Namespace) -> int:
    try:
        total = parse_amount(args.total)
    except ValueProblem as exc:
        raise _problem(exc) from None
    if total is None:
        raise AddinError("--total is empty", "--total не задан")
    months = spread_months(args.year)
    decimals = 0
    store = _store(args)
    frames = None if args.portal else synced_frames(args.store)
    catalog = catalog_of(frames)
    scope = catalog.resolve(args.scope) if catalog else args.scope
    if args.seasonal:
        fact = last_year_fact(frames, scope, args.measure, args.year)
        values, seasonal = spread_seasonal(total, months, fact, decimals)
        if not seasonal:
            print("нет факта прошлого года: распределено поровну" if _ru()
                  else "no fact last year: spread evenly", file=sys.stderr)  # fmt: skip
    else:
        values = spread_even(total, months, decimals)
    if args.file:
        path = Path(args.file)
        wb = load_workbook(path)
        written = fill_row(wb, scope, values)
        from workbook_templates.save import save_atomic

        save_atomic(wb, path)
        print(f"{len(written)} cells filled in {path.name}; press Save plans to keep them")
        return 0
    entries = [Entry(None, scope, m, v, args.measure, args.version) for m, v in values.items()]
    changes = validate_entries(entries, None, _locked_months(store, months))
    result = store.save(changes, store.load().revision, _who(args), f"spread {total:g}")
    print(f"{result.written} months saved; revision {result.revision}")
    return 0


def run_commission(args: argparse.Namespace) -> int:
    month = _month(args.month)
    rules = []
    for text in args.ladder:
        threshold, _, rate = text.partition(":")
        rules.append(CommissionRule(args.user, month, "ladder", _amount(threshold), _rate(rate)))
    if args.grade:
        rules.append(CommissionRule(args.user, month, "grade", 0.0, _rate(args.grade)))
    revision = _store(args).set_commission(args.user, month, rules, _who(args))
    print(f"commission of user:{args.user} {month}: {len(rules)} rules; revision {revision}")
    return 0


def _amount(text: str) -> float:
    try:
        return parse_amount(text) or 0.0
    except ValueProblem as exc:
        raise _problem(exc) from None


def _rate(text: str) -> float:
    raw = text.strip()
    try:
        rate = (
            float(raw[:-1].replace(",", ".")) / 100
            if raw.endswith("%")
            else float(raw.replace(",", "."))
        )
    except ValueError:
        rate = -1.0
    if not 0 <= rate <= 1:
        raise AddinError(
            f"bad rate {text!r}: write 0.05 or 5%", f"неверная ставка «{text}»: пишите 0.05 или 5%"
        )
    return rate
