"""The resource budget behind a target (default 5 % of it) and its lines.

The field's example: 5000万 → 250万 of budget: exhibitions 80万, channel rebates 60万,
new-customer rewards 50万, training 30万, reserve 30万. Each line may say what one lead costs
through it, so the plan shows the leads the budget is expected to bring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pacer.planning.money import FEN, split_by_weights

DEFAULT_BUDGET_RATE = Decimal("0.05")
DEFAULT_LINES: Mapping[str, Decimal] = {
    "exhibition": Decimal(80),
    "channel_rebate": Decimal(60),
    "new_customer_reward": Decimal(50),
    "training": Decimal(30),
    "reserve": Decimal(30),
}


@dataclass(frozen=True)
class BudgetLine:
    """A line's amount (yuan) and the leads it should bring (None when not lead-generating)."""

    line: str
    amount: Decimal
    expected_leads: int | None


@dataclass(frozen=True)
class Budget:
    total: Decimal
    rate: Decimal
    lines: tuple[BudgetLine, ...]


def plan_budget(
    target: Decimal,
    *,
    rate: Decimal = DEFAULT_BUDGET_RATE,
    weights: Mapping[str, Decimal] = DEFAULT_LINES,
    cost_per_lead: Mapping[str, Decimal] | None = None,
    unit: Decimal = FEN,
) -> Budget:
    """``target × rate`` split over the lines by ``weights``; the lines sum exactly to it."""
    if rate < 0:
        msg = f"a budget rate cannot be negative: {rate}"
        raise ValueError(msg)
    if not weights:
        msg = "a budget needs at least one line"
        raise ValueError(msg)
    total = (target * rate).quantize(unit, rounding=ROUND_HALF_UP)
    names = list(weights)
    amounts = split_by_weights(total, [weights[n] for n in names], unit)
    costs = cost_per_lead or {}
    lines = []
    for name, amount in zip(names, amounts, strict=True):
        cost = costs.get(name)
        leads = math.floor(amount / cost) if cost else None
        lines.append(BudgetLine(line=name, amount=amount, expected_leads=leads))
    return Budget(total=total, rate=rate, lines=tuple(lines))
