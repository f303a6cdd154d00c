"""Sales plans: the model, one store interface (local SQLite or the portal), validation,
spreading and roll-up.

``load_plan_frames(store_path, version)`` hands the plans to the metrics as the frames of
``metrics.frames`` (``PLAN_COLUMNS``, ``COMMISSION_COLUMNS``).
"""

from __future__ import annotations

import os

import pandas as pd

from b24sync.plans.model import DEFAULT_VERSION, Change, CommissionRule, PlanKey
from b24sync.plans.store import PlanSnapshot, PlanStore, SaveResult
from metrics.frames import COMMISSION_COLUMNS, PLAN_COLUMNS

__all__ = [
    "DEFAULT_VERSION",
    "Change",
    "CommissionRule",
    "PlanKey",
    "PlanSnapshot",
    "PlanStore",
    "SaveResult",
    "load_plan_data",
    "load_plan_frames",
    "plan_frames",
    "plan_revision",
]


def plan_frames(store: PlanStore, version: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(plan_frame, commission_frame)`` of a store; every version when ``version`` is None."""
    snapshot = store.load(version)
    rows = [(*key, value) for key, value in sorted(snapshot.values.items())]
    plans = pd.DataFrame(rows, columns=list(PLAN_COLUMNS)).astype({"value": "float64"})
    rules = [(r.user_id, r.month, r.kind, r.threshold, r.rate) for r in store.commission()]
    commission = pd.DataFrame(rules, columns=list(COMMISSION_COLUMNS)).astype(
        {"user_id": "int64", "threshold": "float64", "rate": "float64"}
    )
    return plans, commission


def load_plan_frames(
    store_path: str | os.PathLike[str] | None = None, version: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan and commission frames of the local store file (the default store if None)."""
    from b24sync import db
    from b24sync.plans.local import LocalPlanStore

    store = LocalPlanStore(store_path or db.default_store_path())
    try:
        return plan_frames(store, version)
    finally:
        store.close()


def load_plan_data(
    store_path: str | os.PathLike[str] | None = None, version: str | None = None
) -> dict[str, pd.DataFrame]:
    """``{"plans": ..., "commissions": ...}``: what ``metrics.api`` takes as ``plans=``."""
    plans, commissions = load_plan_frames(store_path, version)
    return {"plans": plans, "commissions": commissions}


def plan_revision(store_path: str | os.PathLike[str] | None = None) -> int:
    """The local plan store's revision: changes with every save, undo, lock or commission
    change (a cache of plan frames can key on it)."""
    from b24sync import db
    from b24sync.plans.local import LocalPlanStore

    store = LocalPlanStore(store_path or db.default_store_path())
    try:
        return store.load("\x00").revision  # no version matches: only the revision is read
    finally:
        store.close()
