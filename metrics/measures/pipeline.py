"""Time spent on stages (metrics-spec "Pipeline").

A stay begins when a deal enters a stage (a stage-history record) and ends when it leaves it
(the next record) or at T. ``days_on_stage`` is the mean length of the stays that began in
the period: on the stage given by the ``stage`` parameter, else on any in-work stage.
"""

from __future__ import annotations

import numpy as np

from metrics.errors import ParameterError
from metrics.model import Model
from metrics.registry import Query, Result, metric
from metrics.scopes import deal_mask
from metrics.text import norm
from metrics.timeline import IN_WORK, NS_PER_DAY


def stays(model: Model, t: int, start: int, end: int) -> dict[str, np.ndarray]:
    """Stays that began in the period (and by T): deal position, stage, semantic, days."""

    def build() -> dict[str, np.ndarray]:
        tl = model.deal_timeline
        began = (tl.time >= start) & (tl.time < end) & (tl.time <= t)
        left = np.minimum(tl.next_time[began], t)
        return {
            "pos": tl.pos[began],
            "stage": tl.stage[began],
            "sem": tl.sem[began],
            "days": (left - tl.time[began]) / NS_PER_DAY,
        }

    return model.cached(("stays", t, start, end), build)


def stage_id(model: Model, value: str) -> str:
    """A stage by its STATUS_ID or its name (any pipeline)."""
    statuses = model.frames["statuses"]
    stages = statuses[statuses["entity_id"].astype(str).str.startswith("DEAL_STAGE")]
    for sid, name in zip(stages["status_id"], stages["name"], strict=True):
        if norm(sid) == norm(value) or norm(name) == norm(value):
            return str(sid)
    known = set(model.deal_timeline.stage.tolist())
    if value in known:
        return value
    names = ", ".join(sorted({str(n) for n in stages["name"]}))
    raise ParameterError(
        f'unknown stage "{value}"; stages: {names}', f'неизвестная стадия "{value}"; есть: {names}'
    )


def days_on_stage(q: Query) -> Result:
    start, end = q.bounds()
    table = stays(q.model, q.as_of, start, end)
    in_scope = deal_mask(q.model, q.scope)[table["pos"]]
    if "stage" in q.params:
        in_scope &= table["stage"] == stage_id(q.model, q.params["stage"])
    else:
        in_scope &= table["sem"] == IN_WORK
    return Result.ratio(float(table["days"][in_scope].sum()), float(in_scope.sum()))


metric(
    id="days_on_stage", kind="mean", unit="days", params=("stage",),
    label_ru="Дней на стадии", label_en="Days on stage",
    description_ru="Средняя длительность пребывания на стадии по заходам на стадию, начавшимся в "
    "периоде: от входа до выхода или до T. Стадия - параметр stage (код или название), без него "
    "- любые стадии в работе. Заход считается за сделкой, её ответственным и текущей воронкой.",
    description_en="Mean length of the stays on a stage that began in the period: from entering "
    "to leaving, or to T. The stage is param stage (id or name); without it, any in-work stage. "
    "A stay counts for the deal, its responsible and its current pipeline.",
    formula_ru="среднее (выход или T - вход) в днях по заходам, начавшимся в периоде",
    formula_en="mean of (leave or T - enter) in days over stays begun in the period",
)(days_on_stage)  # fmt: skip
