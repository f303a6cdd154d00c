"""Lead plans of the demo portal and their status history.

Leads that became deals end CONVERTED (S) at the deal's creation; the others are junked (F)
after a few days or are still open (NEW / IN_PROCESS), and some of those were never worked
on again: forgotten leads.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from b24sync.demo.catalog import SOURCES, Person
from b24sync.demo.deals import DealPlan, active_people
from b24sync.demo.timeline import DAY, HOUR

LeadEvent = tuple[int, str, int]  # (moment, STATUS_ID, TYPE_ID)
LEAD_TITLES = {
    "WEB": "Заявка с сайта",
    "CALL": "Входящий звонок",
    "EMAIL": "Письмо на info@",
    "ADVERTISING": "Заявка из рекламы",
    "RECOMMENDATION": "Рекомендация клиента",
    "PARTNER": "Запрос клиента",
    "TRADE_SHOW": "Контакт с выставки",
    "OTHER": "Обращение",
}
CONVERTING_SOURCES = ("WEB", "CALL", "EMAIL", "ADVERTISING", "TRADE_SHOW")


@dataclass(slots=True)
class LeadPlan:
    """One lead: owner, source, status events; ``deal`` is the index of its deal or -1."""

    created: int
    person: Person
    source: str
    amount: float
    events: list[LeadEvent] = field(default_factory=list)
    touch_limit: int = 0
    deal: int = -1
    last_touch: int = 0


def converted_lead(rng: random.Random, deal: DealPlan) -> LeadPlan:
    """The lead a deal was converted from: NEW -> IN_PROCESS -> CONVERTED at the deal."""
    gap = int(HOUR + rng.random() * 4 * DAY)
    created = deal.created - gap
    lead = LeadPlan(created, deal.person, deal.source, round(deal.amount_rub, -3), deal=deal.index)
    lead.events = [
        (created, "NEW", 1),
        (created + int(gap * (0.1 + rng.random() * 0.5)), "IN_PROCESS", 2),
        (deal.created, "CONVERTED", 3),
    ]
    lead.touch_limit = deal.created
    return lead


def other_lead(rng: random.Random, created: int, as_of: int) -> LeadPlan:
    """A lead that is junked, still in work, or left alone and forgotten."""
    people = active_people(created)
    person = rng.choices(people, [p.capacity for p in people])[0]
    source = rng.choices([s[0] for s in SOURCES], [s[2] for s in SOURCES])[0]
    amount = round(60_000 * math.exp(rng.gauss(0, 0.8)), -3)
    lead = LeadPlan(created, person, source, amount)
    lead.events = [(created, "NEW", 1)]
    roll = rng.random()
    if roll < 0.15:  # never worked on: forgotten once two weeks pass
        lead.touch_limit = min(as_of, created + int(rng.random() * DAY))
        return lead
    life = int((1 + rng.random() * 14) * DAY)
    work = created + int(life * (0.1 + rng.random() * 0.4))
    if work <= as_of and roll < 0.9:
        lead.events.append((work, "IN_PROCESS", 2))
    if created + life <= as_of:
        lead.events.append((created + life, "JUNK", 3))
        lead.touch_limit = created + life
    else:
        lead.touch_limit = as_of
    return lead
