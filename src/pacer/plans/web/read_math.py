""" "See the math" for a node, or a node × period cell of a plan.

For a node: its method, the sentences that explain its amount, and its ambition levels.
For a cell (DESIGN §3, pipeline-backed time split):

- identified ``I = Σ amount × probability`` over the projects expected to sign in the period
  (a project already won counts with probability 1 at its closing day);
- run-rate: the node's run-rate business ``R = T − Σ I`` spread by the season share ``s`` of
  the period, so the period's run-rate part is ``R × s`` (rounded to the fen by the exact split);
- coverage = open pipeline expected in the period ÷ the period's target, against the threshold.

Projects are named only when the actor may see them (``pacer.access.projects_for``); the others
are counted, and their part is what remains of the stored identified amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Project, Stage
from pacer.planning.money import FEN
from pacer.plans.explain import explain
from pacer.plans.models import Plan, PlanNode
from pacer.plans.web.read_selectors import ZERO, Cell, cells_of, find_cell, periods_by_node

DEFAULT_COVERAGE_THRESHOLD = Decimal(3)


@dataclass(frozen=True)
class BackingLine:
    """A project that backs a period: probability (0..1) and ``amount × probability`` (yuan).

    A project won since counts with probability 1 at its closing day, as the plan counted it.
    """

    project: Project
    probability: Decimal
    expected: date | None
    weighted: Decimal

    @property
    def won(self) -> bool:
        return self.project.stage == Stage.WON


@dataclass(frozen=True)
class Backing:
    """The projects behind a cell, as far as the actor may see them."""

    lines: tuple[BackingLine, ...]
    hidden_count: int
    hidden_weighted: Decimal
    visible_weighted: Decimal
    stored_identified: Decimal

    @property
    def count(self) -> int:
        return len(self.lines) + self.hidden_count

    @property
    def recomputed(self) -> Decimal:
        """Σ amount × probability of the visible projects plus the hidden part, to the fen."""
        return (self.visible_weighted + self.hidden_weighted).quantize(FEN)

    @property
    def matches(self) -> bool:
        """Whether today's project data still gives the identified amount the plan stored."""
        return self.hidden_count > 0 or self.recomputed == self.stored_identified


@dataclass(frozen=True)
class RunRate:
    """The node's run-rate business ``total = target − identified_total`` (yuan, not below
    zero), the period's season ``share`` and their ``product``; ``stored`` is the plan's
    run-rate part of the period (the product rounded by the exact split)."""

    target: Decimal
    identified_total: Decimal
    total: Decimal
    share: Decimal
    product: Decimal
    stored: Decimal


@dataclass(frozen=True)
class CellMath:
    cell: Cell
    backing: Backing
    run_rate: RunRate | None
    threshold: Decimal
    months: tuple[Cell, ...]


@dataclass(frozen=True)
class NodeMath:
    plan: Plan
    node: PlanNode
    explanation: tuple[str, ...]
    cells: tuple[Cell, ...]
    cell: CellMath | None


def backing_lines(actor: Actor, cell: Cell) -> Backing:
    """The cell's backing projects: the visible ones named, the rest only counted."""
    return backing_of_cells(actor, [cell])[0]


def backing_of_cells(actor: Actor, cells: Sequence[Cell]) -> list[Backing]:
    """The backing of several cells, with one read of the projects."""
    ids = {pid for cell in cells for pid in cell.project_ids}
    visible = (
        access.projects_for(actor)
        .filter(pk__in=ids)
        .select_related("customer", "owner")
        .order_by("expected_sign_date", "name", "pk")
    )
    lines = [_line(p) for p in visible]
    return [
        _backing(cell, [line for line in lines if line.project.pk in cell.project_ids])
        for cell in cells
    ]


def _backing(cell: Cell, lines: Sequence[BackingLine]) -> Backing:
    visible_weighted = sum((line.weighted for line in lines), ZERO)
    hidden = len(cell.project_ids) - len(lines)
    return Backing(
        lines=tuple(lines),
        hidden_count=hidden,
        hidden_weighted=max(ZERO, cell.identified - visible_weighted) if hidden else ZERO,
        visible_weighted=visible_weighted,
        stored_identified=cell.identified,
    )


def _line(project: Project) -> BackingLine:
    won = project.stage == Stage.WON
    probability = Decimal(1) if won else Decimal(project.probability) / 100
    return BackingLine(
        project=project,
        probability=probability,
        expected=project.closed_date if won else project.expected_sign_date,
        weighted=project.amount * probability,
    )


def run_rate(node: PlanNode, cells: tuple[Cell, ...], cell: Cell) -> RunRate | None:
    """``R × s`` for a month; ``None`` for a quarter (it is the sum of its months)."""
    if cell.is_quarter:
        return None
    identified = sum((c.identified for c in cells), ZERO)
    total = max(ZERO, node.amount - identified)
    share = cell.months[0].season_share
    return RunRate(
        target=node.amount,
        identified_total=identified,
        total=total,
        share=share,
        product=(total * share).quantize(FEN),
        stored=cell.run_rate,
    )


def threshold_of(plan: Plan) -> Decimal:
    raw = plan.assumptions.get("coverage_threshold")
    return Decimal(raw) if raw else DEFAULT_COVERAGE_THRESHOLD


def node_math(actor: Actor, plan: Plan, node: PlanNode, key: str | None) -> NodeMath:
    """The node's explanation, and the cell ``key`` (``YYYY-MM`` or ``q1``..``q4``) if given."""
    periods = periods_by_node([node.pk]).get(node.pk, [])
    months = cells_of(periods, "month", plan.as_of)
    quarters = cells_of(periods, "quarter", plan.as_of)
    cell = find_cell(months, key) or find_cell(quarters, key)
    math = None
    if cell is not None:
        math = CellMath(
            cell=cell,
            backing=backing_lines(actor, cell),
            run_rate=run_rate(node, months, cell),
            threshold=threshold_of(plan),
            months=tuple(c for c in months if cell.start <= c.start < cell.end)
            if cell.is_quarter
            else (),
        )
    return NodeMath(
        plan=plan,
        node=node,
        explanation=tuple(explain(d) for d in node.drivers),
        cells=months,
        cell=math,
    )
