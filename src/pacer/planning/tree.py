"""The plan as a tree: each node an amount with its dimension, method and reasons.

Children always sum exactly to their parent. ``validate_tree`` reports every node where they do
not (all problems, not the first), and ``rebalance`` spreads an edit of one child over its
siblings so the parent stays whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pacer.planning.explain import Driver
from pacer.planning.money import FEN, split_by_weights


@dataclass(frozen=True)
class PlanNode:
    """A node of the plan. ``amount`` in yuan; ``method`` names the rule that set it."""

    dimension: str
    key: str
    label: str
    amount: Decimal
    method: str
    drivers: tuple[Driver, ...] = ()
    children: tuple[PlanNode, ...] = field(default=())

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], PlanNode]]:
        """Every node with its path of keys from the root, depth first."""
        here = (*path, self.key)
        yield here, self
        for child in self.children:
            yield from child.walk(here)

    def with_children(self, children: Sequence[PlanNode]) -> PlanNode:
        return replace(self, children=tuple(children))


@dataclass(frozen=True)
class SumProblem:
    """The children of the node at ``path`` add up to ``children_total``, not ``amount``."""

    path: tuple[str, ...]
    amount: Decimal
    children_total: Decimal

    @property
    def difference(self) -> Decimal:
        return self.children_total - self.amount


def validate_tree(root: PlanNode) -> list[SumProblem]:
    """All nodes whose children do not sum exactly to them (leaves are always fine)."""
    problems = []
    for path, node in root.walk():
        if node.children:
            total = sum((c.amount for c in node.children), Decimal(0))
            if total != node.amount:
                problems.append(SumProblem(path=path, amount=node.amount, children_total=total))
    return problems


def rebalance(
    amounts: Sequence[Decimal], index: int, new_amount: Decimal, unit: Decimal = FEN
) -> list[Decimal]:
    """Set ``amounts[index]`` to ``new_amount`` and take the difference from the others.

    The difference is spread over the other siblings in proportion to their amounts (evenly
    when they are all zero), so the total stays the same. Raises ``ValueError`` when the
    others cannot absorb it without going negative: the caller must then ask where the
    difference goes.
    """
    if not 0 <= index < len(amounts):
        msg = f"no sibling at position {index}"
        raise ValueError(msg)
    if new_amount < 0:
        msg = f"an amount cannot be negative: {new_amount}"
        raise ValueError(msg)
    total = sum(amounts, Decimal(0))
    others = [a for i, a in enumerate(amounts) if i != index]
    rest = total - new_amount
    if rest < 0 or (not others and rest != 0):
        msg = f"the other parts cannot give up {new_amount - amounts[index]}"
        raise ValueError(msg)
    spread = split_by_weights(rest, others, unit) if others else []
    result = list(spread)
    result.insert(index, new_amount)
    return result
