"""Portal snapshot -> :class:`metrics.frames.PortalFrames`: the one conversion of raw records.

The input is the portal snapshot format (records exactly as the API methods return them)::

    {"portal": {"domain": ..., "timezone": ...}, "user.get": [...], "department.get": [...],
     "crm.category.list": {"2": [...]}, "crm.status.list": [...],
     "crm.item.list": {"1": [leads], "2": [deals]},
     "crm.stagehistory.list": {"1": [...], "2": [...]}, "crm.activity.list": [...],
     "tasks.task.list": [...], "sonet_group.get": [...], "crm.currency.list": [...]}

Every conversion is column-wise (pandas), so 1M activities convert in seconds: timestamps
are parsed with their offsets into UTC, ids become ``int64`` (0 when empty; old methods send
strings), money becomes ``float64``, empty stage semantics become ``"P"``. The store's loader
(``b24sync.store.load_frames``) and the tests both go through :func:`frames_from_snapshot`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from metrics.frames import FRAME_COLUMNS, PortalFrames, PortalInfo

# frame column -> API key, per source; a column missing from the records is left empty
DEAL_KEYS = {
    "id": "id", "title": "title", "category_id": "categoryId", "stage_id": "stageId",
    "stage_semantic_id": "stageSemanticId", "opportunity": "opportunity",
    "currency_id": "currencyId", "assigned_by_id": "assignedById",
    "created_time": "createdTime", "updated_time": "updatedTime", "closedate": "closedate",
    "last_activity_time": "lastActivityTime", "company_id": "companyId",
    "contact_id": "contactId", "source_id": "sourceId",
}  # fmt: skip
LEAD_KEYS = {k: v for k, v in DEAL_KEYS.items() if k in FRAME_COLUMNS["leads"]}
HISTORY_KEYS = {
    "id": "ID", "type_id": "TYPE_ID", "owner_id": "OWNER_ID", "created_time": "CREATED_TIME",
    "category_id": "CATEGORY_ID",
}  # fmt: skip
ACTIVITY_KEYS = {c: c.upper() for c in FRAME_COLUMNS["activities"]}
TASK_KEYS = {
    "id": "id", "title": "title", "status": "status", "responsible_id": "responsibleId",
    "group_id": "groupId", "created_date": "createdDate", "start_date_plan": "startDatePlan",
    "date_start": "dateStart", "deadline": "deadline", "closed_date": "closedDate",
    "changed_date": "changedDate",
}  # fmt: skip
USER_KEYS = {"id": "ID", "name": "NAME", "last_name": "LAST_NAME", "active": "ACTIVE"}
DEPARTMENT_KEYS = {
    "id": "ID",
    "name": "NAME",
    "parent": "PARENT",
    "sort": "SORT",
    "head": "UF_HEAD",
}
CATEGORY_KEYS = {"id": "id", "name": "name", "sort": "sort", "is_default": "isDefault"}
STATUS_KEYS = {
    "entity_id": "ENTITY_ID", "status_id": "STATUS_ID", "name": "NAME", "sort": "SORT",
    "category_id": "CATEGORY_ID", "semantics": "SEMANTICS",
}  # fmt: skip
GROUP_KEYS = {"id": "ID", "name": "NAME", "project": "PROJECT"}
CURRENCY_KEYS = {
    "currency": "CURRENCY",
    "amount_cnt": "AMOUNT_CNT",
    "amount": "AMOUNT",
    "base": "BASE",
}

ID_COLUMNS = {
    "id", "category_id", "assigned_by_id", "company_id", "contact_id", "type_id", "owner_id",
    "owner_type_id", "responsible_id", "direction", "status", "group_id", "parent", "sort",
    "head", "entity_type_id", "user_id", "department_id",
}  # fmt: skip
TIME_COLUMNS = {
    "created_time", "updated_time", "closedate", "last_activity_time", "created", "last_updated",
    "start_time", "end_time", "deadline", "created_date", "start_date_plan", "date_start",
    "closed_date", "changed_date",
}  # fmt: skip
MONEY_COLUMNS = {"opportunity", "amount", "amount_cnt"}
FLAG_COLUMNS = {"completed", "active", "is_default", "base", "project"}


def to_utc(values: pd.Series) -> pd.Series:
    """ISO 8601 strings with any offsets (or empty) -> tz-aware UTC; instants, not strings."""
    if len(values) == 0:
        return pd.Series(pd.DatetimeIndex([], tz="UTC"), index=values.index).astype(
            "datetime64[us, UTC]"
        )
    text = values.where(values.notna() & (values.astype(object) != ""), None)
    parsed = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    return parsed.astype("datetime64[us, UTC]")


def to_number(values: pd.Series) -> np.ndarray:
    """Numbers or numeric strings -> float64 with NaN where empty or not a number.

    Few distinct values (types, flags, responsible ids) are converted once each through
    ``factorize``; many distinct values go through one C-level loop; anything odd falls back
    to ``pandas.to_numeric``.
    """
    raw = values.to_numpy(dtype=object)
    if len(raw) > 1000 and len(set(raw[:2000].tolist())) < 200:
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        numbers = np.append(to_number(pd.Series(uniques, dtype=object)), np.nan)
        return numbers[codes]
    try:
        return np.fromiter(
            (float(v) if v is not None and v != "" and v == v else np.nan for v in raw),
            dtype=np.float64,
            count=len(raw),
        )
    except (ValueError, TypeError):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def to_id(values: pd.Series) -> pd.Series:
    """Ids as ints or numeric strings (or empty) -> int64, 0 where empty."""
    return pd.Series(np.nan_to_num(to_number(values), nan=0.0).astype(np.int64))


def to_money(values: pd.Series) -> pd.Series:
    """Numbers or numeric strings -> float64, 0.0 where empty."""
    return pd.Series(np.nan_to_num(to_number(values), nan=0.0))


def text_of(values: pd.Series) -> np.ndarray:
    """Values as stripped upper-case text (empty for None), for codes like Y/N and P/S/F;
    each distinct value is converted once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    text = np.array([str(u).strip().upper() for u in uniques] + [""], dtype=object)
    return text[codes]


