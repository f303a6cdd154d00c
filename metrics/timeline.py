"""Per-deal (and per-lead) timelines from stage history: the semantic of every item at any t.

Records are ordered by CREATED_TIME, then ID (a later ID wins on equal timestamps). Items
without any record are in work from their creation and, when closed now, closed at
``closedate`` (``updated_time`` if empty) with their current semantic. Items whose first
record comes after their creation are in work from creation until that record.
Times are int64 nanoseconds since the epoch (UTC); :data:`NAT` marks an empty time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NAT = np.iinfo(np.int64).min
FOREVER = np.iinfo(np.int64).max
SEMANTICS = {"P": 0, "S": 1, "F": 2}
IN_WORK, WON, LOST = 0, 1, 2
NS_PER_DAY = 86_400 * 10**9


def ns(values: pd.Series) -> np.ndarray:
    """tz-aware timestamps -> int64 ns UTC with :data:`NAT` for empty."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    out = pd.to_datetime(values, utc=True).dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
    return out.astype(np.int64)


def semantic_codes(values: pd.Series) -> np.ndarray:
    """``P``/``S``/``F`` -> 0/1/2 (anything else is in work)."""
    return values.map(SEMANTICS).fillna(0).to_numpy(dtype=np.int8)


@dataclass
class Timeline:
    """Stage records of one entity, sorted by (item, time, id), with each record's end."""

    pos: np.ndarray  # item position (row of the items frame)
    time: np.ndarray  # when the item entered the record's stage
    next_time: np.ndarray  # when it left (FOREVER for the last record)
    sem: np.ndarray  # 0 P, 1 S, 2 F
    stage: np.ndarray  # stage id (object)
    n_items: int

    @classmethod
    def build(cls, items: pd.DataFrame, history: pd.DataFrame, first_stage: pd.Series) -> Timeline:
        """Join history to items and add the synthetic records described in the module doc."""
        index = pd.Index(items["id"].to_numpy())
        hist_pos = index.get_indexer(history["owner_id"].to_numpy())
        keep = hist_pos >= 0
        real = pd.DataFrame(
            {
                "pos": hist_pos[keep],
                "time": ns(history["created_time"])[keep],
                "rid": history["id"].to_numpy()[keep],
                "sem": semantic_codes(history["stage_semantic_id"])[keep],
                "stage": history["stage_id"].to_numpy(dtype=object)[keep],
            }
        )
        synthetic = cls._synthetic(items, real, first_stage)
        table = pd.concat([synthetic, real], ignore_index=True)
        table = table[table["time"] != NAT].sort_values(["pos", "time", "rid"], kind="stable")
        pos = table["pos"].to_numpy(dtype=np.int64)
        time = table["time"].to_numpy(dtype=np.int64)
        next_time = np.full(len(pos), FOREVER, dtype=np.int64)
        same = pos[1:] == pos[:-1]
        next_time[:-1][same] = time[1:][same]
        return cls(
            pos=pos,
            time=time,
            next_time=next_time,
            sem=table["sem"].to_numpy(dtype=np.int8),
            stage=table["stage"].to_numpy(dtype=object),
            n_items=len(items),
        )

    @staticmethod
    def _synthetic(items: pd.DataFrame, real: pd.DataFrame, first_stage: pd.Series) -> pd.DataFrame:
        """In-work records from creation (and closing records for items without history)."""
        n = len(items)
        created = ns(items["created_time"])
        first_time = np.full(n, FOREVER, dtype=np.int64)
        if len(real):
            firsts = real.groupby("pos")["time"].min()
            first_time[firsts.index.to_numpy()] = firsts.to_numpy()
        has_history = first_time != FOREVER
        current_sem = semantic_codes(items["stage_semantic_id"])
        current_stage = items["stage_id"].to_numpy(dtype=object)
        start_stage = np.where(
            current_sem == IN_WORK, current_stage, first_stage.to_numpy(dtype=object)
        )
        opening = (created != NAT) & (created < first_time)
        frames = [
            pd.DataFrame(
                {
                    "pos": np.flatnonzero(opening),
                    "time": created[opening],
                    "rid": -1,
                    "sem": np.zeros(int(opening.sum()), dtype=np.int8),
                    "stage": start_stage[opening],
                }
            )
        ]
        closing = ~has_history & (current_sem != IN_WORK)
        if closing.any():
            closed = ns(items["closedate"]) if "closedate" in items else np.full(n, NAT)
            closed = np.where(closed == NAT, ns(items["updated_time"]), closed)
            closed = np.where(closed == NAT, created, np.maximum(closed, created))
            frames.append(
                pd.DataFrame(
                    {
                        "pos": np.flatnonzero(closing),
                        "time": closed[closing],
                        "rid": -1,
                        "sem": current_sem[closing],
                        "stage": current_stage[closing],
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    def active(self, t: int, inclusive: bool = True) -> np.ndarray:
        """Index of each item's record in force at ``t`` (-1: the item did not exist yet).

        ``inclusive``: a record dated exactly ``t`` is already in force (the state AT t);
        otherwise the state just before t (used at a period's exclusive end).
        """
        if inclusive:
            mask = (self.time <= t) & (self.next_time > t)
        else:
            mask = (self.time < t) & (self.next_time >= t)
        out = np.full(self.n_items, -1, dtype=np.int64)
        rows = np.flatnonzero(mask)
        out[self.pos[rows]] = rows
        return out

    def semantic_at(self, t: int, inclusive: bool = True) -> np.ndarray:
        """Semantic of each item at ``t``: 0/1/2, or -1 when it did not exist yet."""
        rec = self.active(t, inclusive)
        out = np.full(self.n_items, -1, dtype=np.int8)
        ok = rec >= 0
        out[ok] = self.sem[rec[ok]]
        return out

    def closed_at(self, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(semantic at t, won_at, lost_at) where won/lost_at is the time of the last move
        into the final semantic the item has at t (NAT when it is not won/lost at t)."""
        rec = self.active(t)
        sem = np.full(self.n_items, -1, dtype=np.int8)
        when = np.full(self.n_items, NAT, dtype=np.int64)
        ok = rec >= 0
        sem[ok] = self.sem[rec[ok]]
        when[ok] = self.time[rec[ok]]
        won = np.where(sem == WON, when, NAT)
        lost = np.where(sem == LOST, when, NAT)
        return sem, won, lost
