"""Builds the demo world: deals, leads, their activities and tasks, in compact form.

Volumes at ``scale`` 1: about 5,000 deals, 3,700 leads, 50,000 activities and 4,500
tasks over the 24 months before ``as_of``; everything grows linearly with the scale. One
seeded ``random.Random`` drives it all, so a (scale, seed, as_of) always gives the same
portal, and the wall clock is never read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from b24sync.demo.catalog import GROUPS
from b24sync.demo.deals import ClientBook, DealPlan, active_people, plan_deal, semantic_of
from b24sync.demo.leads import CONVERTING_SOURCES, LeadPlan, converted_lead, other_lead
from b24sync.demo.timeline import DAY, HOUR, creation_times, office, parse
from b24sync.demo.touches import (
    KIND_WEIGHTS,
    LEAD_KIND_WEIGHTS,
    NEXT_STEP_KINDS,
    NEXT_STEP_WEIGHTS,
    PROJECT_TASK_TITLES,
    TASK,
    TASK_TITLES,
    ActivityLog,
    TaskPlan,
    plan_task,
)

DEALS_PER_SCALE = 5_000
OTHER_LEADS_SHARE = 0.35
PROJECT_TASKS_PER_SCALE = 700
KINDS = range(len(KIND_WEIGHTS))


@dataclass
class DemoWorld:
    """The generated portal before formatting; leads are in creation order."""

    as_of: int
    deals: list[DealPlan]
    leads: list[LeadPlan]
    activities: ActivityLog
    tasks: list[TaskPlan] = field(default_factory=list)


def build_world(scale: int, seed: int, as_of_text: str) -> DemoWorld:
    """Generate every plan of the demo portal."""
    if scale < 1:
        raise ValueError("the demo scale must be a whole number >= 1")
    rng = random.Random(seed)
    as_of = parse(as_of_text)
    book = ClientBook()
    times = creation_times(rng, DEALS_PER_SCALE * scale, as_of)
    deals = [plan_deal(rng, i, t, as_of, book) for i, t in enumerate(times)]
    leads = [converted_lead(rng, d) for d in deals if d.source in CONVERTING_SOURCES and
             rng.random() < 0.55]  # fmt: skip
    other = creation_times(rng, int(len(deals) * OTHER_LEADS_SHARE), as_of)
    leads.extend(other_lead(rng, t, as_of) for t in other)
    leads.sort(key=lambda lead: lead.created)
    for index, lead in enumerate(leads):
        if lead.deal >= 0:
            deals[lead.deal].lead = index
    world = DemoWorld(as_of, deals, leads, ActivityLog())
    for deal in deals:
        _deal_touches(rng, world, deal)
    for index, lead in enumerate(leads):
        _lead_touches(rng, world, index, lead)
    _project_tasks(rng, world, scale)
    return world


def _deal_touches(rng: random.Random, world: DemoWorld, deal: DealPlan) -> None:
    """Completed activities over the deal's life, its tasks, and an open next step."""
    person, log = deal.person, world.activities
    is_open = semantic_of(deal.events[-1][2]) == "P"
    end = deal.touch_limit if is_open else deal.events[-1][0]
    span = max(end - deal.created - 2 * HOUR, HOUR)
    mean = 5.0 * person.activity * (1 + min(span / DAY, 60) / 40)
    last = deal.events[-1][0]
    for _ in range(int(mean * (0.4 + rng.random() * 1.2) + 0.5)):
        at = min(office(deal.created + int(rng.random() * span)), end - 2 * HOUR)
        at = max(at, deal.created)
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        if kind == TASK:
            title = TASK_TITLES[int(rng.random() * len(TASK_TITLES))]
            task = plan_task(rng, at, person.id, person.discipline, deal.touch_limit,
                             deal=deal.index, title=title)  # fmt: skip
            world.tasks.append(task)
            due = task.deadline or task.created + 3 * DAY
            log.task_mirror(len(world.tasks) - 1, task.created, due, task.closed, deal.index,
                            person.id)  # fmt: skip
            last = max(last, task.closed or task.created)
        else:
            last = max(last, log.done(rng, kind, at, 2, deal.index, person.id))
    if is_open:
        last = max(last, _next_step(rng, world, deal))
    deal.last_touch = last


def _next_step(rng: random.Random, world: DemoWorld, deal: DealPlan) -> int:
    """An uncompleted activity of an open deal (some overdue); its creation moment or 0."""
    kind = rng.choices(NEXT_STEP_KINDS, NEXT_STEP_WEIGHTS)[0]
    user = deal.person.id
    if deal.touch_limit < world.as_of:  # forgotten: an old step, overdue since long ago
        if rng.random() >= 0.3:
            return 0
        deadline = deal.touch_limit
        created = max(deal.created, deadline - int((1 + rng.random() * 4) * DAY))
        world.activities.planned(kind, created, deadline, 2, deal.index, user)
        return deadline
    if rng.random() >= 0.75:
        return 0  # no next step planned
    created = max(deal.created, world.as_of - int(rng.random() * 5 * DAY))
    if rng.random() < 0.3:  # overdue
        deadline = max(created + HOUR, world.as_of - int((0.5 + rng.random() * 11) * DAY))
    else:
        deadline = world.as_of + int((0.5 + rng.random() * 14) * DAY)
    if deadline < created:
        deadline = created + HOUR
    world.activities.planned(kind, created, deadline, 2, deal.index, user)
    return created


def _lead_touches(rng: random.Random, world: DemoWorld, index: int, lead: LeadPlan) -> None:
    """One to three calls, chats or e-mails while the lead was worked on."""
    span = max(lead.touch_limit - lead.created - 2 * HOUR, 0)
    count = 1 if span < HOUR else 1 + int(rng.random() * 3)
    last = lead.events[-1][0]
    for _ in range(count):
        at = lead.created + int(rng.random() * span)
        kind = rng.choices(KINDS, LEAD_KIND_WEIGHTS)[0]
        last = max(last, world.activities.done(rng, kind, at, 1, index, lead.person.id))
    lead.last_touch = last


def _project_tasks(rng: random.Random, world: DemoWorld, scale: int) -> None:
    """Tasks of the projects and workgroups (``groupId``), not bound to deals."""
    first = min(parse(g[4]) for g in GROUPS)
    for created in creation_times(rng, PROJECT_TASKS_PER_SCALE * scale, world.as_of):
        if created < first:
            continue
        group = GROUPS[int(rng.random() * len(GROUPS))]
        if created < parse(group[4]):
            continue
        people = active_people(created, sellers_only=False)
        person = people[int(rng.random() * len(people))]
        title = PROJECT_TASK_TITLES[int(rng.random() * len(PROJECT_TASK_TITLES))]
        world.tasks.append(plan_task(rng, created, person.id, person.discipline, world.as_of,
                                     group=group[0], title=title))  # fmt: skip