def to_flag(values: pd.Series) -> pd.Series:
    """``"Y"``/``"N"``, ``true``/``false`` or empty -> bool."""
    return pd.Series(np.isin(text_of(values), ["Y", "TRUE", "1"]))


def to_semantic(values: pd.Series) -> pd.Series:
    """Stage semantics: ``"S"``, ``"F"``; everything else (``""``, None, ``"P"``) -> ``"P"``."""
    text = text_of(values)
    return pd.Series(np.where(np.isin(text, ["S", "F"]), text, "P"), dtype=object)


def records_frame(records: Iterable[Mapping[str, Any]], keys: Mapping[str, str]) -> pd.DataFrame:
    """Select and rename the API keys of ``records`` into frame columns, then type them."""
    rows = records if isinstance(records, list) else list(records)
    out = {}
    for column, key in keys.items():
        out[column] = convert(column, pd.Series([r.get(key) for r in rows], dtype=object))
    return pd.DataFrame(out)


def convert(column: str, values: pd.Series) -> pd.Series:
    """Type one column by its name (ids, timestamps, money, flags, text)."""
    if column in TIME_COLUMNS:
        return to_utc(values)
    if column in ID_COLUMNS:
        return to_id(values)
    if column in MONEY_COLUMNS:
        return to_money(values)
    if column in FLAG_COLUMNS:
        return to_flag(values)
    if column in ("stage_semantic_id", "semantics"):
        return to_semantic(values)
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    text = np.array([str(u) for u in uniques] + [""], dtype=object)
    return pd.Series(text[codes], dtype=object)


