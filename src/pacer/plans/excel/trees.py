"""The two trees of a plan workbook, each node checked against the sum of its children.

Market: target → business types (业务类型) → industries → regions (行业区域 rows); in 月度 the
company's year equals the target and each business type's year its amount. Org: company →
teams (月度 rows linked by 上级) → people (个人 rows linked by 团队), on the year's amounts.

Months are checked within each row (they add up to its year), not across the tree: each node's
months follow its own projects and seasonality, so a month of the parent is not the sum of that
month of its children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from pacer.plans.excel import layout, sheets
from pacer.plans.excel.book import (
    Book,
    company,
    ref,
    unique,
    unknown,
    year_header,
)
from pacer.plans.excel.checks import (
    Branch,
    adds_up,
    same_number,
    share_problems,
    subject,
    tree_problems,
)
from pacer.plans.excel.problems import Cell, sheet_ref
from pacer.plans.excel.sheets import Line, MonthLine, PersonLine

# -- the market tree: target → business types → industries → regions ----------------------------


def market_tree(book: Book) -> Branch | None:
    types, markets = book.types, book.markets
    if types is None:
        return None
    whole = types.total.amount if types.total else book.target
    by_name = unique(book, types, "business_types", "business_type")
    rows: dict[str, list[sheets.MarketLine]] = defaultdict(list)
    for line in markets.rows if markets else []:
        if line.business_type in by_name:
            rows[line.business_type].append(line)
        else:
            unknown(
                book,
                "markets",
                line.row,
                "business_type",
                name=line.business_type,
                sheet=types.title,
            )
    split_in = markets.title if markets else ""
    root = Branch(types.total.name if types.total else company(book), whole)
    for t in types.rows:
        industries: dict[str, Branch] = {}
        for line in rows[t.name]:
            industry = industries.setdefault(line.industry, Branch(line.industry, None))
            industry.children.append(Branch(line.name or line.industry, line.amount))
        root.children.append(Branch(t.name, t.amount, list(industries.values()), split_in))
    book.problems += tree_problems(root)
    if types.total and book.target is not None and book.target is not types.total.amount:
        book.problems += same_number(types.total.amount, book.target, subject(types.total.name))
    if markets and markets.total:
        parts = [m.amount for m in markets.rows]
        book.problems += adds_up(
            markets.total.amount, parts, subject(markets.total.name), kind="rows"
        )
    shares = [(t.name, t.share, t.amount) for t in types.rows if t.share is not None]
    book.problems += share_problems(shares, whole)
    _market_months(book, by_name)
    return root


def _market_months(book: Book, types: dict[str, Line]) -> None:
    """Company → business types in 月度: month by month, and each type's year = its amount."""
    linked = _link(book, layout.TREE_MARKET)
    table = book.tables["months"]
    if linked is None or table is None:
        return
    year_label = year_header(book)
    root = linked.root
    if book.target is not None and book.target is not root.year:
        book.problems += same_number(root.year, book.target, subject(root.name, year_label))
    if book.types is not None:
        seen = set()
        for child in linked.children.get(root.name, []):
            line = types.get(child.name)
            if line is None:
                unknown(book, "months", child.row, "name", name=child.name, sheet=book.types.title)
                continue
            seen.add(child.name)
            book.problems += same_number(child.year, line.amount, subject(child.name, year_label))
        for row in book.types.rows:
            if row.name not in seen and types.get(row.name) is row:
                book.reader.problem(
                    ref(book, "business_types", row.row, "business_type"),
                    gettext("工作表「%(sheet)s」中没有「%(name)s」的月度行")
                    % {"sheet": table.title, "name": row.name},
                )


# -- the org tree: target → teams (月度) → people (个人) ---------------------------------------


def org_tree(book: Book) -> Branch | None:
    linked = _link(book, layout.TREE_ORG)
    if linked is None:
        return None
    names = {m.name for m in book.months or [] if m.tree == layout.TREE_ORG.key}
    members: dict[str, list[PersonLine]] = defaultdict(list)
    months_title = book.tables["months"].title if book.tables["months"] else ""
    for person in book.people.rows if book.people else []:
        if person.team in names:
            members[person.team].append(person)
        else:
            unknown(book, "people", person.row, "team", name=person.team, sheet=months_title)
    split_in = book.people.title if book.people else ""
    year_label = year_header(book)
    root = _branch(
        linked,
        lambda m: m.year,
        lambda m: [Branch(p.name, p.amount) for p in members[m.name]],
        split_in,
    )
    book.problems += tree_problems(root, year_label)
    if book.target is not None and book.target is not linked.root.year:
        book.problems += same_number(
            linked.root.year, book.target, subject(linked.root.name, year_label)
        )
    return root


@dataclass
class _Linked:
    root: MonthLine
    children: dict[str, list[MonthLine]]


def _link(book: Book, tree: layout.Name) -> _Linked | None:
    """The rows of one tree of 月度 linked by their 上级 (parent) names."""
    lines = [m for m in book.months or [] if m.tree == tree.key]
    table = book.tables["months"]
    if not lines or table is None:
        return None
    reader = book.reader
    roots = [m for m in lines if not m.parent]
    tree_name = f"{tree.zh} / {tree.en}"
    if len(roots) != 1:
        reader.problem(
            sheet_ref(table.title),
            gettext("「%(tree)s」的行中应有且只有一行没有上级（公司），找到 %(count)d 行")
            % {"tree": tree_name, "count": len(roots)},
        )
        return None
    named: dict[str, MonthLine] = {}
    for m in lines:
        if m.name in named:
            reader.problem(
                ref(book, "months", m.row, "name"),
                gettext("「%(name)s」重复：第 %(row)d 行已有同名的「%(tree)s」行")
                % {"name": m.name, "row": named[m.name].row, "tree": tree_name},
            )
        else:
            named[m.name] = m
    children: dict[str, list[MonthLine]] = defaultdict(list)
    for m in lines:
        if m.parent and m.parent not in named:
            reader.problem(
                ref(book, "months", m.row, "parent"),
                gettext("上级「%(parent)s」不是本表中「%(tree)s」的行")
                % {"parent": m.parent, "tree": tree_name},
            )
        elif m.parent and named[m.name] is m:
            children[m.parent].append(m)
    reached = _reached(roots[0], children)
    for m in lines:
        if id(m) not in reached and m.parent in named and named[m.name] is m:
            reader.problem(
                ref(book, "months", m.row, "parent"),
                gettext("「%(name)s」连不到公司：上级关系绕成了圈") % {"name": m.name},
            )
    return _Linked(roots[0], children)


def _reached(root: MonthLine, children: dict[str, list[MonthLine]]) -> set[int]:
    reached: set[int] = set()
    stack = [root]
    while stack:
        line = stack.pop()
        if id(line) not in reached:
            reached.add(id(line))
            stack.extend(children.get(line.name, []))
    return reached


def _branch(
    linked: _Linked,
    cell_of: Callable[[MonthLine], Cell],
    leaves: Callable[[MonthLine], list[Branch]] = lambda _m: [],
    split_in: str = "",
) -> Branch:
    """The tree of ``linked`` with each row's cell picked by ``cell_of``, people as leaves."""
    seen: set[int] = set()

    def build(line: MonthLine) -> Branch:
        seen.add(id(line))
        below = [build(c) for c in linked.children.get(line.name, []) if id(c) not in seen]
        return Branch(line.name, cell_of(line), below + leaves(line), split_in)

    return build(linked.root)
