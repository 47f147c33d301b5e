"""Two people changing one plan at once: the first change wins, the second is refused clearly.

Every write to a draft carries the ``edit_version`` its author saw and locks the plan row, so
no change is made on numbers its author never saw (no lost update). The races with real threads
need PostgreSQL: SQLite serialises writers and cannot run two transactions at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from pacer.plans.conflicts import PlanConflictError
from pacer.plans.edits import plan_node_update
from pacer.plans.models import Plan, PlanChange, PlanNode, PlanStatus
from pacer.plans.services import PlanError, plan_build
from pacer.plans.validation import plan_validate
from pacer.plans.versions import plan_version_approve
from tests.api.conftest import token_client
from tests.world import World, build_world

ON_SQLITE = connection.vendor == "sqlite"


def _plan() -> Plan:
    return plan_build(year=2026, target=Decimal("1000000.00"), as_of=date(2026, 6, 15))


def _node(plan: Plan, label: str) -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree="org", label=label)


def _amounts(plan: Plan) -> dict[int, Decimal]:
    return dict(PlanNode.objects.filter(plan=plan).values_list("pk", "amount"))


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _edit(
    client: Client, plan: Plan, node: PlanNode, amount: str, version: str, **headers: str
) -> Any:
    url = reverse("plans:node_edit", args=[plan.pk, node.pk])
    data = {"amount": amount, "reason": "客户追加预算", "edit_version": version, "save": "1"}
    return client.post(url, data, headers=headers)


def _opened_version(client: Client, plan: Plan, node: PlanNode) -> str:
    """The edit form as the user opened it: the ``edit_version`` it carries."""
    response = client.get(reverse("plans:node_edit", args=[plan.pk, node.pk]))
    assert response.status_code == 200
    return str(response.context["form"]["edit_version"].value())


def test_two_editors_of_one_node_first_wins_second_gets_409_naming_who(world: World) -> None:
    plan = _plan()
    node = _node(plan, "王小明")
    manager, director = _client(world.manager_south), _client(world.director)
    manager_version = _opened_version(manager, plan, node)
    director_version = _opened_version(director, plan, node)
    assert manager_version == director_version == "0"

    first = _edit(manager, plan, node, "200000.00", manager_version)
    assert first.status_code == 302
    after_first = _amounts(plan)
    second = _edit(director, plan, node, "180000.00", director_version)

    assert second.status_code == 409
    html = second.content.decode()
    assert "李经理" in html  # who changed it
    assert "客户追加预算" in html  # why
    assert "200000.00" in html  # the amount now …
    assert "180000.00" in html  # … against the one the director sent
    assert "您的修改没有保存" in html
    assert _amounts(plan) == after_first
    assert _node(plan, "王小明").amount == Decimal("200000.00")
    assert PlanChange.objects.filter(plan=plan, action="node_update").count() == 1
    assert plan_validate(plan) == []
    # The form is offered again on the current numbers, so a resubmission is a deliberate one.
    assert second.context["form"]["edit_version"].value() == "1"


def test_the_conflict_of_an_htmx_request_is_a_fragment(world: World) -> None:
    plan = _plan()
    node = _node(plan, "王小明")
    manager, director = _client(world.manager_south), _client(world.director)
    assert _edit(manager, plan, node, "200000.00", "0").status_code == 302

    response = _edit(director, plan, node, "180000.00", "0", HX_Request="true")

    assert response.status_code == 409
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="node-editor"' in html
    assert "李经理" in html
    assert response["Vary"].find("HX-Request") >= 0
    assert PlanChange.objects.filter(plan=plan, action="node_update").count() == 1


def test_several_changes_since_opening_are_counted(world: World) -> None:
    plan = _plan()
    node, other = _node(plan, "王小明"), _node(plan, "赵小红")
    director = world.director.user
    for version, amount in enumerate(("170000.00", "175000.00")):
        plan_node_update(
            plan=plan,
            node=other,
            amount=Decimal(amount),
            user=director,
            reason="补录",
            edit_version=version,
        )

    with pytest.raises(PlanConflictError, match="又被修改了 2 次") as refused:
        plan_node_update(
            plan=plan, node=node, amount=Decimal(1), user=director, reason="迟到", edit_version=0
        )
    assert "张总" in str(refused.value)


def test_approving_a_plan_twice_through_the_api_is_a_409_naming_who(world: World) -> None:
    plan = _plan()
    client = token_client(world.director)
    url = f"/api/v1/plans/{plan.pk}/approve"

    first = client.post(url, data={"reason": "批准"}, content_type="application/json")
    second = client.post(url, data={"reason": "再批"}, content_type="application/json")

    assert first.status_code == 200
    assert second.status_code == 409
    assert "张总" in second.json()["detail"]
    assert "已由" in second.json()["detail"]
    assert PlanChange.objects.filter(plan=plan, action="approve").count() == 1


def test_approving_a_plan_twice_through_the_service_names_who(world: World) -> None:
    plan = _plan()
    plan_version_approve(plan=plan, user=world.director.user, reason="批准")
    with pytest.raises(PlanConflictError, match="张总"):
        plan_version_approve(plan=plan, user=world.admin.user, reason="再批")
    assert PlanChange.objects.filter(plan=plan, action="approve").count() == 1


# -- real races (PostgreSQL) -----------------------------------------------------------------------


def race(*calls: Callable[[], object]) -> list[object]:
    """Run ``calls`` in threads released at the same moment; each result or raised error."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the error is the result under test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


postgres_only = pytest.mark.skipif(ON_SQLITE, reason="SQLite runs one writer at a time")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_node_one_wins_and_sums_hold() -> None:
    world = build_world()
    plan = _plan()
    node = _node(plan, "王小明")

    def edit(person: Any, amount: str) -> Callable[[], object]:
        return lambda: plan_node_update(
            plan=Plan.objects.get(pk=plan.pk),
            node=PlanNode.objects.get(pk=node.pk),
            amount=Decimal(amount),
            user=person.user,
            reason="同时调整",
            edit_version=0,
        )

    results = race(edit(world.manager_south, "200000.00"), edit(world.director, "120000.00"))

    won = [r for r in results if isinstance(r, PlanChange)]
    refused = [r for r in results if isinstance(r, PlanConflictError)]
    assert len(won) == 1, results
    assert len(refused) == 1, results
    stored = _node(plan, "王小明").amount
    assert stored in {Decimal("200000.00"), Decimal("120000.00")}
    assert str(stored) in str(refused[0])  # the loser is told the winner's number
    assert PlanChange.objects.filter(plan=plan, action="node_update").count() == 1
    assert Plan.objects.get(pk=plan.pk).edit_version == 1
    assert plan_validate(plan) == []
    team = _node(plan, "华南组")
    children = PlanNode.objects.filter(parent=team)
    assert sum(c.amount for c in children) == team.amount == Decimal("500000.00")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_approve_once() -> None:
    world = build_world()
    plan = _plan()

    def approve(person: Any) -> Callable[[], object]:
        return lambda: plan_version_approve(
            plan=Plan.objects.get(pk=plan.pk), user=person.user, reason="批准"
        )

    results = race(approve(world.director), approve(world.admin))

    assert sum(isinstance(r, Plan) for r in results) == 1, results
    assert sum(isinstance(r, PlanError) for r in results) == 1, results
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    assert PlanChange.objects.filter(plan=plan, action="approve").count() == 1
