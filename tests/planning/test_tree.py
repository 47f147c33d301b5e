from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.tree import PlanNode, rebalance, validate_tree


def node(key: str, amount: int, *children: PlanNode) -> PlanNode:
    return PlanNode("test", key, key, Decimal(amount), "given", children=children)


def test_valid_tree_has_no_problems_and_walks_depth_first() -> None:
    root = node("all", 10, node("a", 4, node("a1", 4)), node("b", 6))
    assert validate_tree(root) == []
    assert [path for path, _ in root.walk()] == [
        ("all",),
        ("all", "a"),
        ("all", "a", "a1"),
        ("all", "b"),
    ]


def test_every_bad_node_is_reported() -> None:
    root = node("all", 10, node("a", 4, node("a1", 3)), node("b", 5))
    problems = validate_tree(root)
    assert [(p.path, p.difference) for p in problems] == [
        (("all",), Decimal(-1)),
        (("all", "a"), Decimal(-1)),
    ]


def test_with_children_replaces_them() -> None:
    root = node("all", 3).with_children([node("x", 3)])
    assert root.children[0].key == "x"


def test_rebalance_spreads_the_difference_proportionally() -> None:
    assert rebalance([Decimal(50), Decimal(30), Decimal(20)], 0, Decimal(60)) == [
        Decimal(60),
        Decimal("24.00"),
        Decimal("16.00"),
    ]


def test_rebalance_refuses_what_the_others_cannot_absorb() -> None:
    with pytest.raises(ValueError, match="cannot give up"):
        rebalance([Decimal(5), Decimal(5)], 0, Decimal(11))
    with pytest.raises(ValueError, match="cannot give up"):
        rebalance([Decimal(5)], 0, Decimal(4))
    with pytest.raises(ValueError, match="position"):
        rebalance([Decimal(5)], 3, Decimal(4))
    with pytest.raises(ValueError, match="negative"):
        rebalance([Decimal(5)], 0, Decimal(-4))
    assert rebalance([Decimal(5)], 0, Decimal(5)) == [Decimal(5)]


@given(
    st.lists(st.integers(0, 10**8).map(lambda n: Decimal(n) / 100), min_size=2, max_size=20),
    st.data(),
)
def test_rebalance_keeps_the_total(amounts: list[Decimal], data: st.DataObject) -> None:
    total = sum(amounts, Decimal(0))
    index = data.draw(st.integers(0, len(amounts) - 1))
    new = data.draw(st.integers(0, int(total * 100)).map(lambda n: Decimal(n) / 100))
    result = rebalance(amounts, index, new)
    assert sum(result, Decimal(0)) == total
    assert result[index] == new
    assert all(a >= 0 for a in result)
