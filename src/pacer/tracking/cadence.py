"""Tier cadence: which customers are due a visit, a review or a touch, and by when.

The field's defaults (DESIGN §1, "Execute"), every one configurable:
- A: a visit every month (30 days) and a business review every quarter (91 days);
- B: a follow-up every two weeks (14 days): a visit, call, online talk, demo, review or proposal;
- C: an online touch every month (30 days): any of the same contacts counts.
A customer's next touch of a rule is due ``days`` after the last matching activity; one never
touched is due at once. A list for a week shows every touch falling due before the week ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

CONTACT_KINDS = frozenset({"visit", "call", "online", "demo", "review", "proposal"})


@dataclass(frozen=True)
class CadenceRule:
    """A touch of ``name`` every ``days`` days; an activity of any of ``kinds`` counts."""

    name: str
    days: int
    kinds: frozenset[str]


DEFAULT_CADENCES: Mapping[str, tuple[CadenceRule, ...]] = {
    "A": (
        CadenceRule("visit", 30, frozenset({"visit"})),
        CadenceRule("review", 91, frozenset({"review"})),
    ),
    "B": (CadenceRule("follow_up", 14, CONTACT_KINDS),),
    "C": (CadenceRule("online_touch", 30, CONTACT_KINDS),),
}


@dataclass(frozen=True)
class CustomerTouches:
    """A customer's tier and the last day of each activity kind it had (kind → day)."""

    customer_id: int
    tier: str
    last_by_kind: Mapping[str, date]


@dataclass(frozen=True)
class TouchDue:
    """A touch due by ``due`` (None: never touched, due at once); ``overdue`` before today."""

    customer_id: int
    tier: str
    rule: str
    cadence_days: int
    last: date | None
    due: date | None
    overdue: bool


def touches_due(
    customers: Sequence[CustomerTouches],
    *,
    today: date,
    before: date,
    cadences: Mapping[str, tuple[CadenceRule, ...]] = DEFAULT_CADENCES,
) -> list[TouchDue]:
    """Touches due before ``before`` (exclusive), the most overdue first, then by customer.

    A touch is overdue when its due day is before ``today`` (or it was never made).
    """
    result = []
    for customer in customers:
        for rule in cadences.get(customer.tier, ()):
            days = [d for kind, d in customer.last_by_kind.items() if kind in rule.kinds]
            last = max(days) if days else None
            due = None if last is None else last + timedelta(days=rule.days)
            if due is None or due < before:
                result.append(
                    TouchDue(
                        customer_id=customer.customer_id,
                        tier=customer.tier,
                        rule=rule.name,
                        cadence_days=rule.days,
                        last=last,
                        due=due,
                        overdue=due is None or due < today,
                    )
                )
    return sorted(result, key=lambda t: (t.due or date.min, t.customer_id, t.rule))
