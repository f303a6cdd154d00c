"""Deal and lead plans of the demo portal: who sells what, when, and how each deal moves.

A deal's life is a list of stage events ``(moment, category, STAGE_ID, TYPE_ID)`` with the
stage-history type ids of the portal: 1 creation, 2 intermediate stage, 3 final stage,
5 pipeline change. Deals are won or lost after a cycle that depends on the pipeline and the
manager; a few are reopened, a few move from «Общая» to «Опт», open ones sit on an
intermediate stage, and some open ones are forgotten (no touch for weeks).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from b24sync.demo.catalog import PEOPLE, PIPELINES, SOURCES, Person
from b24sync.demo.timeline import DAY, HOUR, office, parse

Event = tuple[int, int, str, int]  # (moment, category, STAGE_ID, TYPE_ID)


def stage_code(category: int, suffix: str) -> str:
    """``NEW`` in pipeline 0, ``C1:NEW`` in pipeline 1."""
    return suffix if category == 0 else f"C{category}:{suffix}"


def semantic_of(stage: str) -> str:
    """P, S or F of a demo stage id."""
    suffix = stage.rsplit(":", 1)[-1]
    if suffix == "WON":
        return "S"
    return "F" if suffix in ("LOSE", "APOLOGY") else "P"


@dataclass(slots=True)
class DealPlan:
    """Everything about one deal except its records' formatting."""

    index: int
    created: int
    person: Person
    category: int
    source: str
    amount_rub: float
    margin: float
    company: int
    contact: int
    repeat: bool
    currency: str = "RUB"
    events: list[Event] = field(default_factory=list)
    planned_close: int = 0
    touch_limit: int = 0  # nothing happens after it (as_of, or earlier for forgotten deals)
    last_touch: int = 0
    lead: int = -1  # lead index


def employment(person: Person) -> tuple[int, int | None]:
    """``(first moment, last moment or None)`` of a person's employment."""
    span = _SPANS.get(person.id)
    if span is None:
        hired = parse(person.hired + "T09:00:00+03:00")
        fired = parse(person.fired + "T18:00:00+03:00") if person.fired else None
        span = _SPANS[person.id] = (hired, fired)
    return span


_SPANS: dict[int, tuple[int, int | None]] = {}


def active_people(moment: int, sellers_only: bool = True) -> list[Person]:
    """People employed at ``moment`` (only those who take deals when ``sellers_only``)."""
    out = []
    for person in PEOPLE:
        hired, fired = employment(person)
        if (sellers_only and person.capacity <= 0) or moment < hired:
            continue
        if fired is not None and moment > fired:
            continue
        out.append(person)
    return out


class ClientBook:
    """Companies and contacts; won clients come back for repeat deals."""

    def __init__(self) -> None:
        self.next_company = 0
        self.next_contact = 0
        self.won: list[tuple[int, int]] = []
        self.seen: set[tuple[int, int]] = set()

    def pick(self, rng: random.Random) -> tuple[int, int, bool]:
        """``(companyId or 0, contactId, repeat)`` for a new deal."""
        if self.won and rng.random() < 0.28:
            company, contact = self.won[int(rng.random() * len(self.won))]
            return company, contact, True
        self.next_contact += 1
        company = 0
        if rng.random() < 0.62:
            self.next_company += 1
            company = self.next_company
        return company, self.next_contact, False


