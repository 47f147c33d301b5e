"""Target adjustments: when a plan should change, and how (plain values in, plain values out).

Triggers say *that* a plan no longer fits reality: a closed quarter below a share of its target,
a person who left or joined during the plan year, a large project-backed deal postponed past the
month it backed. Each returns a ``Trigger`` (code, subject, values) with a stable ``key`` so a
repeated evaluation finds the adjustment it already opened.

Re-plans say *how*: ``spread_gap`` moves a closed period's shortfall into the remaining months
of the same node (the node's year total does not change); ``move_targets`` hands a leaver's
remaining months to their teammates month by month (the team's months do not change). Amounts
are yuan to the fen and every split keeps its total exactly (largest remainder).

Risk rules run beside them and only report: the reserve lead pool below a share of the month's
leads needed, one customer carrying too much of the remaining pipeline, and new customers from
non-strategic industries below a share. Ratios are Decimals (1 = 100 %).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pacer.planning.money import split_by_weights

QUARTER_BELOW = "quarter_below"
PERSON_LEFT = "person_left"
PERSON_JOINED = "person_joined"
PROJECT_POSTPONED = "project_postponed"

LEAD_POOL_LOW = "lead_pool_low"
CUSTOMER_CONCENTRATION = "customer_concentration"
NON_STRATEGIC_LOW = "non_strategic_low"

DEFAULT_QUARTER_THRESHOLD = Decimal("0.8")
DEFAULT_LEAD_RESERVE = Decimal("0.2")
DEFAULT_CUSTOMER_SHARE = Decimal("0.3")
DEFAULT_NON_STRATEGIC_SHARE = Decimal("0.3")


@dataclass(frozen=True)
class Trigger:
    """Why a plan should change: ``code``, its ``subject`` (e.g. a node id and a quarter) and
    the figures behind it (JSON-ready strings and numbers)."""

    code: str
    subject: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.code}:{self.subject}"


@dataclass(frozen=True)
class Risk:
    """A risk reported beside the plan; ``response`` is the code of the suggested response."""

    code: str
    subject: str
    values: Mapping[str, Any]
    response: str


@dataclass(frozen=True)
class QuarterResult:
    """A quarter of a node: ``label`` (e.g. ``2026Q1``), target and actual in yuan, and whether
    it has ended on the reference day."""

    label: str
    target: Decimal
    actual: Decimal
    closed: bool


def quarter_below(
    node: str,
    quarters: Sequence[QuarterResult],
    threshold: Decimal = DEFAULT_QUARTER_THRESHOLD,
) -> list[Trigger]:
    """One trigger per closed quarter whose attainment (actual / target) is below ``threshold``.

    A quarter without a target cannot fall behind it and is skipped.
    """
    result = []
    for q in quarters:
        if not q.closed or q.target <= 0:
            continue
        attainment = q.actual / q.target
        if attainment < threshold:
            result.append(
                Trigger(
                    QUARTER_BELOW,
                    f"{node}:{q.label}",
                    {
                        "node": node,
                        "quarter": q.label,
                        "target": str(q.target),
                        "actual": str(q.actual),
                        "attainment": str(attainment.quantize(Decimal("0.0001"))),
                        "threshold": str(threshold),
                        "gap": str(q.target - q.actual),
                    },
                )
            )
    return result


def person_left(active_to: date | None, year_start: date, year_end: date) -> bool:
    """The person's last day falls within the plan year ``[year_start, year_end)`` and not on
    its final day (a leaver on the final day leaves no months behind)."""
    return active_to is not None and year_start <= active_to < year_end - timedelta(days=1)


def person_joined(
    hire_date: date | None, year_start: date, year_end: date, *, has_node: bool
) -> bool:
    """Hired within the plan year ``[year_start, year_end)`` and carrying no target of their own."""
    return hire_date is not None and year_start <= hire_date < year_end and not has_node


def project_postponed(
    amount: Decimal,
    backed_month_end: date,
    expected_sign_date: date | None,
    large: Decimal,
) -> bool:
    """A project of at least ``large`` yuan that backed a month ending ``backed_month_end``
    (exclusive) now expects to sign on or after that end."""
    return (
        amount >= large
        and expected_sign_date is not None
        and expected_sign_date >= backed_month_end
    )


def spread_gap(
    closed: Sequence[Decimal], remaining: Sequence[Decimal], gap: Decimal
) -> tuple[list[Decimal], list[Decimal]]:
    """The closed months lowered by ``gap`` and the remaining months raised by it.

    Both sides move in proportion to their own months (the remaining months' plan carries the
    pipeline and the seasonality), so their sum is unchanged to the fen. ``gap`` must lie between
    zero and the closed months' total.
    """
    if not closed or not remaining:
        msg = "a gap needs closed months to leave and remaining months to go to"
        raise ValueError(msg)
    closed_total = sum(closed, Decimal(0))
    if gap < 0 or gap > closed_total:
        msg = f"gap {gap} must lie between 0 and {closed_total}"
        raise ValueError(msg)
    lowered = split_by_weights(closed_total - gap, closed)
    added = split_by_weights(gap, remaining)
    return lowered, [m + a for m, a in zip(remaining, added, strict=True)]


def move_targets(
    leaver_months: Sequence[Decimal], teammates_weights: Sequence[Decimal]
) -> list[list[Decimal]]:
    """Each teammate's share of each of the leaver's months (teammate × month, yuan).

    Every month splits by the teammates' weights (e.g. their year targets), so each column sums
    exactly to the leaver's month and the team's months stay as they were.
    """
    if not teammates_weights:
        msg = "a leaver's months need at least one teammate"
        raise ValueError(msg)
    columns = [split_by_weights(month, teammates_weights) for month in leaver_months]
    return [[column[t] for column in columns] for t in range(len(teammates_weights))]


def lead_pool_low(
    subject: str, open_leads: int, leads_needed: int, reserve: Decimal = DEFAULT_LEAD_RESERVE
) -> Risk | None:
    """Open (not yet converted) leads below ``reserve`` × the month's leads needed."""
    if leads_needed <= 0 or Decimal(open_leads) >= reserve * leads_needed:
        return None
    return Risk(
        LEAD_POOL_LOW,
        subject,
        {"open_leads": open_leads, "leads_needed": leads_needed, "reserve": str(reserve)},
        "add_lead_sources",
    )


