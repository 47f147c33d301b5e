"""Editing a draft plan: re-balancing, exact sums everywhere, scope, locking, versions, audit."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacer.access import actor_for
from pacer.plans.edits import (
    PlanConflictError,
    PlanForbiddenError,
    PlanInvalidError,
    SiblingsCannotAbsorbError,
    editable_node_ids,
    node_update_preview,
    plan_node_move,
    plan_node_update,
)
from pacer.plans.models import Plan, PlanAction, PlanChange, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.services import PlanError
from pacer.plans.validation import plan_validate
from pacer.plans.versions import plan_revise, plan_version_approve

FEN = Decimal("0.01")


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


def node(plan: Plan, label: str, tree: str = "org") -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree=tree, label=label)


def snapshot(plan: Plan) -> dict[str, Any]:
    """Every stored value of a plan, its nodes, months and actions."""
    return {
        "plan": Plan.objects.filter(pk=plan.pk).values().get(),
        "nodes": list(PlanNode.objects.filter(plan=plan).order_by("pk").values()),
        "periods": list(PlanPeriod.objects.filter(node__plan=plan).order_by("pk").values()),
        "actions": list(PlanAction.objects.filter(plan=plan).order_by("pk").values()),
        "changes": PlanChange.objects.filter(plan=plan).count(),
    }


def update(plan: Plan, target: PlanNode, amount: Decimal, who: str = "director") -> PlanChange:
    return plan_node_update(
        plan=plan,
        node=target,
        amount=amount,
        user=login(who),
        reason="客户预算提前",
        edit_version=plan.edit_version,
    )


def test_an_edit_rebalances_the_siblings_proportionally_and_keeps_every_sum(
    demo_plan: Plan,
) -> None:
    edited = node(demo_plan, "付秀")
    siblings = list(PlanNode.objects.filter(parent_id=edited.parent_id).exclude(pk=edited.pk))
    parent_before = PlanNode.objects.get(pk=edited.parent_id).amount
    new = edited.amount + Decimal("300000.00")

    update(demo_plan, edited, new)

    edited.refresh_from_db()
    assert edited.amount == new
    assert edited.base == (new * Decimal("0.8")).quantize(FEN)
    assert edited.breakthrough == (new * Decimal("1.2")).quantize(FEN)
    assert edited.quota == new
    after = {s.pk: PlanNode.objects.get(pk=s.pk).amount for s in siblings}
    assert sum(after.values()) + new == parent_before
    taken = {s.pk: s.amount - after[s.pk] for s in siblings}
    assert sum(taken.values()) == Decimal("300000.00")
    # The larger sibling gives up more: in proportion to its amount, to the fen.
    biggest = max(siblings, key=lambda s: s.amount)
    smallest = min(siblings, key=lambda s: s.amount)
    assert taken[biggest.pk] > taken[smallest.pk] > 0
    for s in siblings:
        share = Decimal("300000.00") * s.amount / sum(x.amount for x in siblings)
        assert abs(taken[s.pk] - share) < FEN
    assert plan_validate(demo_plan) == []
    months = PlanPeriod.objects.filter(node=edited)
    assert sum(p.amount for p in months) == new
    assert all(p.identified + p.run_rate == p.amount for p in months)


def test_editing_a_team_rescales_its_whole_subtree_and_its_months(demo_plan: Plan) -> None:
    team = node(demo_plan, "长三角区")
    people_before = {
        p.pk: p.amount for p in PlanNode.objects.filter(parent=team).order_by("position")
    }
    months_before = [p.amount for p in PlanPeriod.objects.filter(node=team).order_by("start")]

    update(demo_plan, team, team.amount - Decimal(1_000_000))

    team.refresh_from_db()
    people = {p.pk: p.amount for p in PlanNode.objects.filter(parent=team)}
    assert sum(people.values()) == team.amount
    for pk, before in people_before.items():
        assert people[pk] < before  # every person carries part of the cut
    months = [p.amount for p in PlanPeriod.objects.filter(node=team).order_by("start")]
    assert sum(months) == team.amount
    ratio = team.amount / sum(months_before)
    for old, new in zip(months_before, months, strict=True):
        assert abs(new - old * ratio) < FEN  # the same rhythm, only smaller
    assert plan_validate(demo_plan) == []


def test_an_edit_of_a_business_type_rescales_industries_and_regions(demo_plan: Plan) -> None:
    new_product = node(demo_plan, "新产品销售", tree="market")

    update(demo_plan, new_product, Decimal("12000000.00"))

    repeat = node(demo_plan, "存量复购", tree="market")
    new_customer = node(demo_plan, "新客户开发", tree="market")
    assert repeat.amount + new_customer.amount == Decimal("38000000.00")
    assert plan_validate(demo_plan) == []


def test_the_change_log_keeps_who_when_why_before_and_after(demo_plan: Plan) -> None:
    edited = node(demo_plan, "付秀")
    before = edited.amount
    version = demo_plan.edit_version

    change = update(demo_plan, edited, before + Decimal(1000))

    assert change.action == "node_update"
    assert change.who == login("director")
    assert change.reason == "客户预算提前"
    assert change.at is not None
    assert change.node_id == edited.pk
    assert change.before["edit_version"] == version
    assert change.after["edit_version"] == version + 1
    before_nodes = {n["id"]: n for n in change.before["nodes"]}
    after_nodes = {n["id"]: n for n in change.after["nodes"]}
    assert Decimal(before_nodes[edited.pk]["amount"]) == before
    assert Decimal(after_nodes[edited.pk]["amount"]) == before + 1000
    assert after_nodes[edited.pk]["path"][-2:] == ["珠三角一区（深莞惠）", "付秀"]
    # Every node whose amount changed is in the log, and only those.
    changed = {
        n.pk
        for n in PlanNode.objects.filter(pk__in=after_nodes)
        if n.amount != Decimal(before_nodes[n.pk]["amount"])
    }
    assert changed == set(after_nodes)
    assert len(after_nodes) >= 2
    assert Plan.objects.get(pk=demo_plan.pk).edit_version == version + 1


def test_the_preview_shows_the_siblings_after_without_writing(demo_plan: Plan) -> None:
    edited = node(demo_plan, "付秀")
    before = snapshot(demo_plan)

    rows = node_update_preview(
        plan=demo_plan, node=edited, amount=edited.amount + 100, user=login("director")
    )

    assert snapshot(demo_plan) == before
    assert [r.node_id for r in rows] == list(
        PlanNode.objects.filter(parent_id=edited.parent_id)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert sum(r.after for r in rows) == sum(r.before for r in rows)
    assert next(r for r in rows if r.node_id == edited.pk).difference == 100


def test_siblings_that_cannot_absorb_the_difference_change_nothing(demo_plan: Plan) -> None:
    edited = node(demo_plan, "付秀")
    parent = PlanNode.objects.get(pk=edited.parent_id)
    before = snapshot(demo_plan)

    with pytest.raises(SiblingsCannotAbsorbError, match="负数"):
        update(demo_plan, edited, parent.amount + FEN)

    assert snapshot(demo_plan) == before


def test_an_only_child_cannot_change_alone_and_the_root_is_not_edited_here(
    demo_plan: Plan,
) -> None:
    only_child = node(demo_plan, "潘桂超")  # the 3C team's only quota carrier
    before = snapshot(demo_plan)

    with pytest.raises(SiblingsCannotAbsorbError, match="3C电子行业组"):
        update(demo_plan, only_child, only_child.amount - 1)
    with pytest.raises(PlanError, match="年度目标"):
        update(demo_plan, PlanNode.objects.get(plan=demo_plan, tree="org", parent=None), FEN)
    with pytest.raises(PlanError, match="负数"):
        update(demo_plan, node(demo_plan, "付秀"), Decimal(-1))
    with pytest.raises(PlanError, match="精确到分"):
        update(demo_plan, node(demo_plan, "付秀"), Decimal("1.001"))

    assert snapshot(demo_plan) == before


def test_a_move_takes_from_one_sibling_only(demo_plan: Plan) -> None:
    source, target = node(demo_plan, "付秀"), node(demo_plan, "罗勇")
    others = PlanNode.objects.filter(parent_id=source.parent_id).exclude(
        pk__in=[source.pk, target.pk]
    )
    others_before = {o.pk: o.amount for o in others}

    change = plan_node_move(
        plan=demo_plan,
        from_node=source,
        to_node=target,
        amount=Decimal("50000.00"),
        user=login("director"),
        reason="罗勇接手付秀的两个客户",
        edit_version=demo_plan.edit_version,
    )

    assert change.action == "node_move"
    assert PlanNode.objects.get(pk=source.pk).amount == source.amount - 50000
    assert PlanNode.objects.get(pk=target.pk).amount == target.amount + 50000
    assert {o.pk: o.amount for o in others.all()} == others_before
    assert plan_validate(demo_plan) == []

    with pytest.raises(SiblingsCannotAbsorbError, match="调不出"):
        plan_node_move(
            plan=demo_plan,
            from_node=source,
            to_node=target,
            amount=source.amount,
            user=login("director"),
            reason="全部调走",
            edit_version=demo_plan.edit_version,
        )
    with pytest.raises(PlanError, match="同一上级"):
        plan_node_move(
            plan=demo_plan,
            from_node=source,
            to_node=node(demo_plan, "卢红"),
            amount=Decimal(1),
            user=login("director"),
            reason="跨团队",
            edit_version=demo_plan.edit_version,
        )


def test_a_manager_edits_people_in_scope_only(demo_plan: Plan) -> None:
    own_rep = node(demo_plan, "付秀")  # reports to 姜凯 (demo-prd1)
    other_rep = node(demo_plan, "卢红")  # reports to 方娜欣
    market = node(demo_plan, "新产品销售", tree="market")

    update(demo_plan, own_rep, own_rep.amount + 1000, who="prd1")
    assert PlanNode.objects.get(pk=own_rep.pk).amount == own_rep.amount + 1000

    before = snapshot(demo_plan)
    for target in (other_rep, market):
        with pytest.raises(PlanForbiddenError):
            update(demo_plan, target, target.amount + 1, who="prd1")
    # The manager's own team can only take from other teams, which are not theirs.
    team = node(demo_plan, "珠三角一区（深莞惠）")
    with pytest.raises(SiblingsCannotAbsorbError):
        update(demo_plan, team, team.amount + 1, who="prd1")
    with pytest.raises(PlanForbiddenError):
        update(demo_plan, own_rep, own_rep.amount, who="rep01")
    assert snapshot(demo_plan) == before

    editable = editable_node_ids(actor_for(login("prd1")), demo_plan)
    team_people = set(PlanNode.objects.filter(parent=team).values_list("pk", flat=True))
    assert editable == team_people | {team.pk}
    assert editable_node_ids(actor_for(login("rep01")), demo_plan) == set()


def test_a_stale_edit_version_is_a_conflict_and_writes_nothing(demo_plan: Plan) -> None:
    edited = node(demo_plan, "付秀")
    opened_at = demo_plan.edit_version
    update(demo_plan, node(demo_plan, "罗勇"), node(demo_plan, "罗勇").amount + 10)
    before = snapshot(demo_plan)

    with pytest.raises(PlanConflictError, match="修改了它"):
        plan_node_update(
            plan=demo_plan,
            node=edited,
            amount=edited.amount + 10,
            user=login("director"),
            reason="迟到的修改",
            edit_version=opened_at,
        )

    assert snapshot(demo_plan) == before


def test_an_edit_needs_a_reason(demo_plan: Plan) -> None:
    before = snapshot(demo_plan)
    edited = node(demo_plan, "付秀")
    with pytest.raises(PlanError, match="原因"):
        plan_node_update(
            plan=demo_plan,
            node=edited,
            amount=edited.amount + 1,
            user=login("director"),
            reason="  ",
            edit_version=demo_plan.edit_version,
        )
    assert snapshot(demo_plan) == before


def test_an_approved_plan_is_never_changed_in_place(demo_plan: Plan) -> None:
    director = login("director")
    plan_version_approve(plan=demo_plan, user=director, reason="董事会通过")
    demo_plan.refresh_from_db()
    v1 = snapshot(demo_plan)
    edited = node(demo_plan, "付秀")

    with pytest.raises(PlanError, match="新建一个版本"):
        update(demo_plan, edited, edited.amount + 1)

    v2 = plan_revise(plan=demo_plan, user=director, reason="华南新签大客户")
    assert (v2.version, v2.status, v2.previous_id, v2.lineage) == (
        2,
        PlanStatus.DRAFT,
        demo_plan.pk,
        demo_plan.lineage,
    )
    copied = node(v2, "付秀")
    update(v2, copied, copied.amount + Decimal(200_000))

    assert snapshot(demo_plan) == v1
    assert plan_validate(v2) == []
    assert (
        PlanNode.objects.filter(plan=v2).count() == PlanNode.objects.filter(plan=demo_plan).count()
    )
    assert PlanPeriod.objects.filter(node__plan=v2).count() == len(v1["periods"])
    assert PlanAction.objects.filter(plan=v2).count() == len(v1["actions"])
    assert v2.views == demo_plan.views
    assert v2.tiers == demo_plan.tiers
    assert v2.assumptions == demo_plan.assumptions
    with pytest.raises(PlanError, match="已有草稿 v2"):
        plan_revise(plan=demo_plan, user=director, reason="再来一版")

    plan_version_approve(plan=v2, user=director, reason="调整后通过")
    demo_plan.refresh_from_db()
    v2.refresh_from_db()
    assert demo_plan.status == PlanStatus.SUPERSEDED
    assert v2.status == PlanStatus.APPROVED
    assert v2.approved_by == director
    log = list(PlanChange.objects.filter(plan=v2).order_by("at", "pk"))
    assert [c.action for c in log] == ["revise", "node_update", "approve"]
    assert log[0].reason == "华南新签大客户"
    assert log[0].who == director


def test_only_directors_approve_and_only_a_valid_plan(demo_plan: Plan) -> None:
    with pytest.raises(PlanForbiddenError):
        plan_version_approve(plan=demo_plan, user=login("prd1"), reason="经理批准")
    edited = node(demo_plan, "付秀")
    PlanNode.objects.filter(pk=edited.pk).update(amount=edited.amount + 1)

    with pytest.raises(PlanInvalidError) as caught:
        plan_version_approve(plan=demo_plan, user=login("director"), reason="通过")

    assert any(p.node == edited.pk for p in caught.value.problems)
    assert Plan.objects.get(pk=demo_plan.pk).status == PlanStatus.DRAFT


def test_a_draft_is_not_revised(demo_plan: Plan) -> None:
    with pytest.raises(PlanError, match="草稿可以直接修改"):
        plan_revise(plan=demo_plan, user=login("director"), reason="新版本")
    with pytest.raises(PlanForbiddenError):
        plan_revise(plan=demo_plan, user=login("rep01"), reason="新版本")


EDITABLE = ["付秀", "罗勇", "黄秀凯", "长三角区", "林健", "新产品销售", "存量复购", "珠三角"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(EDITABLE) - 1), st.integers(0, 10_000)),
        min_size=1,
        max_size=4,
    )
)
def test_any_sequence_of_edits_keeps_every_sum_exact(
    demo_plan: Plan, edits: list[tuple[int, int]]
) -> None:
    with transaction.atomic():
        plan = Plan.objects.get(pk=demo_plan.pk)
        for which, per_ten_thousand in edits:
            tree = "market" if EDITABLE[which] in {"新产品销售", "存量复购", "珠三角"} else "org"
            target = PlanNode.objects.filter(plan=plan, tree=tree, label=EDITABLE[which]).first()
            assert target is not None
            parent = PlanNode.objects.get(pk=target.parent_id)
            # Anywhere between nothing and the whole parent, to the fen.
            amount = (parent.amount * per_ten_thousand / 10_000).quantize(FEN)
            update(plan, target, amount)
            assert plan_validate(plan) == []
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for p in PlanPeriod.objects.filter(node__plan=plan):
            totals[p.node_id] += p.amount
        for n in PlanNode.objects.filter(plan=plan):
            assert totals[n.pk] == n.amount
        transaction.set_rollback(True)
