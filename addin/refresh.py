"""Refresh: store -> frames -> report tables -> filled workbook -> atomic save.

No xlwings here: the ribbon's Refresh button and ``b24xl refresh`` both call
:func:`refresh_file` (or :func:`refresh_per_manager`). A workbook that exists is refreshed
in place (only the product's own areas change); otherwise the bundled template of the
chosen language, or ``--template``, is filled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.workbook.workbook import Workbook

from addin.per_manager import active_managers, file_name, frames_for, plans_for
from addin.report_settings import ReportSettings, from_sheet
from metrics.api import REPORTS, report_table
from metrics.frames import PortalFrames
from workbook_templates.catalog import catalog_rows, metrics_info
from workbook_templates.context import FillContext
from workbook_templates.fill import fill_workbook
from workbook_templates.manifest import reports_needed
from workbook_templates.save import neutral_properties, save_atomic
from workbook_templates.settings_sheet import read_settings
from workbook_templates.template import build_template, open_template, set_names


@dataclass(frozen=True)
class RefreshOptions:
    """What the command line (or the ribbon) asks for."""

    period: str = ""
    as_of: str = ""
    lang: str = "ru"
    template: Path | None = None
    focus: str = ""
    base_settings: Mapping[str, Any] | None = None  # e.g. the demo portal's field mapping
    plans: Any = None


def starting_book(target: Path | None, options: RefreshOptions) -> Workbook:
    """The existing report (refreshed in place), else the given template, else the bundled."""
    if target is not None and target.exists():
        return open_template(target, options.lang)
    if options.template is not None:
        return open_template(options.template, options.lang)
    return build_template(options.lang)


def settings_for(wb: Workbook, options: RefreshOptions) -> ReportSettings:
    """The Settings sheet read back, with the command line's period and focus on top."""
    chosen = from_sheet(read_settings(wb), options.base_settings)
    return ReportSettings(
        metrics=chosen.metrics,
        period=options.period or chosen.period,
        focus=options.focus or chosen.focus,
        chart_measure=chosen.chart_measure,
    )


def compute_tables(
    frames: PortalFrames, chosen: ReportSettings, options: RefreshOptions, scope: str | None
) -> dict[str, pd.DataFrame]:
    """Every report table the manifest fills, computed by :mod:`metrics`.

    Keys are report names, or ``report@quarter`` for a report over the quarter that holds
    the report month (the quarter-to-quarter block), or ``report@week`` for the last complete
    week of the report month (the week-to-week block).
    """
    tables: dict[str, pd.DataFrame] = {}
    for name, variant in reports_needed():
        if name not in REPORTS:
            continue
        period = chosen.period or None
        if variant == "quarter":
            period = quarter_of(period_label(tables, chosen))
        elif variant == "week":
            period = last_week_of(period_label(tables, chosen), data_date(frames, options))
        if variant and not period:
            continue
        key = f"{name}@{variant}" if variant else name
        tables[key] = report_table(
            frames,
            name,
            scope=scope or None,
            period=period,
            as_of=options.as_of or None,
            settings=chosen.metrics,
            plans=options.plans,
        )
    return tables


def quarter_of(period: str) -> str:
    """``2024-03`` -> ``2024-Q1``; a quarter stays itself; anything else has none ("")."""
    text = (period or "").strip()
    if len(text) == 7 and text[4] == "-" and text[5:].isdigit():
        return f"{text[:4]}-Q{(int(text[5:]) - 1) // 3 + 1}"
    if len(text) == 7 and text[4:6] == "-Q":
        return text
    return ""


