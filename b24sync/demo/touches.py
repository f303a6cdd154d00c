"""Compact logs of activities and tasks while the demo is generated.

Activities (up to ~1M at scale 20) are kept as parallel ``array`` columns, not dicts; they
become records only when emitted, in the order of their creation time.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field

from b24sync.demo.timeline import DAY, HOUR

# activity kinds: index -> (TYPE_ID, PROVIDER_ID, PROVIDER_TYPE_ID)
CALL, CHAT, MEETING, EMAIL, TODO, TASK = range(6)
KINDS = (
    ("2", "VOXIMPLANT_CALL", "CALL"),
    ("6", "IMOPENLINES_SESSION", "IMOPENLINES_SESSION"),
    ("1", "CRM_MEETING", "MEETING"),
    ("4", "CRM_EMAIL", "EMAIL"),
    ("6", "CRM_TODO", "TODO"),
    ("3", "CRM_TASKS_TASK", "TASK"),
)
KIND_WEIGHTS = (0.38, 0.12, 0.08, 0.20, 0.15, 0.07)
LEAD_KIND_WEIGHTS = (0.55, 0.25, 0.0, 0.20, 0.0, 0.0)
NEXT_STEP_KINDS = (TODO, CALL, MEETING)
NEXT_STEP_WEIGHTS = (0.6, 0.3, 0.1)
# subjects by (kind, direction)
SUBJECTS = {
    (CALL, 1): "Входящий звонок",
    (CALL, 2): "Исходящий звонок",
    (CHAT, 1): "Обращение в открытую линию",
    (MEETING, 0): "Встреча с клиентом",
    (EMAIL, 1): "Входящее письмо",
    (EMAIL, 2): "Письмо клиенту",
    (TODO, 0): "Связаться с клиентом",
}
TASK_TITLES = (
    "Подготовить коммерческое предложение",
    "Согласовать договор с юристом",
    "Выставить счёт",
    "Организовать доставку",
    "Проверить оплату",
    "Подготовить пакет документов",
)
PROJECT_TASK_TITLES = (
    "Подготовить презентацию",
    "Собрать отчёт по продажам",
    "Обновить прайс-лист",
    "Провести обучение менеджеров",
    "Согласовать бюджет",
    "Проверить базу клиентов",
    "Созвониться с партнёром",
)


@dataclass
class ActivityLog:
    """Activities as columns; ``owner`` is a deal or lead index (ids are given later)."""

    created: array = field(default_factory=lambda: array("q"))
    start: array = field(default_factory=lambda: array("q"))
    end: array = field(default_factory=lambda: array("q"))
    deadline: array = field(default_factory=lambda: array("q"))
    updated: array = field(default_factory=lambda: array("q"))
    kind: array = field(default_factory=lambda: array("b"))
    direction: array = field(default_factory=lambda: array("b"))
    completed: array = field(default_factory=lambda: array("b"))
    owner_type: array = field(default_factory=lambda: array("b"))
    owner: array = field(default_factory=lambda: array("l"))
    responsible: array = field(default_factory=lambda: array("h"))
    task: array = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self.created)

    def done(self, rng: random.Random, kind: int, at: int, owner_type: int, owner: int,
             user: int) -> int:  # fmt: skip
        """Log a completed activity happening at ``at``; the moment it was last updated."""
        direction = 0
        if kind == CALL:
            direction = 1 if rng.random() < 0.35 else 2
            start, end, created = at, at + 60 + int(rng.random() * 900), at
        elif kind == CHAT:
            direction = 1
            start, end, created = at, at + 300 + int(rng.random() * 3300), at
        elif kind == MEETING:
            start, end = at, at + HOUR + int(rng.random() * HOUR)
            created = at - int((0.5 + rng.random() * 3) * DAY)
        elif kind == EMAIL:
            direction = 1 if rng.random() < 0.4 else 2
            start, end, created = at, at, at
        else:  # TODO
            created = at - int((0.2 + rng.random() * 2) * DAY)
            start = end = at
        deadline = end if kind in (TODO,) else start
        self._add(created, start, end, deadline, end, kind, direction, 1, owner_type, owner,
                  user, -1)  # fmt: skip
        return end

    def planned(self, kind: int, created: int, deadline: int, owner_type: int, owner: int,
                user: int) -> None:  # fmt: skip
        """Log an uncompleted activity (a next step) due at ``deadline``."""
        direction = 2 if kind == CALL else 0
        end = deadline + (HOUR if kind == MEETING else 0)
        self._add(created, deadline, end, deadline, created, kind, direction, 0, owner_type,
                  owner, user, -1)  # fmt: skip

    def task_mirror(self, task: int, created: int, deadline: int, closed: int, owner: int,
                    user: int) -> None:  # fmt: skip
        """Log the CRM_TASKS_TASK activity of a deal's task (``closed`` 0 when open)."""
        updated = closed or created
        self._add(created, created, deadline, deadline, updated, TASK, 0, 1 if closed else 0, 2,
                  owner, user, task)  # fmt: skip

    def _add(self, *values: int) -> None:
        columns = (self.created, self.start, self.end, self.deadline, self.updated, self.kind,
                   self.direction, self.completed, self.owner_type, self.owner,
                   self.responsible, self.task)  # fmt: skip
        for column, value in zip(columns, values, strict=True):
            column.append(value)


@dataclass
class TaskPlan:
    """One task; 0 means "not set" for the moments."""

    created: int
    responsible: int
    group: int
    deal: int  # deal index or -1
    title: str
    start_plan: int
    deadline: int
    date_start: int
    closed: int
    deferred: bool = False


def plan_task(rng: random.Random, created: int, user: int, discipline: float, as_of: int,
              group: int = 0, deal: int = -1, title: str = "") -> TaskPlan:  # fmt: skip
    """A task with planned start and deadline, started and closed on time or late."""
    start_plan = created + int(rng.random() * 3 * DAY) if rng.random() < 0.6 else 0
    deadline = created + int((1 + rng.random() * 13) * DAY) if rng.random() < 0.85 else 0
    due_start = start_plan or created + DAY
    if rng.random() < discipline:
        date_start = due_start - int(rng.random() * 0.9 * (due_start - created))
    else:
        date_start = due_start + int((0.1 + rng.random() * 5) * DAY)
    if rng.random() < 0.04:
        date_start = 0  # never started
    target = deadline or date_start + int((1 + rng.random() * 6) * DAY)
    if rng.random() < discipline:
        closed = max(date_start, target - int(rng.random() * 2 * DAY))
    else:
        closed = target + int((0.5 + rng.random() * 10) * DAY)
    if not date_start or date_start > as_of:
        date_start, closed = 0, 0
    if closed > as_of:
        closed = 0
    task = TaskPlan(created, user, group, deal, title, start_plan, deadline, date_start, closed)
    task.deferred = not closed and rng.random() < 0.05
    return task
