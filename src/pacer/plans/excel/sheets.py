"""The rows of each sheet of a plan workbook, as named amounts with their cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils.translation import gettext

from pacer.plans.excel import layout
from pacer.plans.excel.problems import Cell
from pacer.plans.excel.reading import Reader, Table


@dataclass
class Line:
    """A row that carries one amount (and possibly its three ambition levels and a share)."""

    name: str
    row: int
    amount: Cell
    levels: list[Cell] = field(default_factory=list)
    share: Cell | None = None

    @property
    def label(self) -> str:
        return self.name


@dataclass
class MarketLine(Line):
    business_type: str = ""
    industry: str = ""

    @property
    def label(self) -> str:
        return " · ".join(n for n in (self.business_type, self.industry, self.name) if n)


@dataclass
class MonthLine:
    """A row of the monthly sheet: a node of one tree with its months, year and quarters."""

    tree: str
    name: str
    parent: str
    row: int
    months: list[Cell]
    year: Cell
    quarters: list[Cell]


@dataclass
class PersonLine(Line):
    team: str = ""
    months: list[Cell] = field(default_factory=list)


LineT = TypeVar("LineT", bound=Line)


@dataclass
class Lines(Generic[LineT]):
    """The rows of one sheet and its total row (合计 / Total), if it has one."""

    title: str
    rows: list[LineT] = field(default_factory=list)
    total: LineT | None = None
    level_labels: list[str] = field(default_factory=list)


@dataclass
class Overview:
    year: str = ""
    target: Cell | None = None
    levels: list[Cell] = field(default_factory=list)


def overview(reader: Reader, table: Table) -> Overview:
    found = Overview()
    value = table.columns["value"]
    levels: dict[str, Cell] = {}
    for r in table.rows:
        item = reader.text(table, r, "item")
        key = next((k for k, name in layout.ITEMS.items() if name.matches(item)), None)
        if key == "year":
            found.year = reader.text(table, r, "value")
        elif key == "target":
            found.target = reader.money(table, r, value)
        elif key in {"base", "stretch", "breakthrough"}:
            levels[key] = reader.money(table, r, value)
    if len(levels) == 3:
        found.levels = [levels["base"], levels["stretch"], levels["breakthrough"]]
    return found


def _level_labels(reader: Reader, table: Table) -> list[str]:
    """The headers of the level columns of ``table`` (none unless it has all three)."""
    columns = [table.columns.get(level.key) for level in layout.LEVELS]
    labels = [reader.header(table, c) for c in columns if c is not None]
    return labels if len(labels) == 3 else []


def _levels(reader: Reader, table: Table, row: int) -> list[Cell]:
    """The three levels of a row; none when the sheet has no level columns or they are blank."""
    columns = [table.columns.get(level.key) for level in layout.LEVELS]
    if any(c is None for c in columns):
        return []
    if all(reader.raw(table, row, c) in {None, ""} for c in columns if c is not None):
        return []
    return [reader.money(table, row, c) for c in columns if c is not None]


def _named(reader: Reader, table: Table, row: int, key: str) -> str:
    """The name in column ``key``; a missing name is reported at its cell."""
    name = reader.text(table, row, key)
    if not name:
        reader.problem(
            reader.cell_ref(table, row, key),
            gettext("缺少「%(header)s」") % {"header": reader.header(table, table.columns[key])},
        )
    return name


def amounts(reader: Reader, table: Table, name_key: str, amount_key: str) -> Lines[Line]:
    """Rows of ``name`` and amount (business types, budget lines, tiers)."""
    lines: Lines[Line] = Lines(table.title, level_labels=_level_labels(reader, table))
    amount_column = table.columns[amount_key]
    share_column = table.columns.get("share")
    for r in table.rows:
        name = reader.text(table, r, name_key)
        line = Line(
            name=name,
            row=r,
            amount=reader.money(table, r, amount_column),
            levels=_levels(reader, table, r),
            share=reader.share(table, r, share_column) if share_column else None,
        )
        if layout.TOTAL.matches(name):
            lines.total = line
        elif _named(reader, table, r, name_key):
            lines.rows.append(line)
    return lines


def markets(reader: Reader, table: Table) -> Lines[MarketLine]:
    lines: Lines[MarketLine] = Lines(table.title, level_labels=_level_labels(reader, table))
    for r in table.rows:
        business_type = reader.text(table, r, "business_type")
        line = MarketLine(
            name=reader.text(table, r, "region"),
            row=r,
            amount=reader.money(table, r, table.columns["target"]),
            levels=_levels(reader, table, r),
            business_type=business_type,
            industry=reader.text(table, r, "industry"),
        )
        if layout.TOTAL.matches(business_type):
            line.name = business_type
            lines.total = line
        elif _named(reader, table, r, "business_type") and _named(reader, table, r, "industry"):
            lines.rows.append(line)
    return lines


def months(reader: Reader, table: Table) -> list[MonthLine]:
    rows = []
    for r in table.rows:
        tree_text = reader.text(table, r, "tree")
        tree = next(
            (t.key for t in (layout.TREE_MARKET, layout.TREE_ORG) if t.matches(tree_text)), None
        )
        if tree is None:
            reader.problem(
                reader.cell_ref(table, r, "tree"),
                gettext("“%(value)s”不是分解树：应为「%(market)s」或「%(org)s」")
                % {"value": tree_text, "market": layout.TREE_MARKET.zh, "org": layout.TREE_ORG.zh},
            )
            continue
        name = _named(reader, table, r, "name")
        if not name:
            continue
        assert table.year_total is not None
        rows.append(
            MonthLine(
                tree=tree,
                name=name,
                parent=reader.text(table, r, "parent"),
                row=r,
                months=[reader.money(table, r, c) for c in table.months],
                year=reader.money(table, r, table.year_total),
                quarters=[reader.money(table, r, c) for c in table.quarters],
            )
        )
    return rows


def people(reader: Reader, table: Table) -> Lines[PersonLine]:
    lines: Lines[PersonLine] = Lines(table.title, level_labels=_level_labels(reader, table))
    for r in table.rows:
        team = reader.text(table, r, "team")
        line = PersonLine(
            name=reader.text(table, r, "person"),
            row=r,
            amount=reader.money(table, r, table.columns["target"]),
            levels=_levels(reader, table, r),
            team=team,
            months=[reader.money(table, r, c) for c in table.months],
        )
        if layout.TOTAL.matches(team):
            line.name = team
            lines.total = line
        elif _named(reader, table, r, "team") and _named(reader, table, r, "person"):
            lines.rows.append(line)
    return lines
