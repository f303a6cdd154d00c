"""Blocks derived from a hierarchical report (month series, employees side by side), and the
``Metrics`` rows of list blocks."""

from __future__ import annotations

import pandas as pd

from workbook_templates import i18n
from workbook_templates.cells import clean
from workbook_templates.context import FillContext
from workbook_templates.manifest import Block

# list block -> (metric columns, how a row names its scope)
LIST_METRICS: dict[str, tuple[tuple[str, ...], str]] = {
    "activity": (("call", "chat", "meeting", "email", "todo", "points", "index"), "user"),
    "efficiency": (
        ("created", "won_count", "won_sum", "lost_count", "in_work", "forgotten_deals",
         "conversion_overall", "avg_check", "cycle_days"),
        "user",
    ),
    "tasks_scope": (("tasks_set", "done", "in_progress", "overdue"), "scope"),
    "discipline": (("started_on_time", "finished_on_time", "discipline"), "company"),
    "buildup": (("open_tasks", "overdue_tasks"), "company"),
    "stages": (("deals", "amount", "avg_days_on_stage"), "stage"),
}  # fmt: skip
STAGE_METRICS = {"deals": "stage_deals", "amount": "stage_amount",
                 "avg_days_on_stage": "stage_avg_days"}  # fmt: skip


def wide(df: pd.DataFrame, role: str, level: str | None, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Long rows of one period role (and scope level) spread into one column per metric."""
    if df.empty:
        return pd.DataFrame(columns=["period", "scope_id", "scope", *metrics])
    part = df[df["period_role"] == role]
    if level is not None:
        part = part[part["scope_level"] == level]
    part = part[part["metric"].isin(metrics)]
    index = ["period", "scope_id", "scope"]
    out = part.pivot_table(
        index=index, columns="metric", values="value", aggfunc="first", sort=False
    )
    out = out.reset_index()
    out.columns = [str(c) for c in out.columns]
    return out


def series_frame(df: pd.DataFrame, block: Block) -> pd.DataFrame:
    """The company's month-by-month figures of a hierarchical report."""
    metrics = tuple(c for c in block.columns if c != "period")
    out = wide(df, "series", "company", metrics)
    return out.sort_values("period", kind="stable") if not out.empty else out


def employees_frame(df: pd.DataFrame, block: Block, ctx: FillContext) -> pd.DataFrame:
    """Employees side by side on the chosen measure (best first), then the other columns."""
    metrics = tuple(c for c in block.columns if c != "employee")
    measure = ctx.chart_measure if ctx.chart_measure in set(df.get("metric", [])) else metrics[0]
    wanted = (measure, *[m for m in metrics if m != measure])
    out = wide(df, "current", "employee", wanted).drop_duplicates("scope_id")
    out = out.rename(columns={"scope": "employee"})
    if measure in out.columns:
        out = out.sort_values(measure, ascending=False, kind="stable", na_position="last")
    return out


def record_series(out: pd.DataFrame, block: Block, ctx: FillContext, company: str) -> None:
    """Month rows into the ``Metrics`` sink (scope: the company)."""
    for metric in block.columns:
        if metric in ("period", "employee") or metric not in out.columns:
            continue
        scoped = block.kind == "employees"
        for row in out.itertuples(index=False):
            value = clean(getattr(row, metric))
            scope = str(getattr(row, "employee", company)) if scoped else company
            scope_id = str(row.scope_id) if scoped else "all"
            period = ctx.period if scoped else str(row.period)
            level = "employee" if scoped else "company"
            ctx.sink.add(metric, scope, period, value, scope_id, level, ctx.unit(metric))


def record_list(block: Block, df: pd.DataFrame, ctx: FillContext, company: str) -> None:
    """The figures of a list block into the ``Metrics`` sink."""
    spec = LIST_METRICS.get(block.key)
    if spec is None or df.empty:
        return
    metrics, how = spec
    for rec in df.to_dict("records"):
        scope, scope_id, level, period = _scope_of(rec, how, ctx, company)
        for metric in metrics:
            if metric in rec:
                name = STAGE_METRICS.get(metric, metric) if how == "stage" else metric
                ctx.sink.add(
                    name, scope, period, clean(rec[metric]), scope_id, level, ctx.unit(metric)
                )


def _scope_of(rec: dict, how: str, ctx: FillContext, company: str) -> tuple[str, str, str, str]:
    if how == "user":
        return str(rec.get("employee", "")), f"user:{int(rec['user_id'])}", "employee", ctx.period
    if how == "scope":
        return str(rec["scope"]), str(rec["scope_id"]), str(rec.get("scope_level", "")), ctx.period
    if how == "stage":
        label = f"{rec.get('pipeline', '')} / {rec.get('stage', '')}"
        sid = f"pipeline:{rec.get('pipeline_id', 0)}/stage:{rec.get('stage_id', '')}"
        return label, sid, "stage", ctx.period
    return company, "all", "company", str(rec.get("period", ctx.period))


def company_label(tables: dict[str, pd.DataFrame], ctx: FillContext) -> str:
    """The company's name as the hierarchical reports call it, else "Company"."""
    df = tables.get("sales_dynamics")
    if df is not None and not df.empty:
        top = df[df["scope_level"] == "company"]
        if not top.empty:
            return str(top["scope"].iloc[0])
    return i18n.text("company", ctx.lang)
