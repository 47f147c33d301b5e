"""Reads for the plan pages: one plan, its tree × periods grid, one node and one cell.

Everything goes through ``plans.selectors`` (which plans, which nodes) and ``pacer.access``
(which people and projects): a plan or node outside the actor's view is *not found* (404).

Money is yuan as ``Decimal`` to the fen. A plan stores months; a quarter is the sum of its three
months. Periods are half-open ``[start, end)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.plans.labels import DIMENSIONS
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.plans.selectors import latest_plan, plans_for, visible_node_ids

TREES = ("market", "org")
GRAINS = ("quarter", "month")
ZERO = Decimal("0.00")


def plan_for(actor: Actor, pk: object) -> Plan:
    """One plan the actor may read, or ``Http404``."""
    return access.get_visible(plans_for(actor), pk)


def chosen_plan(actor: Actor, pk: str | None) -> Plan | None:
    """The plan named by ``?plan=`` (404 when it is not readable), else the latest one."""
    if pk:
        return plan_for(actor, pk)
    if not plans_for(actor).exists():
        return None
    return latest_plan()


def choice(value: str | None, allowed: Sequence[str]) -> str:
    """``value`` when it is one of ``allowed``, else the first (the default)."""
    return value if value is not None and value in allowed else allowed[0]


# -- cells ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A node's target for one period (a month, or a quarter summing three months).

    ``key`` is ``YYYY-MM`` for a month and ``q1``..``q4`` for a quarter. ``coverage`` is the
    open pipeline expected in the period ÷ its target (``None`` when the target is zero).
    Warnings follow the plan's own: periods already over at the plan's data day are not flagged.
    """

    key: str
    label: str
    start: date
    end: date
    amount: Decimal
    identified: Decimal
    run_rate: Decimal
    pipeline: Decimal
    coverage: Decimal | None
    low_coverage: bool
    not_backed: bool
    project_ids: tuple[int, ...]
    months: tuple[PlanPeriod, ...]

    @property
    def warning(self) -> bool:
        return self.low_coverage or self.not_backed

    @property
    def is_quarter(self) -> bool:
        return self.key.startswith("q")


def month_label(start: date) -> str:
    return gettext("%(month)s月") % {"month": start.month}


def month_cell(period: PlanPeriod, as_of: date) -> Cell:
    ahead = period.end > as_of
    return Cell(
        key=period.start.strftime("%Y-%m"),
        label=month_label(period.start),
        start=period.start,
        end=period.end,
        amount=period.amount,
        identified=period.identified,
        run_rate=period.run_rate,
        pipeline=period.pipeline,
        coverage=period.coverage,
        low_coverage=ahead and period.backed and period.coverage_warning,
        not_backed=ahead and not period.backed,
        project_ids=tuple(period.project_ids),
        months=(period,),
    )


def quarter_cell(number: int, months: Sequence[PlanPeriod], as_of: date) -> Cell:
    """Quarter ``number`` (1..4) from its three months."""
    cells = [month_cell(m, as_of) for m in months]
    amount = sum((m.amount for m in months), ZERO)
    pipeline = sum((m.pipeline for m in months), ZERO)
    ahead = months[-1].end > as_of
    return Cell(
        key=f"q{number}",
        label=gettext("Q%(quarter)s") % {"quarter": number},
        start=months[0].start,
        end=months[-1].end,
        amount=amount,
        identified=sum((m.identified for m in months), ZERO),
        run_rate=sum((m.run_rate for m in months), ZERO),
        pipeline=pipeline,
        coverage=(pipeline / amount).quantize(Decimal("0.01")) if amount > 0 else None,
        low_coverage=any(c.warning for c in cells),
        not_backed=ahead and not any(m.backed for m in months),
        project_ids=tuple(sorted({pid for m in months for pid in m.project_ids})),
        months=tuple(months),
    )


