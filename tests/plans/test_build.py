"""Building the demo company's 5000万 plan: every number sums and explains itself."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pacer.crm.models import OPEN_STAGES, Customer, Order, Project, Stage
from pacer.plans.models import Plan, PlanAction, PlanChange, PlanNode, PlanPeriod
from pacer.plans.selectors import plan_json

WAN = Decimal(10_000)


def test_children_sum_exactly_to_their_parent_in_both_trees(demo_plan: Plan) -> None:
    nodes = list(PlanNode.objects.filter(plan=demo_plan))
    children: dict[int, list[PlanNode]] = defaultdict(list)
    for n in nodes:
        if n.parent_id:
            children[n.parent_id].append(n)
    parents = [n for n in nodes if n.pk in children]
    assert len(parents) > 10
    for parent in parents:
        assert sum(c.amount for c in children[parent.pk]) == parent.amount, parent.label
    roots = [n for n in nodes if n.parent_id is None]
    assert sorted(r.tree for r in roots) == ["market", "org"]
    assert all(r.amount == Decimal(50_000_000) for r in roots)


def test_every_node_has_twelve_months_summing_to_it(demo_plan: Plan) -> None:
    months: dict[int, list[PlanPeriod]] = defaultdict(list)
    for p in PlanPeriod.objects.filter(node__plan=demo_plan):
        months[p.node_id].append(p)
    for node in PlanNode.objects.filter(plan=demo_plan):
        periods = months[node.pk]
        assert len(periods) == 12
        assert sum(p.amount for p in periods) == node.amount
        assert all(p.identified + p.run_rate == p.amount for p in periods)


def test_months_follow_history_low_first_half_not_an_even_split(demo_plan: Plan) -> None:
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    amounts = [p.amount for p in root.periods.order_by("start")]
    assert len(set(amounts)) == 12
    assert sum(amounts[:6]) < sum(amounts[6:])
    assert amounts[1] < amounts[11]  # the Chinese New Year month is below December


def test_months_are_backed_by_named_projects(demo_plan: Plan) -> None:
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    future = root.periods.filter(start__gte=date(2026, 7, 1))
    backing = {pid for p in future for pid in p.project_ids}
    open_in_h2 = set(
        Project.objects.filter(
            stage__in=OPEN_STAGES,
            expected_sign_date__gte=date(2026, 7, 1),
            expected_sign_date__lt=date(2027, 1, 1),
        ).values_list("pk", flat=True)
    )
    assert open_in_h2
    assert backing == open_in_h2
    for period in future:
        expected = sum(
            (
                p.amount * p.probability / 100
                for p in Project.objects.filter(pk__in=period.project_ids)
            ),
            Decimal(0),
        )
        assert period.identified == expected.quantize(Decimal("0.01"))
    data = plan_json(demo_plan)
    assert [q["quarter"] for q in data["quarters"]] == [1, 2, 3, 4]
    assert (
        set(data["quarters"][2]["project_ids"]) | set(data["quarters"][3]["project_ids"]) >= backing
    )


def test_won_projects_back_their_month_for_certain(demo_plan: Plan) -> None:
    won = Project.objects.filter(
        stage=Stage.WON, closed_date__gte=date(2026, 1, 1), closed_date__lt=date(2026, 6, 15)
    )
    assert won.exists()
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    for project in won:
        month = root.periods.get(start=project.closed_date.replace(day=1))
        assert project.pk in month.project_ids


def test_business_types_with_reasons(demo_plan: Plan) -> None:
    types = {n.key: n for n in PlanNode.objects.filter(plan=demo_plan, dimension="business_type")}
    assert set(types) == {"repeat", "new_customer", "new_product"}
    assert types["new_product"].amount == 1000 * WAN  # 20 % of the target by default
    assert types["repeat"].drivers[0]["code"] == "repeat_potential"
    assert types["new_customer"].drivers[0]["code"] == "remainder"
    data = plan_json(demo_plan)
    repeat = next(c for c in data["tree"]["children"] if c["key"] == "repeat")
    assert "复购保持率" in repeat["explanation"][0]


def test_three_views_and_verdict(demo_plan: Plan) -> None:
    views = demo_plan.views
    last_year = sum(
        Order.objects.filter(signed_date__year=2025).values_list("amount", flat=True), Decimal(0)
    )
    assert last_year == 3800 * WAN
    assert Decimal(views["growth_needed"]) == (Decimal(5000) / Decimal(3800) - 1).quantize(
        Decimal("0.0001")
    )
    assert views["verdict"] in {"stretch", "too_low", "not_backed"}
    assert views["levels"] == {
        "base": "40000000.00",
        "stretch": "50000000.00",
        "breakthrough": "60000000.00",
    }
    node = PlanNode.objects.filter(plan=demo_plan).exclude(parent=None).first()
    assert node is not None
    assert node.base == (node.amount * Decimal("0.8")).quantize(Decimal("0.01"))


def test_tiers_count_every_customer_with_purchases(demo_plan: Plan) -> None:
    tiers = {t["tier"]: t for t in demo_plan.tiers}
    buyers = set(
        Order.objects.filter(signed_date__lt=date(2026, 1, 1)).values_list("customer_id", flat=True)
    )
    assert sum(t["count"] for t in tiers.values()) == len(buyers)
    assert tiers["A"]["count"] < tiers["C"]["count"]
    assert (
        sum(Decimal(t["planned_repeat"]) for t in tiers.values())
        == PlanNode.objects.get(plan=demo_plan, dimension="business_type", key="repeat").amount
    )
    assert Customer.objects.count() >= len(buyers)


def test_funnel_actions_per_person_and_month(demo_plan: Plan) -> None:
    people = set(
        PlanNode.objects.filter(plan=demo_plan, dimension="person").values_list(
            "person_id", flat=True
        )
    )
    acting = set(PlanAction.objects.filter(plan=demo_plan).values_list("person_id", flat=True))
    assert acting == people
    action = PlanAction.objects.filter(plan=demo_plan, stage="lead").order_by("due").first()
    assert action is not None
    assert action.due < action.feeds_start.replace(day=28)
    assert action.acceptance


def test_build_is_logged(demo_plan: Plan) -> None:
    change = PlanChange.objects.get(plan=demo_plan)
    assert change.action == "build"
    assert change.after["target"] == "50000000.00"


def test_weeks_add_up_to_the_year_and_follow_the_months(demo_plan: Plan) -> None:
    data = plan_json(demo_plan)
    weeks = data["weeks"]
    assert weeks[0]["week"] == "2026-W01"
    assert weeks[0]["start"] == "2025-12-29"
    assert sum(Decimal(w["amount"]) for w in weeks) == demo_plan.target
    assert len({w["week"] for w in weeks}) == len(weeks)
    # A week inside one month gets 7/days-of-month of it (to the fen, largest remainder).
    march = Decimal(data["periods"][2]["amount"])
    w11 = next(w for w in weeks if w["week"] == "2026-W11")  # 9–15 March
    assert abs(Decimal(w11["amount"]) - march * 7 / 31) < Decimal("0.02")
