"""Small hand-built report tables in the agreed shapes, for the workbook tests.

Two departments, three employees (one per department plus one in a sub-pipeline row), a
few deals; every figure is written out here so a test can state what a cell must hold.
"""

from __future__ import annotations

import pandas as pd

COMPANY = "ООО Ромашка"
EMPLOYEES = {1: "Иван Петров", 2: "Анна Смирнова", 3: "Олег Котов"}
DOMAIN = "demo.bitrix24.ru"

# scope_id, scope, level, parent, depth
SCOPES = [
    ("all", COMPANY, "company", "", 0),
    ("dept:2", "Отдел продаж Москва", "department", "all", 1),
    ("user:1", EMPLOYEES[1], "employee", "dept:2", 2),
    ("pipeline:0/user:1", "Основная", "pipeline", "user:1", 3),
    ("user:3", EMPLOYEES[3], "employee", "dept:2", 2),
    ("dept:3", "Отдел продаж Сочи", "department", "all", 1),
    ("user:2", EMPLOYEES[2], "employee", "dept:3", 2),
]
# won_sum per scope for March (current), February (previous) and March a year ago
WON_SUM = {
    "all": (600_000.0, 400_000.0, 300_000.0),
    "dept:2": (400_000.0, 400_000.0, 100_000.0),
    "user:1": (300_000.0, 100_000.0, 100_000.0),
    "pipeline:0/user:1": (300_000.0, 100_000.0, 100_000.0),
    "user:3": (100_000.0, 300_000.0, 0.0),
    "dept:3": (200_000.0, 0.0, 200_000.0),
    "user:2": (200_000.0, 0.0, 200_000.0),
}
# won_count, created, open_at_start per scope (current period)
COUNTS = {
    "all": (4, 10, 6), "dept:2": (3, 6, 2), "user:1": (2, 3, 1), "pipeline:0/user:1": (2, 3, 1),
    "user:3": (1, 3, 1), "dept:3": (1, 4, 4), "user:2": (1, 4, 4),
}  # fmt: skip
ROLES = {"current": "2024-03", "previous": "2024-02", "year_ago": "2023-03"}
COLUMNS = ["metric", "scope_level", "scope_id", "scope", "parent_id", "depth", "period",
           "period_role", "value", "numerator", "denominator"]  # fmt: skip


def sales_dynamics() -> pd.DataFrame:
    rows = []
    for sid, name, level, parent, depth in SCOPES:
        base = [level, sid, name, parent, depth]
        for i, (role, period) in enumerate(ROLES.items()):
            rows.append(["won_sum", *base, period, role, WON_SUM[sid][i], None, None])
        won, created, open_start = COUNTS[sid]
        cur = ROLES["current"]
        rows.append(["won_count", *base, cur, "current", won, None, None])
        rows.append(["created", *base, cur, "current", created, None, None])
        conv = won / (open_start + created)
        rows.append(["conversion_overall", *base, cur, "current", conv, won, open_start + created])
        rows.append(
            ["avg_check", *base, cur, "current", WON_SUM[sid][0] / won, WON_SUM[sid][0], won]
        )
    for month, won_sum, conv in (("2024-01", 100_000.0, 0.1), ("2024-02", 400_000.0, 0.2),
                                 ("2024-03", 600_000.0, 0.25)):  # fmt: skip
        base = ["company", "all", COMPANY, "", 0, month, "series"]
        rows.append(["won_sum", *base, won_sum, None, None])
        rows.append(["conversion_overall", *base, conv, None, None])
    return pd.DataFrame(rows, columns=COLUMNS)


def plan_fact() -> pd.DataFrame:
    rows = []
    for sid, name, level, parent, depth in SCOPES[:3]:
        base = [level, sid, name, parent, depth, "2024-03", "current"]
        plan = 500_000.0 if sid == "all" else 250_000.0
        fact = WON_SUM[sid][0]
        rows += [["plan", *base, plan, None, None], ["fact", *base, fact, None, None],
                 ["plan_completion", *base, fact / plan, fact, plan]]  # fmt: skip
    for month, plan, fact in (("2024-01", 200_000.0, 100_000.0), ("2024-02", 300_000.0, 400_000.0)):
        base = ["company", "all", COMPANY, "", 0, month, "series"]
        rows += [["plan", *base, plan, None, None], ["fact", *base, fact, None, None],
                 ["plan_completion", *base, fact / plan, fact, plan]]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def link(deal_id: int) -> str:
    return f"https://{DOMAIN}/crm/deal/details/{deal_id}/"


CREATED = ["2024-03-01T09:00Z", "2024-02-10T12:00Z", "2024-01-05T08:00Z"]
TOUCHED = ["2024-03-20T10:00Z", "2024-03-12T10:00Z", "2024-01-05T08:00Z"]


