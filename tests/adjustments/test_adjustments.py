from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pacer.adjustments.evaluate import adjustments_evaluate
from pacer.adjustments.models import Adjustment, AdjustmentStatus
from pacer.adjustments.services import (
    AdjustmentForbiddenError,
    adjustment_approve,
    adjustment_reject,
)
from pacer.crm.models import Order
from pacer.org.models import Person
from pacer.plans.models import Plan, PlanAction, PlanChange, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.services import PlanError, plan_approve
from pacer.plans.validation import plan_validate

AS_OF = date(2026, 6, 15)
Q1 = (date(2026, 1, 1), date(2026, 4, 1))


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


def snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "nodes": list(PlanNode.objects.filter(plan=plan).order_by("pk").values()),
        "periods": list(PlanPeriod.objects.filter(node__plan=plan).order_by("pk").values()),
        "actions": list(PlanAction.objects.filter(plan=plan).order_by("pk").values()),
    }


def months(plan: Plan, node: PlanNode) -> list[Decimal]:
    return list(
        PlanPeriod.objects.filter(node=node).order_by("start").values_list("amount", flat=True)
    )


@pytest.fixture
def approved(demo_plan: Plan) -> Plan:
    return plan_approve(plan=demo_plan, user=login("director"), reason="年度计划")


@pytest.fixture
def behind(approved: Plan) -> Plan:
    """Half of Q1's orders moved to the year before: Q1 falls far below 80 %."""
    q1 = Order.objects.filter(signed_date__gte=Q1[0], signed_date__lt=Q1[1]).order_by("pk")
    moved = [pk for i, pk in enumerate(q1.values_list("pk", flat=True)) if i % 3]
    Order.objects.filter(pk__in=moved).update(signed_date=date(2025, 12, 15))
    return approved


def test_on_pace_quarter_opens_nothing(approved: Plan) -> None:
    assert [a.trigger for a in adjustments_evaluate(plan=approved, as_of=AS_OF)] == []


