"""Frames cut to one manager: only that manager's rows survive, colleagues' work on the
manager's deals keeps its time but loses its author."""

from __future__ import annotations

import pandas as pd

from addin.per_manager import active_managers, file_name, frames_for, plans_for
from metrics.frames import FRAME_COLUMNS, PortalFrames, PortalInfo


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS[name]))


def _frames() -> PortalFrames:
    frames = {name: _frame(name, []) for name in FRAME_COLUMNS}
    frames["users"] = _frame("users", [
        {"id": 1, "name": "Иван", "last_name": "Петров", "active": True},
        {"id": 2, "name": "Анна", "last_name": "Смирнова", "active": True},
        {"id": 3, "name": "Олег", "last_name": "Котов", "active": False},
    ])  # fmt: skip
    frames["departments"] = _frame("departments", [
        {"id": 1, "name": "Компания", "parent": 0, "sort": 1, "head": 2},
        {"id": 2, "name": "Москва", "parent": 1, "sort": 2, "head": 2},
        {"id": 3, "name": "Сочи", "parent": 1, "sort": 3, "head": 2},
    ])  # fmt: skip
    frames["user_departments"] = _frame("user_departments", [
        {"user_id": 1, "department_id": 2}, {"user_id": 2, "department_id": 3},
    ])  # fmt: skip
    frames["deals"] = _frame("deals", [
        {"id": 10, "assigned_by_id": 1}, {"id": 11, "assigned_by_id": 2},
        {"id": 12, "assigned_by_id": 3},
    ])  # fmt: skip
    frames["stage_history"] = _frame("stage_history", [
        {"entity_type_id": 2, "id": 100, "owner_id": 10},
        {"entity_type_id": 2, "id": 101, "owner_id": 11},
    ])  # fmt: skip
    frames["activities"] = _frame("activities", [
        {"id": 1, "owner_type_id": 2, "owner_id": 10, "responsible_id": 1},
        {"id": 2, "owner_type_id": 2, "owner_id": 10, "responsible_id": 2},  # colleague
        {"id": 3, "owner_type_id": 2, "owner_id": 11, "responsible_id": 2},
        {"id": 4, "owner_type_id": 3, "owner_id": 77, "responsible_id": 1},  # own, on a contact
    ])  # fmt: skip
    frames["tasks"] = _frame("tasks", [{"id": 7, "responsible_id": 1},
                                       {"id": 8, "responsible_id": 2}])  # fmt: skip
    return PortalFrames(PortalInfo("demo.bitrix24.ru", "Europe/Moscow"), frames, "r1")


def test_only_the_managers_rows_remain():
    cut = frames_for(_frames(), 1)
    assert list(cut["users"]["id"]) == [1]
    assert list(cut["deals"]["id"]) == [10]
    assert list(cut["stage_history"]["id"]) == [100]
    assert list(cut["tasks"]["id"]) == [7]
    assert sorted(cut["departments"]["id"]) == [1, 2]  # own department and its parent
    assert set(cut["departments"]["head"]) == {0}  # the head (user 2) is not named
    acts = cut["activities"].set_index("id")["responsible_id"].to_dict()
    assert acts == {1: 1, 2: 0, 4: 1}  # the colleague's touch stays, authorless
    assert cut.revision == "r1/user:1"


def test_active_managers_own_deals_and_are_active():
    assert active_managers(_frames()) == [(1, "Иван Петров"), (2, "Анна Смирнова")]
    assert file_name(2, "Анна Смирнова") == "Анна_Смирнова_2.xlsx"
    assert file_name(5, "../x") == "x_5.xlsx"


def test_plans_are_cut_to_the_manager():
    plans = pd.DataFrame({
        "version": ["budget"] * 4, "month": ["2024-03"] * 4, "measure": ["revenue"] * 4,
        "scope_id": ["user:1", "pipeline:0/user:1", "user:12", "dept:2"],
        "value": [1.0, 2.0, 3.0, 4.0],
    })  # fmt: skip
    rules = pd.DataFrame({"user_id": [1, 2], "month": ["2024-03"] * 2, "kind": ["grade"] * 2,
                          "threshold": [0.0, 0.0], "rate": [0.05, 0.1]})  # fmt: skip
    own, own_rules = plans_for((plans, rules), 1)
    assert list(own["scope_id"]) == ["user:1", "pipeline:0/user:1"]
    assert list(own_rules["user_id"]) == [1]
    assert plans_for(None, 1) is None
