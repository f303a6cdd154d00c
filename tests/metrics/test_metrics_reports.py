"""Report tables: agreed shapes, hand-computed values, and agreement with ``metric_value``."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from metrics_fixture import SETTINGS, T

from b24sync.frames import frames_from_snapshot
from metrics.api import REPORTS, metric_value, report_table
from metrics.frames import PortalFrames

SHAPES = {
    "sales_dynamics": ["metric", "scope_level", "scope_id", "scope", "parent_id", "depth", "period",
                       "period_role", "value", "numerator", "denominator"],
    "pipeline": ["pipeline_id", "pipeline", "stage_id", "stage", "semantic", "sort", "deals",
                 "amount", "avg_days_on_stage"],
    "stuck_deals": ["deal_id", "title", "pipeline", "stage", "employee", "amount",
                    "days_on_stage", "days_since_created", "link"],
    "forgotten_deals": ["id", "title", "employee", "stage", "last_touch", "days_idle", "reason", "link"],  # noqa: E501
    "forgotten_leads": ["id", "title", "employee", "stage", "last_touch", "days_idle", "reason", "link"],  # noqa: E501
    "activity_index": ["user_id", "employee", "department", "call", "chat", "meeting", "email",
                       "todo", "points", "index"],
    "manager_efficiency": ["user_id", "employee", "department", "created", "won_count", "won_sum",
                           "lost_count", "in_work", "forgotten_deals", "conversion_overall",
                           "avg_check", "cycle_days"],
    "team_productivity": ["scope_level", "scope_id", "scope", "tasks_set", "done", "in_progress", "overdue"],  # noqa: E501
    "task_discipline": ["period_kind", "period", "started_on_time", "finished_on_time", "discipline"],  # noqa: E501
    "task_buildup": ["period", "open_tasks", "overdue_tasks"],
    "deals": ["id", "title", "pipeline", "stage", "status", "employee", "department", "amount",
              "currency", "created", "closed", "days_on_stage", "days_since_created", "last_touch",
              "forgotten", "link"],
    "metrics": ["metric", "scope", "period", "value", "scope_id", "scope_level", "unit"],
}  # fmt: skip


def table(frames: PortalFrames, name: str, **kw: object) -> pd.DataFrame:
    args = {"period": "2024-03", "as_of": T, "settings": SETTINGS, **kw}
    return report_table(frames, name, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", REPORTS)
def test_shapes_on_small_and_empty_portals(small: PortalFrames, name: str) -> None:
    out = table(small, name)
    assert set(SHAPES.get(name, [])) <= set(out.columns)
    empty = frames_from_snapshot({"portal": {"domain": "e", "timezone": "Europe/Moscow"}})
    assert set(SHAPES.get(name, [])) <= set(table(empty, name, as_of=None).columns)


def test_a_department_focus_lists_itself_once_then_its_sub_departments(
    small: PortalFrames,
) -> None:
    # Продажи (dept:2) has the sub-departments Сочи (dept:3) and Москва (dept:4): the focus
    # row is Продажи itself, and the tree below it starts at its children.
    out = table(small, "sales_dynamics", scope="dept:2")
    rows = out[(out["metric"] == "created") & (out["period_role"] == "current")]
    assert rows["scope_id"].tolist().count("dept:2") == 1
    depts = rows[rows["scope_level"] == "department"]
    assert depts[["scope_id", "parent_id", "depth"]].values.tolist() == [
        ["dept:3", "dept:2", 1],
        ["dept:4", "dept:2", 1],
    ]
    assert not (rows["scope_id"] == rows["parent_id"]).any()


def test_sales_dynamics_agrees_with_metric_value(small: PortalFrames) -> None:
    out = table(small, "sales_dynamics")
    assert out["scope_id"].drop_duplicates().tolist()[:7] == [
        "all",
        "dept:2",
        "dept:3",
        "dept:4",
        "user:13",
        "user:10",
        "user:11",
    ]  # company -> departments (tree) -> employees (by name; Пётр has deals too) ...
    current = out[out["period_role"] == "current"]
    for row in current.itertuples():
        expected = metric_value(
            small, row.metric, row.scope_id, "2024-03", as_of=T, settings=SETTINGS
        )
        if expected is None:
            assert row.value is None, row
        else:
            assert row.value == pytest.approx(expected), row
    prev = out[
        (out["period_role"] == "previous")
        & (out["metric"] == "created")
        & (out["scope_id"] == "all")
    ]
    assert prev["period"].tolist() == ["2024-02"] and prev["value"].tolist() == [3]  # D2 D5 D6


def test_pipeline_stage_view(small: PortalFrames) -> None:
    out = table(small, "pipeline").set_index("stage_id")
    # at T: NEW holds D7 (10 000) and D8 (0); WORK holds reopened D4; LOSE: D3, D5, D9
    assert out.loc["NEW", "deals"] == 2 and out.loc["NEW", "amount"] == 10_000
    assert out.loc["WORK", "deals"] == 1 and out.loc["LOSE", "deals"] == 3
    assert out.loc["C1:WON", "deals"] == 1 and out.loc["C1:WON", "pipeline"] == "Опт"
    assert out.loc["WON", "amount"] == pytest.approx(190_000)  # D1 + D2 (1 000 USD)
    status = table(small, "pipeline_status")
    won = status[(status["pipeline_id"] == 0) & (status["semantic"] == "S")]
    assert won["deals"].tolist() == [2]


def test_stuck_and_forgotten_lists(small: PortalFrames) -> None:
    stuck = table(small, "stuck_deals")
    # open deals, longest on their stage first: D4 (WORK since 03-05), D7 (03-31), D8 (04-01)
    assert stuck["deal_id"].tolist() == [4, 7, 8]
    assert stuck["link"][0] == "https://small.bitrix24.ru/crm/deal/details/4/"
    assert table(small, "stuck_deals", params={"stage": "WORK"})["deal_id"].tolist() == [4]
    lost = table(small, "forgotten_deals").set_index("id")
    assert lost.loc[4, "reason"] == "forgotten, no_next_step"
    assert lost.loc[7, "reason"] == "overdue" and lost.loc[8, "reason"] == "no_next_step"
    assert lost.loc[4, "last_touch"] == pd.Timestamp("2024-03-10 09:30")  # local time
    assert table(small, "forgotten_leads")["id"].tolist() == [1]


def test_activity_and_managers(small: PortalFrames) -> None:
    index = table(small, "activity_index").set_index("user_id")
    assert index.loc[10, "points"] == 4 and index.loc[10, "index"] == pytest.approx(200)
    assert index.loc[11, "chat"] == 1 and index.loc[13, "index"] == 0
    assert 12 not in index.index  # inactive
    sochi = table(small, "activity_index", scope="Продажи").set_index("user_id")
    assert sochi.loc[10, "index"] == pytest.approx(400 / 3)  # Иван 4 vs mean(4, 2)
    alone = table(small, "activity_index", scope="user:11")
    assert alone["index"].tolist() == [pytest.approx(100)]  # Мария 2 vs mean(4, 2, 0)
    managers = table(small, "manager_efficiency").set_index("user_id")
    assert managers.loc[10, "won_count"] == 3 and managers.loc[10, "won_sum"] == pytest.approx(
        240_000
    )
    assert managers.loc[11, "avg_check"] is None and managers.loc[11, "forgotten_deals"] == 1


def test_team_reports(small: PortalFrames) -> None:
    team = table(small, "team_productivity").set_index("scope_id")
    # March: set T1..T4 = 4; done T1, T2 = 2; open at the end T3, T4 = 2; overdue 0
    assert team.loc["all", ["tasks_set", "done", "in_progress", "overdue"]].tolist() == [4, 2, 2, 0]
    assert team.loc["project:7", "tasks_set"] == 2
    disc = table(small, "task_discipline")
    march = disc[(disc["period_kind"] == "month") & (disc["period"] == "2024-03")]
    assert march["discipline"].tolist() == [0.25]
    build = table(small, "task_buildup").set_index("period")
    assert build.loc["2024-03"].tolist() == [2, 0]


def test_deal_list_behind_a_number(small: PortalFrames) -> None:
    won = table(small, "deals", params={"metric": "won_count"})
    assert won["id"].tolist() == [1, 2, 6]
    assert won.set_index("id").loc[2, "amount"] == 90_000 and "ufCrm_GP" in won.columns
    assert table(small, "deals", params={"metric": "forgotten_deals"})["id"].tolist() == [4]


def test_plan_fact_table(small: PortalFrames) -> None:
    plans = pd.DataFrame(
        [("budget", "2024-03", "revenue", "dept:3", 200_000.0)],
        columns=["version", "month", "measure", "scope_id", "value"],
    )
    out = table(small, "plan_fact", plans=plans)
    cur = out[out["period_role"] == "current"].set_index(["metric", "scope_id"])["value"]
    assert cur[("plan", "dept:3")] == 200_000 and cur[("plan", "all")] == 200_000
    assert cur[("plan_completion", "dept:3")] == pytest.approx(240_000 / 200_000)
    assert cur[("plan", "dept:4")] is None
    assert out["period_role"].unique().tolist() == [
        "current",
        "previous",
        "series",
        "series_quarter",
    ]


def test_metrics_table(small: PortalFrames) -> None:
    out = table(small, "metrics")
    row = out[(out["metric"] == "forgotten_deals") & (out["scope_id"] == "all")]
    assert row["value"].tolist() == [1]
    values = [v for v in out["value"] if v is not None]
    assert not any(isinstance(v, float) and math.isnan(v) for v in values)
