"""Monthly incentive statements: action incentives and tiered result incentives.

The field's example, every number configurable:
- action incentive: 500 yuan for completing the month's action targets (every funnel stage done
  at least as planned), +200 yuan for each proposal beyond the plan;
- result incentive: a base commission rate on the month's sales, +1 % on the rate when the
  month's target is met, and +5 % of the month's sales when above 120 % of target;
- sales are weighted per product line (so new products can pay more) and counted on signed
  orders or on payments collected (回款), chosen per incentive plan;
- a mentoring part: a share of the new colleagues' results for the experienced person who
  coaches them.
Every line of a statement carries the numbers it was computed from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pacer.planning.money import FEN


@dataclass(frozen=True)
class IncentivePlan:
    """Rates are fractions (0.01 = 1 %); bonuses are yuan."""

    basis: str = "orders"
    action_bonus: Decimal = Decimal(500)
    extra_proposal_bonus: Decimal = Decimal(200)
    base_rate: Decimal = Decimal("0.02")
    target_met_rate_bonus: Decimal = Decimal("0.01")
    accelerator_threshold: Decimal = Decimal("1.2")
    accelerator_rate: Decimal = Decimal("0.05")
    line_weights: Mapping[str, Decimal] = field(default_factory=dict)
    mentoring_rate: Decimal = Decimal("0.01")

    def __post_init__(self) -> None:
        if self.basis not in {"orders", "payments"}:
            msg = f"an incentive plan pays on orders or payments, not {self.basis!r}"
            raise ValueError(msg)


@dataclass(frozen=True)
class MonthResult:
    """A person's month: target and sales (yuan; sales by product line on the plan's basis)."""

    target: Decimal
    sales_by_line: Mapping[str, Decimal]
    actions_planned: Mapping[str, int] = field(default_factory=dict)
    actions_done: Mapping[str, int] = field(default_factory=dict)
    mentee_sales: Decimal = Decimal(0)


@dataclass(frozen=True)
class StatementLine:
    code: str
    amount: Decimal
    values: Mapping[str, Decimal | int | str]


@dataclass(frozen=True)
class Statement:
    lines: tuple[StatementLine, ...]
    sales: Decimal
    weighted_sales: Decimal
    attainment: Decimal | None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def statement(result: MonthResult, plan: IncentivePlan) -> Statement:
    """The month's incentive lines for one person."""
    sales = sum(result.sales_by_line.values(), Decimal(0))
    weighted = sum(
        (
            amount * plan.line_weights.get(line, Decimal(1))
            for line, amount in result.sales_by_line.items()
        ),
        Decimal(0),
    )
    attainment = sales / result.target if result.target > 0 else None
    lines = [*_action_lines(result, plan)]
    rate = plan.base_rate
    met = attainment is not None and attainment >= 1
    if met:
        rate += plan.target_met_rate_bonus
    lines.append(
        StatementLine(
            "commission",
            _fen(weighted * rate),
            {"weighted_sales": weighted, "rate": rate, "target_met": int(met)},
        )
    )
    if attainment is not None and attainment > plan.accelerator_threshold:
        lines.append(
            StatementLine(
                "accelerator",
                _fen(weighted * plan.accelerator_rate),
                {
                    "weighted_sales": weighted,
                    "rate": plan.accelerator_rate,
                    "attainment": attainment.quantize(Decimal("0.0001")),
                },
            )
        )
    if result.mentee_sales > 0:
        lines.append(
            StatementLine(
                "mentoring",
                _fen(result.mentee_sales * plan.mentoring_rate),
                {"mentee_sales": result.mentee_sales, "rate": plan.mentoring_rate},
            )
        )
    return Statement(tuple(lines), sales, weighted, attainment)


def _action_lines(result: MonthResult, plan: IncentivePlan) -> list[StatementLine]:
    planned = result.actions_planned
    done = result.actions_done
    lines = []
    if planned and all(done.get(stage, 0) >= count for stage, count in planned.items()):
        lines.append(StatementLine("actions_complete", plan.action_bonus, {"stages": len(planned)}))
    extra = done.get("proposal", 0) - planned.get("proposal", 0)
    if extra > 0:
        lines.append(
            StatementLine(
                "extra_proposals",
                plan.extra_proposal_bonus * extra,
                {"extra": extra, "bonus": plan.extra_proposal_bonus},
            )
        )
    return lines