def cells_of(periods: Sequence[PlanPeriod], grain: str, as_of: date) -> tuple[Cell, ...]:
    """The node's months, or its quarters (fewer than three months make no quarter)."""
    ordered = sorted(periods, key=lambda p: p.start)
    if grain == "month":
        return tuple(month_cell(p, as_of) for p in ordered)
    return tuple(
        quarter_cell(q + 1, ordered[3 * q : 3 * q + 3], as_of) for q in range(len(ordered) // 3)
    )


def find_cell(cells: Iterable[Cell], key: str | None) -> Cell | None:
    return next((c for c in cells if c.key == key), None) if key else None


# -- the grid ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridRow:
    """One node of the grid: its depth below the root and whether its children are shown.

    ``toggle_open`` is the ``?open=`` value that shows the grid with this row toggled, for a
    browser without scripts.
    """

    node: PlanNode
    depth: int
    has_children: bool
    is_open: bool
    cells: tuple[Cell, ...]
    toggle_open: str

    @property
    def dimension_label(self) -> str:
        return str(DIMENSIONS.get(self.node.dimension, self.node.dimension))


class TreeView:
    """The nodes of one tree of a plan that the actor may see, loaded once."""

    def __init__(self, actor: Actor, plan: Plan, tree: str) -> None:
        self.plan = plan
        self.tree = tree
        visible = visible_node_ids(actor, plan)
        nodes = PlanNode.objects.filter(plan=plan, tree=tree, pk__in=visible).order_by("position")
        self.nodes = {n.pk: n for n in nodes.select_related("person")}
        self.children: dict[int | None, list[PlanNode]] = defaultdict(list)
        for n in self.nodes.values():
            parent = n.parent_id if n.parent_id in self.nodes else None
            self.children[parent].append(n)

    @property
    def root(self) -> PlanNode | None:
        roots = self.children.get(None, [])
        return roots[0] if roots else None

    def depth(self, node: PlanNode) -> int:
        depth, parent = 0, node.parent_id
        while parent is not None and parent in self.nodes:
            depth, parent = depth + 1, self.nodes[parent].parent_id
        return depth

    def rows(self, grain: str, open_ids: Iterable[int] = ()) -> list[GridRow]:
        """The root, and below every open node its children.

        The root is always open, and so is an only child of an open node: a chain of single
        nodes (the company's one sales department, a rep's own team) needs no clicks.
        """
        root = self.root
        if root is None:
            return []
        opened = {root.pk, *open_ids}
        shown: list[tuple[PlanNode, int]] = []

        def visit(node: PlanNode, depth: int) -> None:
            shown.append((node, depth))
            if node.pk in opened:
                children = self.children.get(node.pk, [])
                if len(children) == 1:
                    opened.add(children[0].pk)
                for child in children:
                    visit(child, depth + 1)

        visit(root, 0)
        return self._rows(shown, grain, opened)

    def child_rows(self, node: PlanNode, grain: str) -> list[GridRow]:
        """The children of ``node``, shown closed, as an expanded row asks for them."""
        opened = {node.pk, *self.ancestors(node)}
        children = [(c, self.depth(node) + 1) for c in self.children.get(node.pk, [])]
        return self._rows(children, grain, opened, show_open=False)

    def ancestors(self, node: PlanNode) -> list[int]:
        result, parent = [], node.parent_id
        while parent is not None and parent in self.nodes:
            result.append(parent)
            parent = self.nodes[parent].parent_id
        return result

    def _rows(
        self,
        shown: Sequence[tuple[PlanNode, int]],
        grain: str,
        opened: set[int],
        *,
        show_open: bool = True,
    ) -> list[GridRow]:
        periods = periods_by_node([n.pk for n, _ in shown])
        root = self.root
        always = {root.pk} if root else set()
        rows = []
        for n, depth in shown:
            is_open = show_open and n.pk in opened and bool(self.children.get(n.pk))
            toggled = (opened - {n.pk} if is_open else opened | {n.pk}) - always
            rows.append(
                GridRow(
                    node=n,
                    depth=depth,
                    has_children=bool(self.children.get(n.pk)),
                    is_open=is_open,
                    cells=cells_of(periods.get(n.pk, []), grain, self.plan.as_of),
                    toggle_open=",".join(str(pk) for pk in sorted(toggled)),
                )
            )
        return rows


def periods_by_node(node_ids: Sequence[int]) -> dict[int, list[PlanPeriod]]:
    result: dict[int, list[PlanPeriod]] = defaultdict(list)
    for p in PlanPeriod.objects.filter(node_id__in=node_ids).order_by("node", "start"):
        result[p.node_id].append(p)
    return result


def parse_open(text: str | None) -> set[int]:
    """Node ids from ``?open=3,7`` (anything that is not an id is ignored)."""
    return {int(part) for part in (text or "").split(",") if part.strip().isdigit()}


def node_in_plan(actor: Actor, plan: Plan, pk: int) -> PlanNode:
    """A node of ``plan`` the actor may see, in either tree, or ``Http404``."""
    if pk not in visible_node_ids(actor, plan):
        raise Http404
    return PlanNode.objects.select_related("person").get(pk=pk, plan=plan)
