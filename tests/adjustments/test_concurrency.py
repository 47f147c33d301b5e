"""Deciding one target adjustment twice (two directors, or a double click): it is decided once,
makes one new plan version, and the second decision is told who decided and when."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from pacer.adjustments.evaluate import adjustments_evaluate
from pacer.adjustments.models import AdjustmentStatus
from pacer.adjustments.services import adjustment_approve, adjustment_reject
from pacer.crm.models import Order
from pacer.plans.models import Plan
from pacer.plans.services import PlanError, plan_approve

AS_OF = date(2026, 6, 15)


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


@pytest.fixture
def behind(demo_plan: Plan) -> Plan:
    """The approved plan, with two thirds of Q1's orders moved out of the year: Q1 is behind."""
    approved = plan_approve(plan=demo_plan, user=login("director"), reason="年度计划")
    q1 = Order.objects.filter(signed_date__gte=date(2026, 1, 1), signed_date__lt=date(2026, 4, 1))
    moved = [pk for i, pk in enumerate(q1.order_by("pk").values_list("pk", flat=True)) if i % 3]
    Order.objects.filter(pk__in=moved).update(signed_date=date(2025, 12, 15))
    return approved


def test_a_second_decision_is_refused_naming_the_first(behind: Plan) -> None:
    [adjustment] = adjustments_evaluate(plan=behind, as_of=AS_OF)
    adjustment_approve(adjustment=adjustment, user=login("director"), reason="一季度落后")
    versions = Plan.objects.filter(lineage=behind.lineage).count()

    with pytest.raises(PlanError, match="已经决定过了") as approve_again:
        adjustment_approve(adjustment=adjustment, user=login("director"), reason="再点一次")
    with pytest.raises(PlanError, match="已经决定过了"):
        adjustment_reject(adjustment=adjustment, user=login("director"), reason="改主意")

    assert "已批准" in str(approve_again.value)
    assert Plan.objects.filter(lineage=behind.lineage).count() == versions
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
