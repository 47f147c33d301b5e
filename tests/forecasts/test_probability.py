"""Probability of reaching the plan: Monte Carlo against the exact answer, seeds, calibration."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest

from pacer.access import actor_for_person
from pacer.crm.models import Project, Stage
from pacer.forecasts.probability import ProbabilityError, calibrate, probability_for
from pacer.forecasts.serialize import probability_json
from pacer.org.models import Person
from pacer.planning.periods import FiscalYear
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.tracking.montecarlo import exact_probability
from tests.world import World

AS_OF = date(2026, 6, 15)
MONTH = Decimal("100000.00")


def hand_plan(person: Person | None = None) -> Plan:
    """A plan of 1,200,000 for 2026: 100,000 a month, default ambition (80 % / 100 % / 120 %)."""
    plan = Plan.objects.create(
        name="手工计划", year=2026, target=Decimal("1200000.00"), as_of=AS_OF, status="approved"
    )
    year = Decimal("1200000.00")
    root = PlanNode.objects.create(
        plan=plan,
        tree="market",
        dimension="company",
        key="company",
        label="公司",
        amount=year,
        base=year * Decimal("0.8"),
        stretch=year,
        breakthrough=year * Decimal("1.2"),
        method="target",
    )
    nodes = [root]
    if person is not None:
        nodes.append(
            PlanNode.objects.create(
                plan=plan,
                tree="org",
                dimension="person",
                key=f"person:{person.pk}",
                label=person.name,
                amount=year,
                base=year * Decimal("0.8"),
                stretch=year,
                breakthrough=year * Decimal("1.2"),
                method="target",
                person=person,
            )
        )
    for node in nodes:
        PlanPeriod.objects.bulk_create(
            PlanPeriod(
                node=node,
                start=m.start,
                end=m.end,
                amount=MONTH,
                identified=0,
                run_rate=MONTH,
                season_share=Decimal("0.0833333333"),
                pipeline=0,
            )
            for m in FiscalYear(2026).months()
        )
    return plan


def closed(owner: Person | None, *, won: bool, proposal: bool, slip: int = 0, n: int = 0) -> None:
    closed_on = date(2026, 3, 1) + timedelta(days=n)
    Project.objects.create(
        name=f"历史{n}{'赢' if won else '输'}",
        owner=owner,
        amount=Decimal(100000),
        stage=Stage.WON if won else Stage.LOST,
        proposal_sent_date=date(2026, 1, 10) if proposal else None,
        created_date=date(2025, 12, 1),
        expected_sign_date=closed_on - timedelta(days=slip),
        closed_date=closed_on,
    )


def history(owner: Person | None = None) -> None:
    """5 won (slipping 0, 3, 7, 10, 14 days), 3 lost after a proposal, 2 lost before one."""
    for i, slip in enumerate((0, 3, 7, 10, 14)):
        closed(owner, won=True, proposal=True, slip=slip, n=i)
    for i in range(3):
        closed(owner, won=False, proposal=True, n=10 + i)
    for i in range(2):
        closed(owner, won=False, proposal=False, n=20 + i)


def tiny_pipeline(world: World) -> None:
    """a 500,000 at 方案, b 300,000 at 商务谈判, c 200,000 at 线索, all expected in September."""
    for key, amount, stage in (("a", 500000, Stage.PROPOSAL), ("b", 300000, Stage.NEGOTIATION)):
        Project.objects.filter(pk=world.projects[key].pk).update(amount=amount, stage=stage)
    Project.objects.filter(pk=world.projects["c"].pk).update(amount=200000, stage=Stage.LEAD)


def test_monte_carlo_equals_the_exact_probability(world: World) -> None:
    history()
    tiny_pipeline(world)
    plan = hand_plan()
    result = probability_for(plan, AS_OF, trials=20_000, seed=11)
    # Calibration: proposal or later = 5 won ÷ (5 + 3) = 0.625; before a proposal = 5 ÷ 10.
    assert sorted(p.probability for p in result.projects) == [0.5, 0.625, 0.625]
    year = result.periods[-1]
    already = Decimal("360000.0000")  # the world's three orders of 120,000 in March
    assert year.already == already
    assert result.levels[-1] == {
        "base": Decimal("960000.00"),
        "stretch": Decimal("1200000.00"),
        "breakthrough": Decimal("1440000.00"),
    }
    # Base needs 600,000 more: a and b, or a and c (not b):
    # 0.625 × 0.625 + 0.625 × 0.375 × 0.5 = 0.5078125; stretch needs all three: 0.1953125.
    hand = {"base": 0.5078125, "stretch": 0.1953125, "breakthrough": 0.0}
    for level, expected in hand.items():
        exact = exact_probability(list(result.projects), already, result.levels[-1][level])
        assert exact == pytest.approx(expected)
        error = 4 * math.sqrt(max(expected * (1 - expected), 1e-9) / result.trials)
        assert abs(year.probabilities[level] - exact) <= error


def test_a_seed_reproduces_the_result_exactly(world: World) -> None:
    history()
    tiny_pipeline(world)
    plan = hand_plan()
    first = probability_json(probability_for(plan, AS_OF, trials=5_000, seed=7))
    again = probability_json(probability_for(plan, AS_OF, trials=5_000, seed=7))
    other = probability_json(probability_for(plan, AS_OF, trials=5_000, seed=8))
    assert first == again
    assert first["histogram"] != other["histogram"]
    # Quarters then the year; slips of up to 14 days keep September projects in Q3.
    assert [p["kind"] for p in first["periods"]] == ["quarter"] * 4 + ["year"]
    assert first["calibration"]["delay_source"] == "expected"
    assert first["calibration"]["delay_days"] == [0, 3, 7, 10, 14]


def test_without_history_the_stage_defaults_apply_and_a_person_needs_twenty(
    world: World,
) -> None:
    company, people = calibrate(AS_OF)
    assert company.company.rates["proposal"] == 0.5  # STAGE_PROBABILITY 50 %
    assert company.delays.source == "none"
    assert people == {}
    history()  # 10 closed company-wide
    for i in range(20):  # rep_a: 15 won, 5 lost after a proposal
        closed(world.rep_a, won=i < 15, proposal=True, n=30 + i)
    company, people = calibrate(AS_OF)
    assert set(people) == {world.rep_a.pk}
    assert people[world.rep_a.pk].rates["proposal"] == 0.75
    assert people[world.rep_a.pk].rates["lead"] == 0.75  # 15 won of 20 closed
    # Company: 20 won of 30 closed; 20 won of 28 with a proposal.
    assert company.company.rates["lead"] == pytest.approx(20 / 30)
    assert company.company.rates["negotiation"] == pytest.approx(20 / 28)


def test_a_reps_probability_uses_their_own_node_and_pipeline(world: World) -> None:
    tiny_pipeline(world)
    plan = hand_plan(person=world.rep_a)
    result = probability_for(plan, AS_OF, 1_000, 0, actor=actor_for_person(world.rep_a))
    assert result.scope == "people"
    assert [p.amount for p in result.projects] == [Decimal("500000.0000")]
    assert result.periods[-1].already == Decimal("120000.0000")
    with pytest.raises(ProbabilityError):  # rep_b has no node in this plan
        probability_for(plan, AS_OF, 1_000, 0, actor=actor_for_person(world.rep_b))
    with pytest.raises(ProbabilityError):
        probability_for(plan, AS_OF, 0, 0)
