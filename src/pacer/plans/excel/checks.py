"""The sums a plan workbook must keep, each broken one reported with its cells and numbers.

Trees read from the sheets are checked with the planning core's ``validate_tree``: a node is a
cell (or the sum of its children, where the workbook has no cell for it, e.g. an industry, whose
regions are the rows), and every node whose children do not add up to it is reported with the
cell of the whole, the cells of its parts, both values and the difference (parts − whole).
A check that involves an unreadable cell is skipped: that cell is reported on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from pacer.planning.levels import AmbitionRates, ambition_levels
from pacer.planning.tree import PlanNode, validate_tree
from pacer.plans.excel.problems import (
    Cell,
    WorkbookProblem,
    cell_ranges,
    percent,
    signed,
    yuan,
)

# Shares are written to 0.01 %; a sum within half of that of 100 % adds up.
SHARE_TOLERANCE = Decimal("0.00005")
# A share to 0.01 % may differ from its exact ratio by less than one such unit.
RATIO_TOLERANCE = Decimal("0.0001")


@dataclass
class Branch:
    """A node read from the workbook; ``cell`` is ``None`` when it is the sum of its children.

    ``split_in`` names the sheet that should hold its parts: a node with an amount and no parts
    there is reported (its amount is given to nobody).
    """

    label: str
    cell: Cell | None
    children: list[Branch] = field(default_factory=list)
    split_in: str = ""

    def amount(self) -> Decimal:
        if self.cell is not None:
            return self.cell.value or Decimal(0)
        return sum((c.amount() for c in self.children), Decimal(0))

    def core(self, key: str = "0") -> PlanNode:
        """The branch as the planning core's tree node (keys are positions)."""
        return PlanNode(
            dimension="",
            key=key,
            label=self.label,
            amount=self.amount(),
            method="workbook",
            children=tuple(c.core(str(i)) for i, c in enumerate(self.children)),
        )

    def part_cells(self) -> list[Cell]:
        """The cells its children's amounts come from (through children without a cell)."""
        cells: list[Cell] = []
        for child in self.children:
            cells.extend([child.cell] if child.cell is not None else child.part_cells())
        return cells

    def at(self, path: Sequence[str]) -> Branch:
        branch = self
        for key in path[1:]:
            branch = branch.children[int(key)]
        return branch

    def walk(self) -> list[Branch]:
        return [self, *(b for c in self.children for b in c.walk())]


def subject(name: str, column: str = "") -> str:
    if column:
        return gettext("「%(name)s」的%(column)s") % {"name": name, "column": column}
    return gettext("「%(name)s」") % {"name": name}


def _readable(*cells: Cell) -> bool:
    return all(c.value is not None for c in cells)


def tree_problems(root: Branch, column: str = "") -> list[WorkbookProblem]:
    """Every node of ``root`` whose children do not add up to it, and every unsplit amount."""
    problems = []
    for found in validate_tree(root.core()):
        branch = root.at(found.path)
        parts = branch.part_cells()
        if branch.cell is None or not _readable(branch.cell, *parts):
            continue
        problems.append(
            sum_problem(branch.cell, parts, subject(branch.label, column), kind="children")
        )
    for branch in root.walk():
        if branch.split_in and not branch.children and branch.cell and branch.cell.value:
            message = gettext(
                "%(subject)s为 %(amount)s，但没有分到任何下级（工作表「%(sheet)s」中没有它的行）"
            ) % {
                "subject": subject(branch.label, column),
                "amount": yuan(branch.cell.value),
                "sheet": branch.split_in,
            }
            problems.append(
                WorkbookProblem(
                    where=branch.cell.ref,
                    message=message,
                    amount=branch.cell.value,
                    parts_total=Decimal(0),
                )
            )
    return problems


def sum_problem(whole: Cell, parts: Sequence[Cell], about: str, *, kind: str) -> WorkbookProblem:
    """``whole`` against the sum of ``parts`` (the caller has checked that they differ)."""
    total = sum((p.value or Decimal(0) for p in parts), Decimal(0))
    amount = whole.value or Decimal(0)
    values = {
        "subject": about,
        "amount": yuan(amount),
        "parts": cell_ranges(parts),
        "total": yuan(total),
        "difference": signed(total - amount),
    }
    templates = {
        "children": gettext(
            "%(subject)s为 %(amount)s，但其下各项（%(parts)s）合计 %(total)s，相差 %(difference)s"
        ),
        "months": gettext(
            "%(subject)s为 %(amount)s，但各月（%(parts)s）合计 %(total)s，相差 %(difference)s"
        ),
        "quarter": gettext(
            "%(subject)s为 %(amount)s，但这三个月（%(parts)s）合计 %(total)s，相差 %(difference)s"
        ),
        "rows": gettext(
            "%(subject)s为 %(amount)s，但各行（%(parts)s）合计 %(total)s，相差 %(difference)s"
        ),
    }
    return WorkbookProblem(
        where=whole.ref,
        message=templates[kind] % values,
        parts=cell_ranges(parts),
        amount=amount,
        parts_total=total,
    )


