"""A person's page: their target, months with projects, funnel actions and customer tiers."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pacer.crm.models import Customer
from pacer.org.models import Person
from pacer.planning.inputs import Assumptions
from pacer.plans.explain import explain
from pacer.plans.models import Plan, PlanAction, PlanNode
from pacer.plans.services import plan_build
from pacer.plans.web.read_person import TIER_CADENCE, tiers_of
from pacer.web.formatting import money_text
from tests.plans.conftest import DEMO_DAY
from tests.world import World

TODAY = date(2026, 6, 1)


@pytest.fixture
def world_plan(world: World) -> Plan:
    return plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY)


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def person_url(plan: Plan, person: Person) -> str:
    return reverse("plans:person", args=[plan.pk, person.pk])


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("rep_a", {"rep_a"}),
        ("manager_south", {"manager_south", "rep_a", "rep_b"}),
        ("director", {"director", "manager_south", "manager_east", "rep_a", "rep_b", "rep_c"}),
    ],
)
def test_person_pages_follow_the_scope(
    client: Client, world: World, world_plan: Plan, who: str, allowed: set[str]
) -> None:
    login(client, getattr(world, who))
    for name in ("director", "manager_south", "manager_east", "rep_a", "rep_b", "rep_c"):
        person = getattr(world, name)
        response = client.get(person_url(world_plan, person))
        assert response.status_code == (200 if name in allowed else 404), (who, name)
        if response.status_code == 200:
            assert f"{person.name}的目标与动作" in response.content.decode()


def test_a_rep_sees_their_target_months_and_actions(
    client: Client, world: World, world_plan: Plan
) -> None:
    node = PlanNode.objects.get(plan=world_plan, person=world.rep_a)
    html = login(client, world.rep_a).get(person_url(world_plan, world.rep_a)).content.decode()
    assert f'data-stat="amount" data-value="{node.amount}"' in html
    assert f'data-stat="quota" data-value="{node.quota}"' in html
    assert money_text(node.base) in html
    assert explain(node.drivers[0]) in html
    months = re.findall(r'<tr data-month="(2026-\d\d)"', html)
    assert months == [f"2026-{m:02d}" for m in range(1, 13)]
    september = html.split('data-month="2026-09"', 1)[1].split("</tr>", 1)[0]
    assert f'data-project="{world.projects["a"].pk}"' in september
    assert "项目A" in september
    assert "项目B" not in html
    actions = PlanAction.objects.filter(plan=world_plan, person=world.rep_a)
    assert actions.exists()
    shown = re.findall(r'<tr data-action="(\d+)" data-stage="(\w+)"', html)
    assert sorted(int(pk) for pk, _ in shown) == sorted(a.pk for a in actions)
    for action in actions:
        assert action.acceptance in html
        assert action.due.isoformat() in html


def test_the_customers_with_their_tier_and_cadence(
    client: Client, world: World, world_plan: Plan
) -> None:
    """The world's customers bought only in the plan year: no tier yet, no cadence."""
    html = login(client, world.rep_a).get(person_url(world_plan, world.rep_a)).content.decode()
    assert re.findall(r'data-customer="(\d+)" data-tier="(\w*)"', html) == [
        (str(world.customers["a"].pk), "")
    ]
    assert "未分层（尚无采购）" in html
    assert "客户B" not in html


def test_demo_tiers_and_cadence_on_a_reps_page(client: Client, demo_plan: Plan) -> None:
    rep = Person.objects.get(user__username="demo-rep01")
    html = login(client, rep).get(person_url(demo_plan, rep)).content.decode()
    rows = re.findall(r'data-customer="(\d+)" data-tier="(\w*)"', html)
    owned = set(Customer.objects.filter(owner=rep).values_list("pk", flat=True))
    assert {int(pk) for pk, _ in rows} == owned
    tiers, _ = tiers_of(demo_plan, list(Customer.objects.filter(owner=rep)))
    assert {int(pk): tier for pk, tier in rows if tier} == tiers
    for tier in set(tiers.values()):
        assert str(TIER_CADENCE[tier]) in html
    assert "每月拜访 + 每季度业务回顾" in html  # 付秀 has an A customer


@pytest.mark.parametrize("method", ["threshold", "pareto"])
def test_tiers_repeat_the_plans_own_count(demo: None, method: str) -> None:
    plan = plan_build(
        year=2026,
        target=Decimal(50_000_000),
        as_of=DEMO_DAY,
        assumptions=Assumptions(tier_method=method),
    )
    tiers, purchases = tiers_of(plan, list(Customer.objects.all()))
    counts = Counter(tiers.values())
    assert {t["tier"]: t["count"] for t in plan.tiers} == {
        tier: counts.get(tier, 0) for tier in ("A", "B", "C")
    }
    for summary in plan.tiers:
        amount = sum((purchases[c] for c, t in tiers.items() if t == summary["tier"]), Decimal(0))
        assert amount == Decimal(summary["last_12_months"])


def test_a_person_without_a_target(client: Client, world: World, world_plan: Plan) -> None:
    response = login(client, world.director).get(person_url(world_plan, world.director))
    html = response.content.decode()
    assert response.status_code == 200
    assert "这份计划没有给此人分配目标" in html
    assert 'data-stat="amount"' not in html
