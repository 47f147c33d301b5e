"""Lead-source effectiveness: leads, conversion and revenue per source, and where to move budget.

A lead counts in a window when it was obtained in it (``day``). What became of it is judged as
of the reference day ``today`` (exclusive): qualified before it, converted into a project
created before it, and won (its project won, closed before it). Revenue is the amount of the
distinct won projects of the source's leads, in yuan.

Conversion = converted ÷ leads. When one source converts at least ``ratio`` times (default 3×)
better than another, both with at least ``min_leads`` leads, budget should move from the weaker
to the stronger: "展会 30 % vs 线上 5 %".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pacer.planning.periods import Period


@dataclass(frozen=True)
class LeadRecord:
    """One lead and what became of it; ``won_date`` is set when its project was won."""

    source: str
    day: date
    qualified_date: date | None = None
    project_id: int | None = None
    project_created: date | None = None
    won_date: date | None = None
    project_amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class SourceStats:
    source: str
    leads: int
    qualified: int
    converted: int
    won: int
    revenue: Decimal

    @property
    def qualification(self) -> Decimal | None:
        return rate(self.qualified, self.leads)

    @property
    def conversion(self) -> Decimal | None:
        return rate(self.converted, self.leads)

    @property
    def win_rate(self) -> Decimal | None:
        return rate(self.won, self.leads)


@dataclass(frozen=True)
class BudgetShift:
    """Move budget from ``weak`` to ``strong``; ``ratio`` is None when ``weak`` converts nothing."""

    strong: str
    weak: str
    strong_rate: Decimal
    weak_rate: Decimal
    ratio: Decimal | None


@dataclass(frozen=True)
class ShiftRules:
    ratio: Decimal = Decimal(3)
    min_leads: int = 10

    def __post_init__(self) -> None:
        if self.ratio <= 1 or self.min_leads < 1:
            msg = f"need ratio > 1 and min_leads >= 1, got {self.ratio}, {self.min_leads}"
            raise ValueError(msg)


def rate(part: int, whole: int) -> Decimal | None:
    """``part ÷ whole`` unrounded (None when ``whole`` is 0); round once, where it is shown."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def _before(day: date | None, today: date) -> bool:
    return day is not None and day < today


def source_stats(
    records: Iterable[LeadRecord], window: Period, today: date, sources: Sequence[str]
) -> list[SourceStats]:
    """One row per source in ``sources`` order (a source without leads gets zeros)."""
    counts = {s: [0, 0, 0] for s in sources}
    won: dict[str, dict[int, Decimal]] = {s: {} for s in sources}
    for r in records:
        if r.day not in window or r.day >= today or r.source not in counts:
            continue
        row = counts[r.source]
        row[0] += 1
        row[1] += _before(r.qualified_date, today)
        if r.project_id is None or not _before(r.project_created or r.day, today):
            continue
        row[2] += 1
        if _before(r.won_date, today):
            won[r.source][r.project_id] = r.project_amount
    return [
        SourceStats(
            source=s,
            leads=counts[s][0],
            qualified=counts[s][1],
            converted=counts[s][2],
            won=len(won[s]),
            revenue=sum(won[s].values(), Decimal(0)),
        )
        for s in sources
    ]


def budget_shifts(
    stats: Sequence[SourceStats], rules: ShiftRules = ShiftRules()
) -> list[BudgetShift]:
    """Every pair where one source converts ``rules.ratio`` times the other, strongest first."""
    eligible = [
        (s.source, c)
        for s in stats
        if s.leads >= rules.min_leads and (c := s.conversion) is not None
    ]
    shifts = []
    for strong, strong_rate in eligible:
        for weak, weak_rate in eligible:
            if strong_rate <= 0 or strong_rate <= weak_rate:
                continue
            if weak_rate == 0:
                shifts.append(BudgetShift(strong, weak, strong_rate, weak_rate, None))
            elif strong_rate >= rules.ratio * weak_rate:
                ratio = (strong_rate / weak_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                shifts.append(BudgetShift(strong, weak, strong_rate, weak_rate, ratio))
    return sorted(
        shifts,
        key=lambda b: (b.ratio is not None, -(b.ratio or 0), b.strong, b.weak),
    )
