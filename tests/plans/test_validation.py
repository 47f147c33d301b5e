"""Validation of a whole plan: every sum that does not hold is found and named by its place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.plans.validation import MonthRow, NodeRow, plan_validate, validate_rows

FEN = Decimal("0.01")


def _person_node(plan: Plan, name: str) -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree="org", dimension="person", label=name)


def test_a_built_plan_has_no_problems(demo_plan: Plan) -> None:
    assert plan_validate(demo_plan) == []


def test_a_corrupted_node_is_found_and_named_with_its_numbers(demo_plan: Plan) -> None:
    node = _person_node(demo_plan, "付秀")
    old = node.amount
    PlanNode.objects.filter(pk=node.pk).update(amount=old + FEN)

    problems = plan_validate(demo_plan)

    by_kind = {p.kind: p for p in problems}
    parent = by_kind["children_sum"]
    assert parent.tree == "org"
    assert parent.path == ("华控智能装备（演示）", "销售中心", "珠三角一区（深莞惠）")
    assert parent.actual - parent.expected == FEN
    assert parent.node == node.parent_id
    assert "珠三角一区（深莞惠）" in parent.message
    assert "0.01" in parent.message

    months = by_kind["months_sum"]
    assert months.path[-1] == "付秀"
    assert months.node == node.pk
    assert months.expected == old + FEN
    assert months.actual == old
    assert "付秀" in months.message
    # Only this node and its parent are wrong; no other node is reported.
    assert {p.node for p in problems} <= {node.pk, node.parent_id}


def test_a_month_that_does_not_add_up_is_reported_with_its_period(demo_plan: Plan) -> None:
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    march = PlanPeriod.objects.get(node=root, start=date(2026, 3, 1))
    PlanPeriod.objects.filter(pk=march.pk).update(amount=march.amount + 5)

    problems = plan_validate(demo_plan)

    kinds = sorted(p.kind for p in problems)
    assert kinds == ["month_parts", "months_sum"]
    parts = next(p for p in problems if p.kind == "month_parts")
    assert parts.period == date(2026, 3, 1)
    assert parts.path == ("华控智能装备（演示）",)
    assert parts.expected == march.amount + 5
    assert parts.actual == march.amount
    assert "2026-03" in parts.message
    total = next(p for p in problems if p.kind == "months_sum")
    assert total.difference == 5


def test_levels_that_do_not_follow_the_ambition_rates_are_reported(demo_plan: Plan) -> None:
    node = PlanNode.objects.get(plan=demo_plan, tree="market", key="new_product")
    PlanNode.objects.filter(pk=node.pk).update(breakthrough=node.amount)

    problems = plan_validate(demo_plan)

    assert [p.kind for p in problems] == ["level_breakthrough"]
    assert problems[0].expected == (node.amount * Decimal("1.2")).quantize(FEN)
    assert problems[0].actual == node.amount
    assert "120%" in problems[0].message
    assert problems[0].path == ("华控智能装备（演示）", "新产品销售")


def test_a_root_that_is_not_the_annual_target_is_reported(demo_plan: Plan) -> None:
    Plan.objects.filter(pk=demo_plan.pk).update(target=Decimal(49_000_000))
    demo_plan.refresh_from_db()

    problems = plan_validate(demo_plan)

    roots = [p for p in problems if p.kind == "root_target"]
    assert sorted(p.tree for p in roots) == ["market", "org"]
    assert all(p.expected == Decimal(49_000_000) for p in roots)
    assert all(p.actual == Decimal(50_000_000) for p in roots)


def test_business_type_shares_must_add_up_to_one_hundred_percent(demo_plan: Plan) -> None:
    assumptions = dict(demo_plan.assumptions)
    assumptions["business_type_shares"] = {
        "repeat": "0.5",
        "new_customer": "0.3",
        "new_product": "0.1",
    }
    Plan.objects.filter(pk=demo_plan.pk).update(assumptions=assumptions)
    demo_plan.refresh_from_db()

    problems = plan_validate(demo_plan)

    assert [p.kind for p in problems] == ["business_type_shares"]
    assert problems[0].expected == 1
    assert problems[0].actual == Decimal("0.9")
    assert "90%" in problems[0].message


def test_plain_rows_are_checked_without_a_stored_plan() -> None:
    nodes = [
        NodeRow(key="root", parent=None, tree="market", label="公司", amount=Decimal(100)),
        NodeRow(key="a", parent="root", tree="market", label="甲", amount=Decimal(70)),
        NodeRow(key="b", parent="root", tree="market", label="乙", amount=Decimal(-5)),
    ]
    months = {
        "a": [MonthRow(date(2026, 1, 1), Decimal(30)), MonthRow(date(2026, 2, 1), Decimal(30))],
        "b": [MonthRow(date(2026, 1, 1), Decimal(-5), Decimal(0), Decimal(-5))],
    }

    problems = validate_rows(target=Decimal(100), nodes=nodes, months=months)

    assert [(p.kind, p.path, p.expected, p.actual) for p in problems] == [
        ("children_sum", ("公司",), Decimal(100), Decimal(65)),
        ("months_sum", ("公司", "甲"), Decimal(70), Decimal(60)),
        ("negative", ("公司", "乙"), Decimal(0), Decimal(-5)),
    ]
    assert problems[1].path_text == "公司 / 甲"
