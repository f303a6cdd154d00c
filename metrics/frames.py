"""The frames ``metrics`` computes from: the contract between the store and the metrics.

``metrics`` never reads the store itself. A thin loader above it (``b24sync.frames``) reads
the local store and hands over a :class:`PortalFrames`: one DataFrame per entity with the
columns listed below. Column names are snake_case versions of the Bitrix24 field names;
every timestamp column is tz-aware UTC (``datetime64[..., UTC]``, ``NaT`` when empty); ids are
``int64`` (0 where Bitrix24 sends an empty id); money is ``float64``.

Deals additionally carry every custom field (``ufCrm...`` keys of ``crm.item.list``) as a
column under its exact API name, so a custom field named in the settings becomes a dimension
or a measure without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

DEAL_COLUMNS = (
    "id", "title", "category_id", "stage_id", "stage_semantic_id", "opportunity",
    "currency_id", "assigned_by_id", "created_time", "updated_time", "closedate",
    "last_activity_time", "company_id", "contact_id", "source_id",
)  # fmt: skip
LEAD_COLUMNS = (
    "id", "title", "stage_id", "stage_semantic_id", "opportunity", "currency_id",
    "assigned_by_id", "created_time", "updated_time", "last_activity_time", "source_id",
)  # fmt: skip
# one frame for both entities; entity_type_id 1 = lead, 2 = deal. stage_semantic_id holds
# STAGE_SEMANTIC_ID for deals and STATUS_SEMANTIC_ID for leads; stage_id likewise.
STAGE_HISTORY_COLUMNS = (
    "entity_type_id", "id", "type_id", "owner_id", "created_time", "category_id",
    "stage_semantic_id", "stage_id",
)  # fmt: skip
# owner_type_id / owner_id: the item the activity is bound to (1 lead, 2 deal, 3 contact,
# 4 company). completed is bool.
ACTIVITY_COLUMNS = (
    "id", "owner_type_id", "owner_id", "type_id", "provider_id", "direction", "completed",
    "responsible_id", "created", "last_updated", "start_time", "end_time", "deadline",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "title", "status", "responsible_id", "group_id", "created_date", "start_date_plan",
    "date_start", "deadline", "closed_date", "changed_date",
)  # fmt: skip
USER_COLUMNS = ("id", "name", "last_name", "active")
# one row per (user, department) pair from UF_DEPARTMENT
USER_DEPARTMENT_COLUMNS = ("user_id", "department_id")
# parent is 0 for the root department (the company)
DEPARTMENT_COLUMNS = ("id", "name", "parent", "sort", "head")
# deal pipelines from crm.category.list (entityTypeId 2)
CATEGORY_COLUMNS = ("id", "name", "sort", "is_default")
# crm.status.list rows; category_id is 0 for DEAL_STAGE and for non-deal lists;
# semantics is "P", "S" or "F" (empty/None in the API becomes "P")
STATUS_COLUMNS = ("entity_id", "status_id", "name", "sort", "category_id", "semantics")
GROUP_COLUMNS = ("id", "name", "project")
# crm.currency.list: rate of one unit = amount / amount_cnt in the base currency
CURRENCY_COLUMNS = ("currency", "amount_cnt", "amount", "base")

# Plans (issue D2) arrive as two more frames, handed to the plan metrics separately.
# scope_id is canonical: "all", "dept:<id>", "user:<id>", "pipeline:<id>",
# "pipeline:<id>/dept:<id>", "pipeline:<id>/user:<id>"; month is "YYYY-MM";
# measure is "revenue", "won_count" or "gross_profit"; version "budget", "forecast", ...
PLAN_COLUMNS = ("version", "month", "measure", "scope_id", "value")
# kind "ladder": rate applies to the whole monthly fact once it reaches threshold (the highest
# reached threshold wins); kind "grade": flat rate, threshold 0. month "YYYY-MM".
COMMISSION_COLUMNS = ("user_id", "month", "kind", "threshold", "rate")

FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "deals": DEAL_COLUMNS,
    "leads": LEAD_COLUMNS,
    "stage_history": STAGE_HISTORY_COLUMNS,
    "activities": ACTIVITY_COLUMNS,
    "tasks": TASK_COLUMNS,
    "users": USER_COLUMNS,
    "user_departments": USER_DEPARTMENT_COLUMNS,
    "departments": DEPARTMENT_COLUMNS,
    "categories": CATEGORY_COLUMNS,
    "statuses": STATUS_COLUMNS,
    "groups": GROUP_COLUMNS,
    "currencies": CURRENCY_COLUMNS,
}


@dataclass(frozen=True)
class PortalInfo:
    """What the portal says about itself: its address and its time zone (IANA or ±hh:mm)."""

    domain: str
    timezone: str
    last_sync: pd.Timestamp | None = None  # UTC moment of the last successful sync


@dataclass(frozen=True)
class PortalFrames:
    """All frames of one portal plus its info; ``revision`` changes whenever the data does."""

    portal: PortalInfo
    frames: dict[str, pd.DataFrame]
    revision: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, columns in FRAME_COLUMNS.items():
            frame = self.frames.get(name)
            if frame is None:
                raise ValueError(f"frame {name!r} is missing")
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise ValueError(f"frame {name!r} lacks columns {missing}")

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]