def test_quarter_below_opens_one_proposal_once(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    assert adjustment.trigger == "quarter_below"
    assert adjustment.subject == "company:2026Q1"
    assert Decimal(adjustment.values["attainment"]) < Decimal("0.8")
    assert adjustments_evaluate(plan=behind, as_of=AS_OF) == []
    assert Adjustment.objects.count() == 1


def test_approve_makes_v2_and_keeps_v1_intact(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    before = snapshot(behind)
    root = PlanNode.objects.get(plan=behind, tree="org", parent=None)
    old_months = months(behind, root)
    gap = Decimal(adjustment.values["gap"]).quantize(Decimal("0.01"))

    v2 = adjustment_approve(adjustment=adjustment, user=login("director"), reason="一季度落后")

    behind.refresh_from_db()
    assert (v2.version, v2.status) == (2, PlanStatus.APPROVED)
    assert behind.status == PlanStatus.SUPERSEDED
    assert snapshot(behind) == before
    assert plan_validate(v2) == []
    new_root = PlanNode.objects.get(plan=v2, tree="org", parent=None)
    new_months = months(v2, new_root)
    assert new_root.amount == root.amount
    assert sum(new_months[:3]) == sum(old_months[:3]) - gap
    assert sum(new_months[5:]) == sum(old_months[5:]) + gap
    assert new_months[3:5] == old_months[3:5]
    # every team's months still add up to the company's months
    teams = PlanNode.objects.filter(plan=v2, tree="org", parent=new_root)
    for m in range(12):
        assert sum(months(v2, t)[m] for t in teams) == new_months[m]
    change = PlanChange.objects.get(plan=v2, action="adjust")
    assert change.who == login("director")
    assert change.reason == "一季度落后"
    assert change.before["nodes"][0]["months"]["2026-01"] == str(old_months[0])
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert adjustment.result == v2
    # the new version is on pace for Q1: nothing to propose again
    assert adjustments_evaluate(plan=v2, as_of=AS_OF) == []


def test_reject_keeps_the_plan(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    before = snapshot(behind)
    with pytest.raises(PlanError):
        adjustment_reject(adjustment=adjustment, user=login("director"), reason=" ")
    adjustment_reject(adjustment=adjustment, user=login("director"), reason="下半年有大单")
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.REJECTED
    assert adjustment.reason == "下半年有大单"
    assert Plan.objects.filter(lineage=behind.lineage).count() == 1
    assert snapshot(behind) == before
    with pytest.raises(PlanError, match="已经决定"):
        adjustment_approve(adjustment=adjustment, user=login("director"), reason="x")


def test_director_may_change_the_amounts_but_not_the_total(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    root_id = adjustment.suggestion["nodes"][0]["id"]
    after = adjustment.suggestion["nodes"][0]["after"]
    bad = {root_id: {"2026-12": Decimal(after["2026-12"]) + 1}}
    with pytest.raises(PlanError, match="不变"):
        adjustment_approve(adjustment=adjustment, user=login("director"), reason="x", amounts=bad)
    moved = {
        root_id: {
            "2026-12": Decimal(after["2026-12"]) + 100,
            "2026-11": Decimal(after["2026-11"]) - 100,
        }
    }
    v2 = adjustment_approve(
        adjustment=adjustment, user=login("director"), reason="年底集中签约", amounts=moved
    )
    root = PlanNode.objects.get(plan=v2, tree="org", parent=None)
    assert months(v2, root)[11] == Decimal(after["2026-12"]) + 100
    assert plan_validate(v2) == []


def rep_user() -> User:
    person = Person.objects.filter(access_role="rep", user__isnull=False).order_by("pk").first()
    assert person is not None
    return person.user


def test_rep_cannot_approve(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    with pytest.raises(AdjustmentForbiddenError):
        adjustment_approve(adjustment=adjustment, user=rep_user(), reason="x")
    client = Client()
    client.force_login(rep_user())
    detail = client.get(reverse("adjustments:detail", args=[adjustment.pk]))
    assert detail.status_code == 200
    assert "批准并生成新版本" not in detail.content.decode()
    response = client.post(
        reverse("adjustments:decide", args=[adjustment.pk]),
        {"decision": "approve", "reason": "x"},
    )
    assert response.status_code == 403
    adjustment.refresh_from_db()
    assert adjustment.is_open


def test_director_pages_list_detail_and_approve(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    client = Client()
    client.force_login(login("director"))
    listing = client.get(reverse("adjustments:list")).content.decode()
    assert "2026Q1" in listing
    detail = client.get(reverse("adjustments:detail", args=[adjustment.pk])).content.decode()
    assert "批准并生成新版本" in detail
    assert reverse("plans:versions", args=[behind.pk]) in detail
    empty = client.post(
        reverse("adjustments:decide", args=[adjustment.pk]), {"decision": "approve"}
    )
    assert empty.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.is_open
    client.post(
        reverse("adjustments:decide", args=[adjustment.pk]),
        {"decision": "approve", "reason": "一季度落后"},
    )
    adjustment.refresh_from_db()
    assert adjustment.result is not None
    assert adjustment.result.version == 2


def test_leaver_targets_move_to_teammates(approved: Plan) -> None:
    people = PlanNode.objects.filter(plan=approved, tree="org", person__isnull=False, amount__gt=0)
    person_node = next(
        n for n in people.order_by("pk") if people.filter(parent=n.parent_id).count() > 1
    )
    team = person_node.parent
    assert team is not None
    team_months = months(approved, team)
    Person.objects.filter(pk=person_node.person_id).update(active_to=date(2026, 6, 30))
    opened = adjustments_evaluate(plan=approved, as_of=AS_OF)
    [adjustment] = [a for a in opened if a.trigger == "person_left"]
    assert adjustment.subject == f"person:{person_node.person_id}"
    v2 = adjustment_approve(adjustment=adjustment, user=login("director"), reason="离职交接")
    assert plan_validate(v2) == []
    new_team = PlanNode.objects.get(plan=v2, tree="org", key=team.key, dimension=team.dimension)
    assert new_team.amount == team.amount
    assert months(v2, new_team) == team_months
    leaver = PlanNode.objects.get(plan=v2, tree="org", person_id=person_node.person_id)
    leaver_months = months(v2, leaver)
    assert leaver_months[6:] == [Decimal("0.00")] * 6
    assert leaver_months[:6] == months(approved, person_node)[:6]


def test_cli_evaluate_and_list(behind: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("adjustments", "evaluate", "--plan", str(behind.pk), "--as-of", "2026-06-15")
    call_command("adjustments", "evaluate", "--plan", str(behind.pk), "--as-of", "2026-06-15")
    call_command("adjustments", "list")
    out = capsys.readouterr().out
    assert "2026Q1" in out
    assert Adjustment.objects.count() == 1
