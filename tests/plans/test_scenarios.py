"""Scenarios: the same target rebuilt with changed assumptions, compared side by side."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from pacer.access import actor_for
from pacer.plans.edits import PlanForbiddenError
from pacer.plans.models import Plan, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.scenarios import CompareSection, plan_scenario_create, scenario_compare
from pacer.plans.services import PlanError
from pacer.plans.validation import plan_validate


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


def root_months(plan: Plan) -> list[PlanPeriod]:
    root = PlanNode.objects.get(plan=plan, tree="market", parent=None)
    return list(PlanPeriod.objects.filter(node=root).order_by("start"))


def section(sections: list[CompareSection], title: str) -> CompareSection:
    return next(s for s in sections if s.title == title)


def test_an_even_seasonality_scenario_spreads_the_run_rate_evenly(demo_plan: Plan) -> None:
    scenario = plan_scenario_create(
        plan=demo_plan,
        user=login("director"),
        name="平均节奏",
        changes={"seasonality_source": "even"},
    )

    assert scenario.pk != demo_plan.pk
    assert scenario.status == PlanStatus.DRAFT
    assert scenario.scenario_of_id == demo_plan.pk
    assert scenario.lineage != demo_plan.lineage
    assert scenario.target == demo_plan.target
    assert scenario.assumptions["seasonality_source"] == "even"
    assert "平均分配" in scenario.reason
    assert plan_validate(scenario) == []
    even = [p.run_rate for p in root_months(scenario)]
    seasonal = [p.run_rate for p in root_months(demo_plan)]
    # The run-rate part no longer follows history: the same in every month, to a few fen.
    assert max(even) - min(even) <= Decimal("0.05")
    assert max(seasonal) - min(seasonal) > Decimal(100_000)
    # The projects behind each month are the same in both.
    assert [p.identified for p in root_months(scenario)] == [
        p.identified for p in root_months(demo_plan)
    ]


def test_the_comparison_shows_what_differs_and_by_how_much(demo_plan: Plan) -> None:
    scenario = plan_scenario_create(
        plan=demo_plan,
        user=login("director"),
        name="平均节奏",
        changes={"seasonality_source": "even"},
    )

    sections = scenario_compare(demo_plan, scenario)

    titles = [s.title for s in sections]
    assert titles == [
        "目标与阶梯",
        "三个视角",
        "结论",
        "业务类型",
        "季度",
        "月份",
        "客户分层",
        "漏斗动作合计",
        "假设",
    ]
    target = section(sections, "目标与阶梯")
    assert target.differences == 0
    assert target.rows[0].a == target.rows[0].b == Decimal(50_000_000)
    months = section(sections, "月份")
    assert len(months.rows) == 12
    assert months.differences > 6
    a_months = root_months(demo_plan)
    b_months = root_months(scenario)
    for row, a, b in zip(months.rows, a_months, b_months, strict=True):
        assert row.label == a.start.strftime("%Y-%m")
        assert (row.a, row.b, row.difference) == (a.amount, b.amount, b.amount - a.amount)
    assert sum(r.difference for r in months.rows) == 0  # the year is the same
    quarters = section(sections, "季度")
    assert [r.label for r in quarters.rows] == [f"第 {q} 季度" for q in (1, 2, 3, 4)]
    assert quarters.rows[0].a == sum(m.amount for m in a_months[:3])
    assumptions = section(sections, "假设")
    changed = [r for r in assumptions.rows if r.differs]
    assert [(r.label, r.a, r.b) for r in changed] == [("季节性来源", "按历史季节性", "平均分配")]
    assert changed[0].difference is None
    assert section(sections, "业务类型").differences == 0


def test_a_lower_win_rate_needs_more_proposals(demo_plan: Plan) -> None:
    scenario = plan_scenario_create(
        plan=demo_plan,
        user=login("director"),
        name="",
        changes={"win_rate_factor": Decimal("0.5"), "wanted_growth": Decimal("0.1")},
    )

    assert scenario.name == f"{demo_plan.name} · 情景"
    actions = {
        r.label: r for r in section(scenario_compare(demo_plan, scenario), "漏斗动作合计").rows
    }
    assert actions["签单"].differs is False
    assert actions["方案"].b > actions["方案"].a
    assert actions["线索"].b > actions["线索"].a
    views = {r.label: r for r in section(scenario_compare(demo_plan, scenario), "三个视角").rows}
    assert views["自上而下"].differs
    # A rep sees only their own actions in the comparison.
    rep_rows = section(
        scenario_compare(demo_plan, scenario, actor=actor_for(login("rep01"))), "漏斗动作合计"
    ).rows
    assert sum(r.a for r in rep_rows) < sum(r.a for r in actions.values())


def test_a_plan_compared_with_itself_has_no_differences(demo_plan: Plan) -> None:
    assert all(s.differences == 0 for s in scenario_compare(demo_plan, demo_plan))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "至少要改变一项"),
        ({"seasonality_source": "history"}, "至少要改变一项"),
        ({"hires": 3}, "不能修改"),
        ({"seasonality_source": "weekly"}, "只能是 history 或 even"),
        ({"win_rate_factor": "0"}, "超出范围"),
        ({"deal_size_factor": "abc"}, "不是数字"),
        ({"new_product_share": Decimal("1.5")}, "超出范围"),
        ({"over_assign": "-0.1"}, "超出范围"),
    ],
)
def test_bad_changes_are_refused_with_the_assumption_named(
    demo_plan: Plan, changes: dict[str, object], message: str
) -> None:
    before = Plan.objects.count()
    with pytest.raises(PlanError, match=message):
        plan_scenario_create(plan=demo_plan, user=login("director"), name="x", changes=changes)
    assert Plan.objects.count() == before


def test_only_directors_and_admins_create_scenarios(demo_plan: Plan) -> None:
    for who in ("prd1", "rep01"):
        with pytest.raises(PlanForbiddenError):
            plan_scenario_create(
                plan=demo_plan, user=login(who), name="x", changes={"seasonality_source": "even"}
            )
    assert not Plan.objects.filter(scenario_of=demo_plan).exists()