def deals_frame(records: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Deals with the contract columns plus every ``ufCrm*`` key as its own column."""
    frame = records_frame(records, DEAL_KEYS)
    uf_keys = sorted(k for k in set().union(*records) if str(k).startswith("ufCrm"))
    for key in uf_keys:
        frame[key] = uf_column(pd.Series([r.get(key) for r in records], dtype=object))
    return frame


def uf_column(values: pd.Series) -> pd.Series:
    """A custom field: numeric when every non-empty value is a number, else text."""
    present = values[values.notna() & (values.astype(object) != "")]
    numbers = pd.to_numeric(present, errors="coerce")
    if (
        len(present)
        and numbers.notna().all()
        and not present.map(lambda v: isinstance(v, bool)).any()
    ):
        return pd.to_numeric(values, errors="coerce").astype("float64")
    text = values.astype(object).map(lambda v: "" if v is None or v != v else str(v))
    return text.astype(object)


def history_frame(records: list[Mapping[str, Any]], entity_type_id: int) -> pd.DataFrame:
    """Stage history of deals (STAGE_*) or leads (STATUS_*) in one shape."""
    prefix = "STAGE" if entity_type_id == 2 else "STATUS"
    keys = dict(HISTORY_KEYS)
    keys["stage_semantic_id"] = f"{prefix}_SEMANTIC_ID"
    keys["stage_id"] = f"{prefix}_ID"
    frame = records_frame(records, keys)
    if entity_type_id != 2 and records and "STAGE_ID" in records[0]:
        alt = records_frame(
            records, {"stage_semantic_id": "STAGE_SEMANTIC_ID", "stage_id": "STAGE_ID"}
        )
        frame[["stage_semantic_id", "stage_id"]] = alt[["stage_semantic_id", "stage_id"]]
    frame.insert(0, "entity_type_id", np.full(len(frame), entity_type_id, dtype="int64"))
    return frame[list(FRAME_COLUMNS["stage_history"])]


def user_departments_frame(records: list[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (user, department) pair of ``UF_DEPARTMENT``."""
    pairs = [
        (user.get("ID"), dept) for user in records for dept in (user.get("UF_DEPARTMENT") or [])
    ]
    raw = pd.DataFrame(pairs, columns=["user_id", "department_id"])
    return pd.DataFrame({c: to_id(raw[c]) for c in raw.columns})


def utc_moment(value: Any) -> pd.Timestamp:
    """One moment (ISO string or timestamp) as tz-aware UTC; naive values are taken as UTC."""
    moment = pd.Timestamp(value)
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def frames_from_snapshot(snapshot: dict[str, Any], revision: str = "") -> PortalFrames:
    """Convert a portal snapshot (raw API records) into the frames contract."""
    portal = snapshot.get("portal") or {}
    items = snapshot.get("crm.item.list") or {}
    history = snapshot.get("crm.stagehistory.list") or {}
    categories = (snapshot.get("crm.category.list") or {}).get("2", [])
    frames = {
        "deals": deals_frame(list(items.get("2", []))),
        "leads": records_frame(items.get("1", []), LEAD_KEYS),
        "stage_history": pd.concat(
            [history_frame(list(history.get(k, [])), int(k)) for k in ("2", "1")],
            ignore_index=True,
        ),
        "activities": records_frame(snapshot.get("crm.activity.list") or [], ACTIVITY_KEYS),
        "tasks": records_frame(snapshot.get("tasks.task.list") or [], TASK_KEYS),
        "users": records_frame(snapshot.get("user.get") or [], USER_KEYS),
        "user_departments": user_departments_frame(snapshot.get("user.get") or []),
        "departments": records_frame(snapshot.get("department.get") or [], DEPARTMENT_KEYS),
        "categories": records_frame(categories, CATEGORY_KEYS),
        "statuses": records_frame(snapshot.get("crm.status.list") or [], STATUS_KEYS),
        "groups": records_frame(snapshot.get("sonet_group.get") or [], GROUP_KEYS),
        "currencies": records_frame(snapshot.get("crm.currency.list") or [], CURRENCY_KEYS),
    }
    last_sync = portal.get("last_sync")
    info = PortalInfo(
        domain=str(portal.get("domain", "")),
        timezone=str(portal.get("timezone") or "UTC"),
        last_sync=utc_moment(last_sync) if last_sync else None,
    )
    return PortalFrames(portal=info, frames=frames, revision=revision)
