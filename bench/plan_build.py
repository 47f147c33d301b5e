"""Plan build: load the inputs, build the plan (pure core), and the whole ``plan_build``.

Goals (full scale): the core ≤ 2 s on already-loaded inputs; loading, building and saving
together ≤ 10 s. The target is last year's orders grown by 15 %.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from bench.common import Context, Figure, stopwatch
from bench.postgres import PLAN_YEAR, TODAY

if TYPE_CHECKING:
    from pacer.planning.inputs import PlanInputs

PART = "plan_build"


def target_for(inputs: PlanInputs) -> Decimal:
    """Last fiscal year's orders grown by 15 % (1 million yuan when there is no history)."""
    from pacer.planning.money import to_money

    last = inputs.yearly_history.get(inputs.year.year - 1, Decimal(1_000_000))
    return to_money(last * Decimal("1.15"))


def run(context: Context) -> list[Figure]:
    from pacer.planning.builder import build_plan
    from pacer.planning.inputs import Assumptions
    from pacer.plans.inputs import load_plan_inputs
    from pacer.plans.services import plan_build

    del context  # the database was chosen at setup; every scale runs the same code
    # The target does not change what is loaded: load once, then set it.
    with stopwatch() as load:
        inputs = load_plan_inputs(
            year=PLAN_YEAR, target=Decimal(1), as_of=TODAY, assumptions=Assumptions()
        )
    target = target_for(inputs)
    inputs = replace(inputs, target=target)
    with stopwatch() as core:
        built = build_plan(inputs)
    with stopwatch() as whole:
        plan = plan_build(year=PLAN_YEAR, target=target, as_of=TODAY, name="bench")
    people = sum(1 for p in inputs.people if p.carries_quota)
    cells = (
        f"{people} quota carriers, {len(inputs.projects)} backing projects, "
        f"{len(inputs.customers)} customers"
    )
    months = len(built.months)
    return [
        Figure(PART, "load inputs (plans.inputs)", load.seconds, "s", note=cells),
        Figure(
            PART,
            "build_plan core",
            core.seconds,
            "s",
            goal=2.0,
            note=f"{months} node×12-month splits",
        ),
        Figure(
            PART,
            "plan_build: load + build + save",
            whole.seconds,
            "s",
            goal=10.0,
            note=f"plan #{plan.pk}",
        ),
    ]