def last_week_of(period: str, today: date | None) -> str:
    """The last complete ISO week that ends in a month, before ``today``.

    ``2026-11`` -> ``2026-W48`` (23-29 November). A week stays itself; any other period, or a
    month in which no week has ended yet, has none ("").
    """
    text = (period or "").strip()
    if len(text) == 8 and text[4:6] == "-W":
        return text
    if not (len(text) == 7 and text[4] == "-" and text[5:].isdigit()):
        return ""
    year, month = int(text[:4]), int(text[5:])
    limit = date(year + month // 12, month % 12 + 1, 1)  # the first day after the month
    if today is not None:
        limit = min(limit, today)  # today is not over: a week must end before it
    monday = limit - timedelta(days=limit.weekday())  # the last week ends the day before
    start = monday - timedelta(days=7)
    if start < date(year, month, 1) - timedelta(days=6):
        return ""  # not one complete week has passed in the month
    iso = start.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def data_date(frames: PortalFrames, options: RefreshOptions) -> date | None:
    """The day the data stands at (T), in the portal's time zone."""
    label = as_of_label(frames, options)
    return date.fromisoformat(label[:10]) if label else None


def period_label(tables: Mapping[str, pd.DataFrame], chosen: ReportSettings) -> str:
    """The period the reports cover, as the hierarchical report names it."""
    sales = tables.get("sales_dynamics")
    if sales is not None and not sales.empty and "period_role" in sales:
        current = sales[sales["period_role"] == "current"]
        if not current.empty:
            return str(current["period"].iloc[0])
    return chosen.period


def focus_label(tables: Mapping[str, pd.DataFrame], focus: str) -> str:
    """The focused scope's own name (the top row of the sales report), else as typed."""
    sales = tables.get("sales_dynamics")
    if sales is not None and not sales.empty and "depth" in sales:
        top = sales[(sales["period_role"] == "current") & (sales["depth"] == sales["depth"].min())]
        if not top.empty:
            return str(top["scope"].iloc[0])
    return focus


def as_of_label(frames: PortalFrames, options: RefreshOptions) -> str:
    """The moment the data stands at, in the portal's time zone."""
    moment = pd.Timestamp(options.as_of) if options.as_of else frames.portal.last_sync
    if moment is None or pd.isna(moment):
        return ""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    try:
        return moment.tz_convert(frames.portal.timezone).strftime("%Y-%m-%d %H:%M")
    except (ValueError, TypeError, KeyError):
        return moment.tz_convert("UTC").strftime("%Y-%m-%d %H:%M UTC")


def fill(
    wb: Workbook,
    frames: PortalFrames,
    options: RefreshOptions,
    *,
    scope: str | None = None,
    private: bool = False,
) -> FillContext:
    """Compute the reports for ``scope`` and fill ``wb``; returns the fill's context."""
    chosen = settings_for(wb, options)
    scope = scope or chosen.focus or None
    tables = compute_tables(frames, chosen, options, scope)
    timezone = chosen.metrics.timezone or frames.portal.timezone or "UTC"
    ctx = FillContext(
        lang=options.lang,
        domain=frames.portal.domain,
        timezone=_pandas_tz(timezone),
        period=period_label(tables, chosen),
        as_of=as_of_label(frames, options),
        focus="" if private or not chosen.focus else focus_label(tables, chosen.focus),
        metrics_info=metrics_info(),
        settings=chosen.to_mapping(),
        catalog=catalog_rows(options.lang),
        chart_measure=chosen.chart_measure,
        private=private,
    )
    fill_workbook(wb, tables, ctx)
    set_names(wb, options.lang, domain=ctx.domain, period=ctx.period, as_of=ctx.as_of)
    return ctx


def _pandas_tz(tz: str) -> Any:
    """An IANA name as is; ``+03:00`` as a fixed offset pandas accepts."""
    if tz[:1] in "+-" and len(tz) >= 6:
        from datetime import timedelta, timezone

        sign = 1 if tz[0] == "+" else -1
        return timezone(sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:])))
    return tz


def refresh_file(frames: PortalFrames, target: str | Path, options: RefreshOptions) -> Path:
    """Fill the report at ``target`` (refreshing it in place when it exists) and save."""
    target = Path(target)
    wb = starting_book(target, options)
    ctx = fill(wb, frames, options)
    title = "b24xl" + (f" - {ctx.period}" if ctx.period else "")
    neutral_properties(wb, title)
    return save_atomic(wb, target)


def refresh_per_manager(
    frames: PortalFrames, folder: str | Path, options: RefreshOptions
) -> list[Path]:
    """One workbook per active manager in ``folder``, each with that manager's data only.

    Each is built from the bundled template (never from a file that may hold others' data),
    from frames cut down to the manager (:func:`addin.per_manager.frames_for`).
    """
    folder = Path(folder)
    written = []
    for user_id, name in active_managers(frames):
        own = frames_for(frames, user_id)
        bare = RefreshOptions(
            period=options.period,
            as_of=options.as_of,
            lang=options.lang,
            base_settings=options.base_settings,
            plans=plans_for(options.plans, user_id),
        )
        wb = build_template(options.lang)
        ctx = fill(wb, own, bare, scope=f"user:{user_id}", private=True)
        neutral_properties(wb, "b24xl" + (f" - {ctx.period}" if ctx.period else ""))
        written.append(save_atomic(wb, folder / file_name(user_id, name)))
    return written


def refresh_from_store(
    target: str | Path, store: str | Path | None = None, options: RefreshOptions | None = None
) -> Path:
    """The ribbon's Refresh: read the store (the default one if None), its plans, and fill
    the workbook at ``target``."""
    from b24sync.db import default_store_path
    from b24sync.plans import DEFAULT_VERSION, load_plan_frames
    from b24sync.store import load_frames

    path = Path(store) if store else default_store_path()
    frames = load_frames(path)
    options = options or RefreshOptions()
    if options.plans is None:
        options = replace(options, plans=load_plan_frames(path, DEFAULT_VERSION))
    return refresh_file(frames, target, options)
