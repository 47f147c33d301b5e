"""A large deal postponed out of the month it backed: a ``shift`` proposal, applied on approval
to the owner's chain and the deal's market cell, never proposed twice in a plan's lineage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from pacer.adjustments.evaluate import adjustments_evaluate
from pacer.adjustments.models import Adjustment
from pacer.adjustments.selectors import trigger_sentence
from pacer.adjustments.services import adjustment_approve
from pacer.crm.models import OPEN_STAGES, Project
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.plans.services import PlanError, plan_approve

AS_OF = date(2026, 6, 15)
JULY, SEPTEMBER = 6, 8  # month offsets in the 2026 plan year


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


@pytest.fixture
def approved(demo_plan: Plan) -> Plan:
    return plan_approve(plan=demo_plan, user=login("director"), reason="年度计划")


def _july_deal(plan: Plan) -> tuple[PlanNode, Project, Decimal]:
    """A person node, an open project backing its July, and July's target."""
    for period in PlanPeriod.objects.filter(
        node__plan=plan, node__tree="org", node__dimension="person", start=date(2026, 7, 1)
    ).select_related("node"):
        open_ids = Project.objects.filter(pk__in=period.project_ids, stage__in=OPEN_STAGES)
        project = open_ids.order_by("pk").first()
        if project is not None and period.amount > 0:
            return period.node, project, period.amount
    raise AssertionError("the demo plan has open projects behind a person's July")


def _make_large_and_postponed(project: Project, target: Decimal, to: date) -> Decimal:
    # Weighted, 80 % of the month: large, and the month keeps a part after the shift.
    project.amount = (target * Decimal("1.6")).quantize(Decimal("0.01"))
    project.probability = 50
    project.expected_sign_date = to
    project.save()
    return (project.amount * project.probability / 100).quantize(Decimal("0.01"))


def _months(node: PlanNode) -> list[Decimal]:
    return list(node.periods.order_by("start").values_list("amount", flat=True))


def test_a_postponed_large_deal_is_shifted_along_both_trees(approved: Plan) -> None:
    person_node, project, july = _july_deal(approved)
    weighted = _make_large_and_postponed(project, july, date(2026, 9, 20))

    [proposal] = adjustments_evaluate(plan=approved, as_of=AS_OF)

    assert proposal.trigger == "project_postponed"
    assert proposal.subject == f"project:{project.pk}:2026-07"
    shift = Decimal(proposal.values["amount"])
    assert 0 < shift <= min(weighted, july)  # capped by the smallest July of the nodes changed
    assert proposal.values["to"] == ["2026-09"]
    assert project.name in trigger_sentence(proposal)
    nodes = proposal.suggestion["nodes"]
    trees = {n["tree"] for n in nodes}
    assert trees == {"org", "market"}
    for node in nodes:
        before, after = node["before"], node["after"]
        assert Decimal(before["2026-07"]) - Decimal(after["2026-07"]) == shift
        assert Decimal(after["2026-09"]) - Decimal(before["2026-09"]) == shift
        assert sum(map(Decimal, before.values())) == sum(map(Decimal, after.values()))
    assert len([n for n in nodes if n["tree"] == "org"]) == len(person_node_chain(person_node))

    revision = adjustment_approve(adjustment=proposal, user=login("director"), reason="顺延")

    moved = PlanNode.objects.get(plan=revision, tree="org", person=person_node.person)
    old, new = _months(person_node), _months(moved)
    assert new[JULY] == old[JULY] - shift
    assert new[SEPTEMBER] == old[SEPTEMBER] + shift
    assert sum(new) == sum(old)
    for parent in PlanNode.objects.filter(plan=revision).exclude(children=None):
        kids = [_months(k) for k in parent.children.all()]
        assert [sum(m) for m in zip(*kids, strict=True)] == _months(parent), parent.label
    # Not proposed again, neither in the new version nor after it.
    assert adjustments_evaluate(plan=revision, as_of=AS_OF) == []
    assert Adjustment.objects.filter(trigger="project_postponed").count() == 1


def person_node_chain(node: PlanNode) -> list[PlanNode]:
    chain = []
    current: PlanNode | None = node
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def test_a_deal_postponed_past_the_year_is_spread_over_the_later_months(approved: Plan) -> None:
    _node, project, july = _july_deal(approved)
    _make_large_and_postponed(project, july, date(2027, 2, 1))

    [proposal] = adjustments_evaluate(plan=approved, as_of=AS_OF)

    assert proposal.values["to"] == [f"2026-{m:02d}" for m in range(8, 13)]


def test_a_small_or_unmoved_deal_opens_nothing(approved: Plan) -> None:
    _node, project, july = _july_deal(approved)
    project.amount = (july / 10).quantize(Decimal("0.01"))  # 5 % of July once weighted
    project.probability = 50
    project.expected_sign_date = date(2026, 9, 20)
    project.save()
    assert adjustments_evaluate(plan=approved, as_of=AS_OF) == []
    _make_large_and_postponed(project, july, date(2026, 7, 20))  # still in July
    assert adjustments_evaluate(plan=approved, as_of=AS_OF) == []


def test_a_shift_must_change_every_node_of_a_tree_alike(approved: Plan) -> None:
    _node, project, july = _july_deal(approved)
    _make_large_and_postponed(project, july, date(2026, 9, 20))
    [proposal] = adjustments_evaluate(plan=approved, as_of=AS_OF)
    org = [n for n in proposal.suggestion["nodes"] if n["tree"] == "org"]
    person = org[0]
    moved = Decimal(person["after"]["2026-09"]) - Decimal("1.00")
    with pytest.raises(PlanError, match="须与同一维度"):
        adjustment_approve(
            adjustment=proposal,
            user=login("director"),
            reason="只改一人",
            amounts={
                person["id"]: {
                    "2026-09": moved,
                    "2026-10": Decimal(person["after"]["2026-10"]) + Decimal("1.00"),
                }
            },
        )
