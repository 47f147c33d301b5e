"""Read a plan workbook back and check every sum it must keep: ``workbook_check(path)``.

The workbook is read from its own cells (it is not a stored plan yet), in the shape ``export``
writes, with Chinese or English sheet names and headers. Needed: 业务类型, 行业区域, 月度 and
个人; 总览 (the target and its levels), 客户分层 and 预算 are checked when present. Checked:

- business types add up to the target (or their 合计 row, which must equal the target), their
  shares add up to 100 % and match their amounts; each type's 行业区域 rows add up to it;
- every 月度 row's months add up to its year, each quarter to its three months; the org rows
  (company → teams, linked by 上级) and the people of 个人 add up for the year; a business
  type's year in 月度 equals its amount in 业务类型, and the company's year equals the target;
- each person's months add up to their target, and the people add up to the target;
- base / stretch / breakthrough of every row are its amount × the plan's rates (from 总览);
- tiers' shares add up to 100 % and their planned repeat to the repeat business; budget lines
  add up to their total.

Every problem is reported (not only the first) with the cells involved, see ``checks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from pacer.crm.models import BusinessType
from pacer.planning.levels import AmbitionRates
from pacer.planning.tree import PlanNode
from pacer.plans.excel import layout, sheets
from pacer.plans.excel.book import Book, read_book, year_header
from pacer.plans.excel.checks import (
    adds_up,
    level_problems,
    row_problems,
    same_number,
    share_problems,
    subject,
)
from pacer.plans.excel.problems import WorkbookProblem, cell_ranges, in_reading_order, yuan
from pacer.plans.excel.reading import Reader
from pacer.plans.excel.sheets import Line, Lines, PersonLine
from pacer.plans.excel.trees import market_tree, org_tree


@dataclass(frozen=True)
class WorkbookSummary:
    year: str
    target: Decimal | None
    business_types: int
    market_rows: int
    teams: int
    people: int

    def line(self) -> str:
        return gettext(
            "财年 %(year)s，年度目标 %(target)s 元；%(types)d 个业务类型，%(markets)d 行行业区域，"
            "%(teams)d 个团队，%(people)d 人"
        ) % {
            "year": self.year or "-",
            "target": yuan(self.target),
            "types": self.business_types,
            "markets": self.market_rows,
            "teams": self.teams,
            "people": self.people,
        }


@dataclass
class WorkbookCheck:
    """The result of reading a workbook: its problems, a summary, and the trees read."""

    file: str
    problems: list[WorkbookProblem]
    summary: WorkbookSummary | None = None
    market_tree: PlanNode | None = None
    org_tree: PlanNode | None = None

    @property
    def valid(self) -> bool:
        return not self.problems


def workbook_check(path: Path, *, name: str | None = None) -> WorkbookCheck:
    """Read the workbook at ``path`` (shown as ``name``) and report everything that is wrong."""
    reader = Reader(name or path.name)
    if not reader.open(path):
        return WorkbookCheck(reader.file, reader.problems)
    tables = {
        spec.name.key: reader.table(spec, required=spec in layout.REQUIRED)
        for spec in (layout.OVERVIEW, *layout.REQUIRED, layout.TIERS, layout.BUDGET)
    }
    book = read_book(reader, tables)
    market = market_tree(book)
    org = org_tree(book)
    _months_rows(book)
    _people_sums(book)
    _levels(book)
    _tiers(book)
    _budget(book)
    org_lines = [m for m in book.months or [] if m.tree == layout.TREE_ORG.key]
    summary = WorkbookSummary(
        year=book.overview.year,
        target=book.target.value if book.target else None,
        business_types=len(book.types.rows) if book.types else 0,
        market_rows=len(book.markets.rows) if book.markets else 0,
        teams=max(0, len(org_lines) - 1),
        people=len(book.people.rows) if book.people else 0,
    )
    return WorkbookCheck(
        file=reader.file,
        problems=in_reading_order(reader.problems + book.problems, reader.sheet_titles()),
        summary=summary,
        market_tree=market.core() if market else None,
        org_tree=org.core() if org else None,
    )


# -- rows, people, levels, tiers, budget --------------------------------------------------------


def _months_rows(book: Book) -> None:
    year_label = year_header(book)
    for m in book.months or []:
        book.problems += row_problems(m.name, year_label, m.months, m.year, m.quarters)


def _people_sums(book: Book) -> None:
    people, table = book.people, book.tables["people"]
    if people is None or table is None:
        return
    target_label = book.reader.header(table, table.columns["target"])
    for p in people.rows:
        book.problems += adds_up(p.amount, p.months, subject(p.name, target_label), kind="months")
    amounts = [p.amount for p in people.rows]
    if people.total:
        total = people.total
        book.problems += adds_up(total.amount, amounts, subject(total.name), kind="rows")
        if book.target is not None:
            book.problems += same_number(total.amount, book.target, subject(total.name))
    elif book.target is not None:
        book.problems += adds_up(book.target, amounts, gettext("年度目标"), kind="rows")


def _levels(book: Book) -> None:
    rates = _rates(book)
    if rates is None:
        return
    groups: list[Lines[Line] | Lines[sheets.MarketLine] | Lines[PersonLine] | None] = [
        book.types,
        book.markets,
        book.people,
    ]
    for lines in groups:
        if lines is None or not lines.level_labels:
            continue
        for line in [*lines.rows, *([lines.total] if lines.total else [])]:
            book.problems += level_problems(
                line.label, line.amount, line.levels, rates, lines.level_labels
            )


def _rates(book: Book) -> AmbitionRates | None:
    """The plan's ambition rates, from the levels of the target in 总览."""
    o = book.overview
    if len(o.levels) != 3 or o.target is None or not o.target.value:
        return None
    values = [c.value for c in o.levels]
    if any(v is None for v in values):
        return None
    target = o.target.value
    try:
        return AmbitionRates(*(v / target for v in values if v is not None))
    except ValueError:
        book.reader.problem(
            cell_ranges(o.levels),
            gettext("基础线、挑战线、突破线应大于零，且依次不减"),
        )
        return None


def _tiers(book: Book) -> None:
    table = book.tables["tiers"]
    if table is None:
        return
    reader = book.reader
    tiers = sheets.amounts(reader, table, "tier", "planned_repeat")
    column = table.columns["last_12_months"]
    bought = [reader.money(table, t.row, column) for t in tiers.rows]
    if all(b.value is not None for b in bought) and sum(b.value or 0 for b in bought) > 0:
        whole = reader.money(table, tiers.total.row, column) if tiers.total else None
        shares = [(t.name, t.share, b) for t, b in zip(tiers.rows, bought, strict=True) if t.share]
        book.problems += share_problems(shares, whole)
    planned = [t.amount for t in tiers.rows]
    if tiers.total:
        book.problems += adds_up(
            tiers.total.amount, planned, subject(tiers.total.name), kind="rows"
        )
    repeat = next((t for t in book.types.rows if _is_repeat(t.name)), None) if book.types else None
    if repeat is not None:
        book.problems += adds_up(repeat.amount, planned, subject(repeat.name), kind="rows")


def _is_repeat(name: str) -> bool:
    names = {"repeat"}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.add(layout.normalise(str(BusinessType.REPEAT.label)))
    return layout.normalise(name) in names


def _budget(book: Book) -> None:
    table = book.tables["budget"]
    if table is None:
        return
    budget = sheets.amounts(book.reader, table, "line", "amount")
    if budget.total:
        parts = [line.amount for line in budget.rows]
        book.problems += adds_up(
            budget.total.amount, parts, subject(budget.total.name), kind="rows"
        )