def customer_concentration(
    pipeline_by_customer: Mapping[str, Decimal], limit: Decimal = DEFAULT_CUSTOMER_SHARE
) -> list[Risk]:
    """Customers carrying more than ``limit`` of the remaining pipeline (largest first)."""
    total = sum(pipeline_by_customer.values(), Decimal(0))
    if total <= 0:
        return []
    heavy = [(c, a) for c, a in pipeline_by_customer.items() if a / total > limit]
    heavy.sort(key=lambda item: (-item[1], item[0]))
    return [
        Risk(
            CUSTOMER_CONCENTRATION,
            customer,
            {
                "amount": str(amount),
                "pipeline": str(total),
                "share": str((amount / total).quantize(Decimal("0.0001"))),
                "limit": str(limit),
            },
            "widen_pipeline",
        )
        for customer, amount in heavy
    ]


def non_strategic_low(
    new_customers: int, non_strategic: int, floor: Decimal = DEFAULT_NON_STRATEGIC_SHARE
) -> Risk | None:
    """New customers from non-strategic industries below ``floor`` of all new customers."""
    if new_customers <= 0:
        return None
    share = Decimal(non_strategic) / new_customers
    if share >= floor:
        return None
    return Risk(
        NON_STRATEGIC_LOW,
        "company",
        {
            "new_customers": new_customers,
            "non_strategic": non_strategic,
            "share": str(share.quantize(Decimal("0.0001"))),
            "floor": str(floor),
        },
        "open_new_industries",
    )