def deals() -> pd.DataFrame:
    utc = "UTC"
    return pd.DataFrame({
        "id": [101, 102, 103],
        "title": ["Поставка 1", "Поставка 2", "Монтаж"],
        "pipeline": ["Основная"] * 3,
        "stage": ["Новая", "Сделка успешна", "Новая"],
        "status": ["P", "S", "P"],
        "employee": [EMPLOYEES[1], EMPLOYEES[2], EMPLOYEES[3]],
        "department": ["Отдел продаж Москва", "Отдел продаж Сочи", "Отдел продаж Москва"],
        "amount": [150_000.0, 200_000.0, 0.0],
        "currency": ["RUB", "RUB", "USD"],
        "created": pd.to_datetime(CREATED, utc=True).tz_convert(utc),
        "closed": pd.to_datetime([None, "2024-03-12T10:00Z", None], utc=True),
        "days_on_stage": [30.5, 0.0, 85.0],
        "days_since_created": [30.5, 50.0, 86.0],
        "last_touch": pd.to_datetime(TOUCHED, utc=True),
        "forgotten": [False, False, True],
        "link": [link(101), link(102), link(103)],
    })  # fmt: skip


def pipeline() -> pd.DataFrame:
    return pd.DataFrame({
        "pipeline_id": [0, 0, 0], "pipeline": ["Основная"] * 3,
        "stage_id": ["NEW", "WON", "LOSE"], "stage": ["Новая", "Сделка успешна", "Провал"],
        "semantic": ["P", "S", "F"], "sort": [10, 20, 30], "deals": [2, 1, 0],
        "amount": [150_000.0, 200_000.0, 0.0], "avg_days_on_stage": [12.5, None, None],
    })  # fmt: skip


def stuck() -> pd.DataFrame:
    d = deals()
    d = d[d["status"] == "P"].rename(columns={"id": "deal_id"})
    return d[["deal_id", "title", "pipeline", "stage", "employee", "amount", "days_on_stage",
              "days_since_created", "link"]]  # fmt: skip


def forgotten() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [103], "title": ["Монтаж"], "employee": [EMPLOYEES[3]], "stage": ["Новая"],
        "last_touch": pd.to_datetime(["2024-01-05T08:00Z"], utc=True), "days_idle": [86.0],
        "reason": ["idle"], "link": [link(103)],
    })  # fmt: skip


def activity() -> pd.DataFrame:
    # points 10, 20, 30 -> mean 20 -> index 50, 100, 150
    return pd.DataFrame({
        "user_id": [1, 2, 3], "employee": [EMPLOYEES[i] for i in (1, 2, 3)],
        "department": ["Отдел продаж Москва", "Отдел продаж Сочи", "Отдел продаж Москва"],
        "call": [5, 10, 15], "chat": [0, 1, 0], "meeting": [1, 2, 4], "email": [2, 1, 3],
        "todo": [0, 0, 0], "points": [10, 20, 30], "index": [50.0, 100.0, 150.0],
    })  # fmt: skip


def efficiency() -> pd.DataFrame:
    return pd.DataFrame({
        "user_id": [1, 2, 3], "employee": [EMPLOYEES[i] for i in (1, 2, 3)],
        "department": ["Отдел продаж Москва", "Отдел продаж Сочи", "Отдел продаж Москва"],
        "created": [3, 4, 3], "won_count": [2, 1, 1],
        "won_sum": [300_000.0, 200_000.0, 100_000.0], "lost_count": [0, 1, 1],
        "in_work": [2, 3, 1], "forgotten_deals": [0, 0, 1],
        "conversion_overall": [0.5, 0.125, 0.25], "avg_check": [150_000.0, 200_000.0, 100_000.0],
        "cycle_days": [10.0, 20.0, None],
    })  # fmt: skip


def tasks() -> pd.DataFrame:
    return pd.DataFrame({
        "scope_level": ["company", "employee"], "scope_id": ["all", "user:1"],
        "scope": [COMPANY, EMPLOYEES[1]], "tasks_set": [10, 4], "done": [6, 3],
        "in_progress": [3, 1], "overdue": [1, 0],
    })  # fmt: skip


def discipline() -> pd.DataFrame:
    return pd.DataFrame({
        "period_kind": ["month", "month", "quarter"], "period": ["2024-02", "2024-03", "2024-Q1"],
        "started_on_time": [0.8, 0.5, 0.6], "finished_on_time": [0.8, 1.0, 0.9],
        "discipline": [0.64, 0.5, 0.54],
    })  # fmt: skip


def buildup() -> pd.DataFrame:
    return pd.DataFrame({"period": ["2024-02", "2024-03"], "open_tasks": [5, 7],
                         "overdue_tasks": [1, 3]})  # fmt: skip


def report_tables() -> dict[str, pd.DataFrame]:
    return {
        "sales_dynamics": sales_dynamics(), "plan_fact": plan_fact(), "pipeline": pipeline(),
        "stuck_deals": stuck(), "forgotten_deals": forgotten(),
        "forgotten_leads": forgotten().iloc[0:0],
        "activity_index": activity(), "manager_efficiency": efficiency(),
        "team_productivity": tasks(), "task_discipline": discipline(), "task_buildup": buildup(),
        "deals": deals(),
    }  # fmt: skip