def adds_up(whole: Cell, parts: Sequence[Cell], about: str, *, kind: str) -> list[WorkbookProblem]:
    """``[]`` when ``parts`` add up to ``whole`` (or a cell is unreadable), else the problem."""
    if not _readable(whole, *parts):
        return []
    if sum((p.value or Decimal(0) for p in parts), Decimal(0)) == whole.value:
        return []
    return [sum_problem(whole, parts, about, kind=kind)]


def row_problems(
    name: str, year_label: str, months: Sequence[Cell], year: Cell, quarters: Sequence[Cell]
) -> list[WorkbookProblem]:
    """A row's twelve months against its year, and each quarter against its three months."""
    problems = adds_up(year, months, subject(name, year_label), kind="months")
    for q, quarter in enumerate(quarters):
        problems += adds_up(
            quarter, months[3 * q : 3 * q + 3], subject(name, f"Q{q + 1}"), kind="quarter"
        )
    return problems


def same_number(cell: Cell, other: Cell, about: str) -> list[WorkbookProblem]:
    """The same amount written in two places must be equal."""
    if not _readable(cell, other) or cell.value == other.value:
        return []
    assert cell.value is not None
    assert other.value is not None
    message = gettext(
        "%(subject)s为 %(amount)s，与 %(other)s 的 %(expected)s 不一致，相差 %(difference)s"
    ) % {
        "subject": about,
        "amount": yuan(cell.value),
        "other": other.ref,
        "expected": yuan(other.value),
        "difference": signed(other.value - cell.value),
    }
    return [
        WorkbookProblem(
            where=cell.ref,
            message=message,
            parts=other.ref,
            amount=cell.value,
            parts_total=other.value,
        )
    ]


def share_problems(
    shares: Sequence[tuple[str, Cell, Cell]], whole: Cell | None
) -> list[WorkbookProblem]:
    """Shares (name, share cell, amount cell) must add up to 100 % and match their amounts."""
    cells = [s for _name, s, _amount in shares]
    if not cells or not _readable(*cells):
        return []
    problems = []
    total = sum((c.value or Decimal(0) for c in cells), Decimal(0))
    if abs(total - 1) > SHARE_TOLERANCE:
        message = gettext("占比合计为 %(total)s，不是 100%%，相差 %(difference)s") % {
            "total": percent(total),
            "difference": f"{(total - 1) * 100:+.2f}%",
        }
        problems.append(
            WorkbookProblem(
                where=cell_ranges(cells),
                message=message,
                parts=cell_ranges(cells),
                amount=Decimal(1),
                parts_total=total,
            )
        )
    if whole is None or not whole.value:
        return problems
    for name, share, amount in shares:
        if not _readable(share, amount):
            continue
        assert share.value is not None
        ratio = (amount.value or Decimal(0)) / whole.value
        if abs(share.value - ratio) >= RATIO_TOLERANCE:
            message = gettext(
                "%(subject)s占比为 %(share)s，但金额 %(amount)s（%(amount_ref)s）"
                "占 %(whole)s（%(whole_ref)s）的 %(ratio)s"
            ) % {
                "subject": subject(name),
                "share": percent(share.value),
                "amount": yuan(amount.value),
                "amount_ref": amount.ref,
                "whole": yuan(whole.value),
                "whole_ref": whole.ref,
                "ratio": percent(ratio),
            }
            problems.append(WorkbookProblem(where=share.ref, message=message))
    return problems


def level_problems(
    name: str, amount: Cell, levels: Sequence[Cell], rates: AmbitionRates, labels: Sequence[str]
) -> list[WorkbookProblem]:
    """Base / stretch / breakthrough of a row must be its amount × the plan's rates."""
    if not levels or not _readable(amount, *levels):
        return []
    assert amount.value is not None
    expected = ambition_levels(amount.value, rates)
    wanted = (expected.base, expected.stretch, expected.breakthrough)
    factors = (rates.base, rates.stretch, rates.breakthrough)
    problems = []
    for cell, value, rate, label in zip(levels, wanted, factors, labels, strict=True):
        if cell.value != value:
            message = gettext(
                "%(subject)s为 %(actual)s，"
                "应为 %(amount)s（%(amount_ref)s）× %(rate)s = %(expected)s"
            ) % {
                "subject": subject(name, label),
                "actual": yuan(cell.value),
                "amount": yuan(amount.value),
                "amount_ref": amount.ref,
                "rate": percent(rate),
                "expected": yuan(value),
            }
            problems.append(
                WorkbookProblem(
                    where=cell.ref,
                    message=message,
                    parts=amount.ref,
                    amount=cell.value,
                    parts_total=value,
                )
            )
    return problems
