"""What fills what: sheets, the report tables behind each block, Tables, names and charts.

A sheet is a title plus blocks stacked top to bottom; a block is laid out from one report
table (``metrics.api.report_table``) and becomes one Excel Table (pivot blocks are grouped
ranges instead, since a Table cannot hold an outline). Charts are built at fill time from
the blocks they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_templates.i18n import idx


@dataclass(frozen=True)
class Column:
    """A pivot column: one metric for one period role, or its change against a role."""

    metric: str
    role: str = "current"  # current | previous | year_ago
    delta: bool = False  # True: change of `current` against `role`
    bar: bool = False  # data bar (plan completion)


@dataclass(frozen=True)
class Block:
    """One rectangle of a sheet, filled from one report table."""

    key: str
    kind: str  # pivot | series | employees | table | catalog | settings | metrics
    report: str = ""
    table: str = ""  # Excel Table name ("" for pivot blocks)
    heading: str = ""  # TEXT key of the block heading ("" = none)
    columns: tuple[str, ...] = ()  # list columns (table, series, employees)
    pivot: tuple[Column, ...] = ()
    where: tuple[tuple[str, str], ...] = ()  # column == value filters on the report rows
    variant: str = ""  # "quarter": the report over the quarter holding the report month;
    # "week": over the last complete week of the report month
    labels: tuple[tuple[str, str], ...] = ()  # column -> i18n column key of its header

    @property
    def source(self) -> str:
        """The key of the report table in the tables handed to the fill."""
        return f"{self.report}@{self.variant}" if self.variant else self.report


@dataclass(frozen=True)
class Chart:
    """A chart built from a block: categories from one column, bars and a line on top."""

    key: str  # TEXT key of its title
    block: str
    category: str
    bars: tuple[str, ...]
    line: tuple[str, ...] = ()  # on a secondary axis
    kind: str = "col"  # col | bar | line | area


@dataclass(frozen=True)
class Sheet:
    key: str
    name_ru: str
    name_en: str
    blocks: tuple[Block, ...] = ()
    charts: tuple[Chart, ...] = ()
    report_sheet: bool = True  # a report page (its title must appear when printed)
    privacy_keep: bool = True  # kept in a per-manager workbook
    extra: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        return (self.name_ru, self.name_en)[idx(lang)]


SALES_COLUMNS = (
    Column("created"), Column("won_count"), Column("won_sum"),
    Column("won_sum", "previous", delta=True), Column("won_sum", "year_ago", delta=True),
    Column("avg_check"), Column("conversion_overall"),
    Column("conversion_overall", "previous", delta=True), Column("conversion_created"),
    Column("cycle_days"), Column("new_won_count"), Column("repeat_won_count"),
    Column("lost_count"), Column("in_work"),
)  # fmt: skip
QUARTER_COLUMNS = SALES_COLUMNS[:8]  # the same order, so a repeated print header fits
PLAN_COLUMNS = (
    Column("plan"), Column("fact"), Column("plan_completion", bar=True),
    Column("plan", "previous"), Column("fact", "previous"),
    Column("plan_completion", "previous", bar=True),
)  # fmt: skip
DEAL_LIST = (
    "id", "title", "pipeline", "stage", "status", "employee", "department", "amount",
    "currency", "created", "closed", "days_on_stage", "days_since_created", "last_touch",
    "forgotten", "link",
)  # fmt: skip
FORGOTTEN = ("id", "title", "employee", "stage", "last_touch", "days_idle", "reason", "link")
COMPANY = (("scope_level", "company"),)

SHEETS: tuple[Sheet, ...] = (
    Sheet("sales", "Динамика продаж", "Sales dynamics", (
        Block("sales_pivot", "pivot", "sales_dynamics", pivot=SALES_COLUMNS),
        Block("sales_quarter", "pivot", "sales_dynamics", heading="by_quarter",
              pivot=QUARTER_COLUMNS, variant="quarter"),
        Block("sales_week", "pivot", "sales_dynamics", heading="by_week",
              pivot=QUARTER_COLUMNS, variant="week"),
        Block("sales_months", "series", "sales_dynamics", "SalesByMonth", "by_month",
              ("period", "created", "won_count", "won_sum", "conversion_overall"), where=COMPANY),
        Block("sales_employees", "employees", "sales_dynamics", "SalesByEmployee", "",
              ("employee", "won_sum", "won_count", "conversion_overall", "avg_check")),
    ), (
        Chart("chart_won_by_month", "sales_months", "period", ("won_sum",),
              ("conversion_overall",)),
        Chart("chart_employees", "sales_employees", "employee", ("won_sum",), kind="bar"),
    )),
    Sheet("pipeline", "Воронка", "Pipeline", (
        Block("stages", "table", "pipeline", "PipelineStages", "stages",
              ("pipeline", "stage", "deals", "amount", "avg_days_on_stage"),
              where=(("semantic", "P"),)),
        Block("statuses", "table", "pipeline_status", "PipelineStatus", "statuses",
              ("pipeline", "status", "deals", "amount")),
        Block("stuck", "table", "stuck_deals", "StuckDeals", "stuck",
              ("deal_id", "title", "pipeline", "stage", "employee", "amount", "days_on_stage",
               "days_since_created", "link")),
    ), (
        Chart("chart_stage_deals", "stages", "stage", ("deals",), kind="bar"),
        Chart("chart_stage_amounts", "stages", "stage", ("amount",), kind="bar"),
    )),
    Sheet("forgotten", "Незабудка", "Forgotten", (
        Block("forgotten_deals", "table", "forgotten_deals", "ForgottenDeals", "forgotten_deals",
              FORGOTTEN),
        Block("forgotten_leads", "table", "forgotten_leads", "ForgottenLeads", "forgotten_leads",
              FORGOTTEN),
    )),
    Sheet("activity", "Индекс активности", "Activity index", (
        Block("activity", "table", "activity_index", "ActivityIndex", "",
              ("employee", "department", "call", "chat", "meeting", "email", "todo", "points",
               "index")),
    ), (Chart("chart_activity", "activity", "employee", ("index",), kind="bar"),)),
    Sheet("efficiency", "Эффективность менеджеров", "Manager efficiency", (
        Block("efficiency", "table", "manager_efficiency", "ManagerEfficiency", "",
              ("employee", "department", "created", "won_count", "won_sum", "lost_count",
               "in_work", "forgotten_deals", "conversion_overall", "avg_check", "cycle_days")),
    ), (Chart("chart_efficiency", "efficiency", "employee", ("won_sum",), kind="bar"),)),
    Sheet("plan", "План продаж", "Sales plan", (
        Block("plan_pivot", "pivot", "plan_fact", pivot=PLAN_COLUMNS),
        Block("plan_months", "series", "plan_fact", "PlanByMonth", "by_month",
              ("period", "plan", "fact", "plan_completion"), where=COMPANY),
    ), (Chart("chart_plan_fact", "plan_months", "period", ("plan", "fact")),)),
    Sheet("tasks", "Производительность команды", "Team productivity", (
        Block("tasks_scope", "table", "team_productivity", "TasksByScope", "by_scope",
              ("scope", "tasks_set", "done", "in_progress", "overdue"),
              labels=(("scope", "task_scope"),)),
        Block("discipline", "table", "task_discipline", "Discipline", "discipline",
              ("period", "started_on_time", "finished_on_time", "discipline"),
              where=(("period_kind", "month"),)),
        Block("buildup", "table", "task_buildup", "OverdueBuildup", "buildup",
              ("period", "open_tasks", "overdue_tasks")),
    ), (
        Chart("chart_discipline", "discipline", "period", (), ("discipline",), kind="line"),
        Chart("chart_buildup", "buildup", "period", ("open_tasks", "overdue_tasks"),
              kind="line"),
    )),
    Sheet("deals", "Сделки", "Deals", (
        Block("deals", "table", "deals", "Deals", "", DEAL_LIST),
    )),
    Sheet("catalog", "Каталог метрик", "Catalog", (
        Block("catalog", "catalog", "", "Catalog", "catalog_hint",
              ("metric", "label", "unit", "description", "formula")),
    )),
    Sheet("settings", "Настройки", "Settings", (
        Block("settings", "settings", "", "Settings", "settings_hint",
              ("setting", "key", "value")),
    ), report_sheet=False),
    Sheet("plans", "Планы", "Plans", report_sheet=False, privacy_keep=False),
    Sheet("metrics", "Metrics", "Metrics", (
        Block("metrics", "metrics", "", "Metrics", "metrics_hint",
              ("metric", "scope", "period", "value", "scope_id", "scope_level", "unit")),
    ), report_sheet=False),
)  # fmt: skip

SHEET_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
TABLES = tuple(b.table for s in SHEETS for b in s.blocks if b.table)
# defined names every template carries: the header cells of the Settings sheet and the
# origin of the plans input grid (issue D2 lays its grid out from there)
NAMES = ("B24_PORTAL", "B24_PERIOD", "B24_AS_OF", "B24_PLANS")
AREA_PREFIX = "_B24_AREA_"


def reports_needed() -> tuple[tuple[str, str], ...]:
    """Every (report, variant) the manifest reads, each once, in sheet order."""
    seen: dict[tuple[str, str], None] = {}
    for sheet in SHEETS:
        for block in sheet.blocks:
            if block.report:
                seen.setdefault((block.report, block.variant), None)
    return tuple(seen)