def plan_deal(
    rng: random.Random, index: int, created: int, as_of: int, book: ClientBook
) -> DealPlan:
    """One deal: owner, pipeline, client, amount and its stage events up to ``as_of``."""
    people = active_people(created)
    person = rng.choices(people, [p.capacity for p in people])[0]
    pipeline = rng.choices(PIPELINES, [p[3] for p in PIPELINES])[0]
    category, median_amount, median_cycle, win_factor = (
        pipeline[0],
        pipeline[4],
        pipeline[5],
        pipeline[6],
    )
    source = rng.choices([s[0] for s in SOURCES], [s[2] for s in SOURCES])[0]
    company, contact, repeat = book.pick(rng)
    amount = round(median_amount * math.exp(rng.gauss(0, 0.7)) / 100) * 100 + 100.0
    deal = DealPlan(index, created, person, category, source, amount, 0.12 + rng.random() * 0.28,
                    company, contact, repeat)  # fmt: skip
    if category and rng.random() < 0.03:
        deal.currency = "USD"
    cycle = median_cycle * person.speed * math.exp(rng.gauss(0, 0.6)) * DAY
    cycle = max(2 * HOUR, min(cycle, 200 * DAY))
    won = rng.random() < min(0.85, person.conversion * win_factor * (1.15 if repeat else 1.0))
    deal.planned_close = created + int(cycle * 1.1)
    deal.events = _path(rng, deal, won, cycle)
    _limit(rng, deal, as_of)
    if deal.events[-1][2].endswith("WON") and (company, contact) not in book.seen:
        book.seen.add((company, contact))
        book.won.append((company, contact))
    return deal


def _steps(rng: random.Random, category: int, won: bool) -> list[tuple[int, str, int]]:
    """The stages a deal passes after creation: ``(category, stage, TYPE_ID)``."""
    process = [s for s, _ in PIPELINES[category][7]]
    steps: list[tuple[int, str, int]] = []
    if category == 0 and rng.random() < 0.05:  # handed over to the wholesale pipeline
        for suffix in process[1 : 1 + int(rng.random() * 2)]:
            steps.append((0, suffix, 2))
        steps.append((1, "NEW", 5))
        category, process = 1, [s for s, _ in PIPELINES[1][7]]
    stop = len(process) if won else 1 + int(rng.random() * len(process))
    steps.extend((category, suffix, 2) for suffix in process[1:stop])
    if won:
        steps.append((category, "WON", 3))
    else:
        lost = PIPELINES[category][9]
        suffix = lost[1][0] if len(lost) > 1 and rng.random() < 0.2 else lost[0][0]
        steps.append((category, suffix, 3))
    return steps


def _path(rng: random.Random, deal: DealPlan, won: bool, cycle: float) -> list[Event]:
    """Creation, the steps spread over the cycle, and now and then a reopening."""
    first = PIPELINES[deal.category][7][0][0]
    events: list[Event] = [(deal.created, deal.category, stage_code(deal.category, first), 1)]
    steps = _steps(rng, deal.category, won)
    weights = [0.3 + rng.random() for _ in steps]
    total, moment = sum(weights), float(deal.created)
    for (category, suffix, type_id), weight in zip(steps, weights, strict=True):
        moment += cycle * weight / total
        at = max(office(int(moment)), events[-1][0] + 60)
        events.append((at, category, stage_code(category, suffix), type_id))
    if not won and rng.random() < 0.06:  # reopened after a lost decision
        category = events[-1][1]
        back = PIPELINES[category][7][-1][0]
        moment += (2 + rng.random() * 28) * DAY
        at = max(office(int(moment)), events[-1][0] + 60)
        events.append((at, category, stage_code(category, back), 2))
        if rng.random() < 0.5:
            moment += (3 + rng.random() * 17) * DAY
            at = max(office(int(moment)), events[-1][0] + 60)
            events.append((at, category, stage_code(category, "WON"), 3))
    return events


def _limit(rng: random.Random, deal: DealPlan, as_of: int) -> None:
    """Cut the events at ``as_of``; make some open deals forgotten (idle for weeks)."""
    limit = as_of
    fired = employment(deal.person)[1]
    if fired is not None:
        limit = min(limit, fired)
    events = [e for e in deal.events if e[0] <= limit]
    is_open = semantic_of(events[-1][2]) == "P"
    if is_open and limit == as_of and rng.random() < 0.12:
        idle_limit = as_of - int((15 + rng.random() * 100) * DAY)
        if idle_limit > deal.created + DAY:
            limit = idle_limit
            events = [e for e in events if e[0] <= limit]
    deal.events = events
    deal.touch_limit = limit
