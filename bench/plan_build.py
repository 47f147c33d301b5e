"""Plan build: load the inputs, build the plan (pure core), and the whole ``plan_build``.

Goals (full scale): the core ≤ 2 s on already-loaded inputs; loading, building and saving
together ≤ 10 s. The target is last year's orders grown by 15 %.
"""

from __future__ import annotations

from decimal import Decimal

from bench.common import Context, Figure, stopwatch
from bench.postgres import PLAN_YEAR, TODAY

PART = "plan_build"


def target_for(year: int) -> Decimal:
    from pacer.planning.inputs import Assumptions
    from pacer.planning.money import to_money
    from pacer.plans.inputs import load_plan_inputs

    inputs = load_plan_inputs(year=year, target=Decimal(1), as_of=TODAY, assumptions=Assumptions())
    last = inputs.yearly_history.get(year - 1, Decimal(1_000_000))
    return to_money(last * Decimal("1.15"))


def run(context: Context) -> list[Figure]:
    from pacer.planning.builder import build_plan
    from pacer.planning.inputs import Assumptions
    from pacer.plans.inputs import load_plan_inputs
    from pacer.plans.services import plan_build

    target = target_for(PLAN_YEAR)
    with stopwatch() as load:
        inputs = load_plan_inputs(
            year=PLAN_YEAR, target=target, as_of=TODAY, assumptions=Assumptions()
        )
    with stopwatch() as core:
        built = build_plan(inputs)
    with stopwatch() as whole:
        plan = plan_build(year=PLAN_YEAR, target=target, as_of=TODAY, name="bench")
    people = sum(1 for p in inputs.people if p.carries_quota)
    cells = f"{people} quota carriers, {len(inputs.projects)} backing projects, {len(inputs.customers)} customers"
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
