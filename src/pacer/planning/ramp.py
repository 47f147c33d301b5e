"""New-hire ramp and allocation of a team's target over its people by capacity.

A person reaches a full quota over their first months: by default 30 % of a full quota in
their first quarter of tenure, 60 % in the second, then 100 %. Tenure is measured at the
middle of the period being planned; a person not yet hired (or already gone) by then has no
quota for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pacer.planning.money import FEN, split_by_weights
from pacer.planning.periods import Period

# (tenure in days below which the fraction applies, fraction of a full quota)
DEFAULT_RAMP: tuple[tuple[int, Decimal], ...] = ((91, Decimal("0.3")), (182, Decimal("0.6")))


def ramp_fraction(
    hire_date: date | None,
    period: Period,
    *,
    table: Sequence[tuple[int, Decimal]] = DEFAULT_RAMP,
    leave_date: date | None = None,
) -> Decimal:
    """Fraction (0..1) of a full quota for someone hired on ``hire_date`` during ``period``.

    ``leave_date`` is exclusive: a person who leaves before the middle of the period carries
    nothing in it. No hire date means a long-standing member (full quota).
    """
    middle = period.start + timedelta(days=period.days // 2)
    if leave_date is not None and leave_date <= middle:
        return Decimal(0)
    if hire_date is None:
        return Decimal(1)
    tenure = (middle - hire_date).days
    if tenure < 0:
        return Decimal(0)
    for below, fraction in table:
        if tenure < below:
            return fraction
    return Decimal(1)


@dataclass(frozen=True)
class Capacity:
    """A person's weight in the team split (e.g. last year's sales, or 1) and ramp fraction."""

    person_id: int
    weight: Decimal
    ramp: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if self.weight < 0 or not 0 <= self.ramp <= 1:
            msg = f"person {self.person_id}: weight must be >= 0 and ramp in [0, 1]"
            raise ValueError(msg)


def allocate_by_capacity(
    team_target: Decimal,
    people: Sequence[Capacity],
    *,
    over_assign: Decimal = Decimal(0),
    unit: Decimal = FEN,
) -> dict[int, Decimal]:
    """Split ``team_target`` (yuan) over people by ``weight × ramp``.

    ``over_assign`` (e.g. 0.1 for 10 %) lets the people's quotas add up to more than the team's
    target, a common cushion against one person falling short. The quotas sum exactly to
    ``team_target × (1 + over_assign)`` rounded to ``unit``. When nobody has capacity the split
    is even over everyone with a non-zero ramp (or everyone, if none).
    """
    if not people:
        msg = "a team target needs at least one person to carry it"
        raise ValueError(msg)
    if over_assign < 0:
        msg = f"over-assignment cannot be negative: {over_assign}"
        raise ValueError(msg)
    total = (team_target * (1 + over_assign)).quantize(unit)
    weights = [p.weight * p.ramp for p in people]
    if not any(weights):
        weights = [p.ramp for p in people]
    parts = split_by_weights(total, weights, unit)
    return {p.person_id: part for p, part in zip(people, parts, strict=True)}
