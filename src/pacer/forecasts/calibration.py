"""Win rates and slip delays learned from closed projects (plain values in, plain values out).

Win rate by stage. Pacer keeps a project's current stage, not its path, so a closed project only
tells how far it got in one respect: whether a proposal was sent (``proposal_sent_date``; a won
project always got that far). Hence two rates:
- *proposal or later* (方案, 商务谈判): won ÷ (won + lost after a proposal);
- *before a proposal* (线索, 需求对接): won ÷ all closed (every closed project passed there).
A group with fewer than ``min_sample`` closed projects keeps the stage's default probability.
A person's own rates are used when they closed at least ``PERSON_MIN_SAMPLE`` projects.

Slip delay. Pacer keeps no history of expected dates, so a delay is drawn from what history
has: ``closed_date − expected_sign_date`` of won projects that carry both dates; with fewer than
``min_sample`` of those, how much a won project's cycle (``closed − created``) differed from
the median cycle; with neither, no slip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

EARLY_STAGES = ("lead", "needs")
LATE_STAGES = ("proposal", "negotiation")
COMPANY_MIN_SAMPLE = 5
PERSON_MIN_SAMPLE = 20
DELAY_MIN_SAMPLE = 5


@dataclass(frozen=True)
class ClosedProject:
    owner_id: int | None
    won: bool
    reached_proposal: bool
    created: date | None
    expected: date | None
    closed: date | None


@dataclass(frozen=True)
class StageRates:
    """Win probability in [0, 1] for each open stage, with the samples behind them."""

    rates: Mapping[str, float]
    early_sample: int
    late_sample: int

    def for_stage(self, stage: str) -> float:
        return self.rates[stage]


def stage_rates(
    closed: Sequence[ClosedProject],
    defaults: Mapping[str, float],
    *,
    min_sample: int = COMPANY_MIN_SAMPLE,
) -> StageRates:
    """Rates by stage from ``closed``; a group with too few projects keeps ``defaults``."""
    won = sum(1 for p in closed if p.won)
    late = [p for p in closed if p.won or p.reached_proposal]
    rates = dict(defaults)
    if len(closed) >= min_sample:
        for stage in EARLY_STAGES:
            rates[stage] = won / len(closed)
    if len(late) >= min_sample:
        for stage in LATE_STAGES:
            rates[stage] = won / len(late)
    return StageRates(rates, len(closed), len(late))


def rates_by_person(
    closed: Sequence[ClosedProject],
    company: StageRates,
    *,
    min_sample: int = PERSON_MIN_SAMPLE,
) -> dict[int, StageRates]:
    """Each person's own rates where they closed at least ``min_sample`` projects."""
    by_owner: dict[int, list[ClosedProject]] = {}
    for project in closed:
        if project.owner_id is not None:
            by_owner.setdefault(project.owner_id, []).append(project)
    return {
        owner: stage_rates(projects, company.rates, min_sample=min_sample)
        for owner, projects in by_owner.items()
        if len(projects) >= min_sample
    }


@dataclass(frozen=True)
class Delays:
    """Slip delays in days (negative: signed early) and where they came from."""

    days: tuple[int, ...]
    source: str  # "expected" | "cycle" | "none"


def slip_delays(closed: Sequence[ClosedProject], *, min_sample: int = DELAY_MIN_SAMPLE) -> Delays:
    won = [p for p in closed if p.won and p.closed is not None]
    direct = [(p.closed - p.expected).days for p in won if p.expected and p.closed]
    if len(direct) >= min_sample:
        return Delays(tuple(sorted(direct)), "expected")
    cycles = [(p.closed - p.created).days for p in won if p.created and p.closed]
    if len(cycles) >= min_sample:
        middle = median(cycles)
        return Delays(tuple(sorted(int(c - middle) for c in cycles)), "cycle")
    return Delays((0,), "none")
