"""What the progress pages show, as plain values: tree rows with their bars, the as-of day.

A row's bar is filled to the year's attainment (actual ÷ target, at most 100 %) and marked
where the node should be by now (expected ÷ target); its colour is the pace signal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from pacer.plans.labels import DIMENSIONS
from pacer.progress.report import NodeFunnel, NodeProgress, TrackReport

TREE_KEYS = ("org", "market")
# A tree of up to this many rows is sent whole, so that opening a node needs no request; a
# larger one (a company of thousands of people) is sent with its shown rows only, and opening
# a node reloads the page with it open (``?open=``).
FULL_TREE_ROWS = 400
# The people furthest behind named under the tree; the tree itself shows everyone's pace.
BEHIND_SHOWN = 20
# The largest slipped projects listed on a node's page (the company's may count tens of
# thousands); the count and the total are of all of them.
SLIPPED_SHOWN = 50


@dataclass(frozen=True)
class Row:
    progress: NodeProgress
    depth: int
    has_children: bool
    is_open: bool
    shown: bool
    toggle_open: str
    fill: Decimal
    marker: Decimal
    dimension_label: str


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part ÷ whole`` in percent, between 0 and 100, one decimal (0 when nothing planned)."""
    if whole <= 0:
        return Decimal(0)
    return min(max(part / whole * 100, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"))


def overview_report(report: TrackReport) -> TrackReport:
    """``report`` with only what the overview page reads: every node's windows and funnel
    sentence, without its months, slipped projects or monthly funnels (a fraction of the size
    to cache and to read back)."""
    return replace(
        report,
        trees={tree: tuple(_slim(n) for n in nodes) for tree, nodes in report.trees.items()},
        funnels={},
    )


@dataclass(frozen=True)
class NodePage:
    """What a node's page shows, cut from the report: the node, the visible nodes above it
    (root first) and below it (without their months or slipped projects), and its funnel.

    ``progress.slipped`` holds the largest ``SLIPPED_SHOWN`` slipped projects (in month order);
    ``slipped_count`` and ``slipped_amount`` (yuan) are of all of them.
    """

    progress: NodeProgress
    ancestors: tuple[NodeProgress, ...]
    children: tuple[NodeProgress, ...]
    funnel: NodeFunnel | None
    slipped_count: int
    slipped_amount: Decimal


def node_page(report: TrackReport, node_id: int) -> NodePage | None:
    """The page of ``node_id`` (None when the report does not show it)."""
    progress = report.node(node_id)
    if progress is None:
        return None
    slipped = progress.slipped
    shown = slipped
    if len(slipped) > SLIPPED_SHOWN:
        largest = sorted(range(len(slipped)), key=lambda i: (-slipped[i].amount, i))
        shown = tuple(slipped[i] for i in sorted(largest[:SLIPPED_SHOWN]))
    return NodePage(
        progress=replace(progress, slipped=shown),
        slipped_count=len(slipped),
        slipped_amount=sum((s.amount for s in slipped), Decimal(0)),
        ancestors=tuple(_slim(n) for n in report.ancestors(node_id)),
        children=tuple(_slim(n) for n in report.children(node_id)),
        funnel=report.funnel_for(node_id),
    )


def _slim(n: NodeProgress) -> NodeProgress:
    return replace(n, months=(), slipped=())


def initial_open(report: TrackReport, tree: str) -> set[int]:
    """The root, and each node below it while it is the only child (so the first level with a
    choice shows)."""
    nodes = report.trees.get(tree, ())
    if not nodes:
        return set()
    opened = {nodes[0].node.id}
    children = report.children(nodes[0].node.id)
    while len(children) == 1:
        opened.add(children[0].node.id)
        children = report.children(children[0].node.id)
    return opened


def parse_open(text: str | None) -> set[int] | None:
    if not text:
        return None
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


def tree_rows(report: TrackReport, tree: str, opened: set[int]) -> list[Row]:
    """Every visible node of ``tree`` in order; ``shown`` when all its ancestors are open."""
    nodes = report.trees.get(tree, ())
    ids = {n.node.id for n in nodes}
    parents = {n.node.parent_id for n in nodes}
    base = nodes[0].node.depth if nodes else 0
    shown_ids: set[int] = set()
    rows = []
    for n in nodes:
        node = n.node
        shown = (
            node.parent_id is None
            or node.parent_id not in ids
            or (node.parent_id in shown_ids and node.parent_id in opened)
        )
        if shown:
            shown_ids.add(node.id)
        is_open = node.id in opened
        toggled = opened - {node.id} if is_open else opened | {node.id}
        year = n.year
        rows.append(
            Row(
                progress=n,
                depth=node.depth - base,
                has_children=node.id in parents,
                is_open=is_open,
                shown=shown,
                toggle_open=",".join(str(i) for i in sorted(toggled)),
                fill=share(year.actual, year.target),
                marker=share(year.expected_to_date, year.target),
                dimension_label=str(DIMENSIONS.get(node.dimension, node.dimension)),
            )
        )
    return rows


def rows_to_send(rows: list[Row]) -> tuple[list[Row], bool]:
    """The rows the page carries, and whether some hidden ones were left out (see
    ``FULL_TREE_ROWS``)."""
    if len(rows) <= FULL_TREE_ROWS:
        return rows, False
    return [row for row in rows if row.shown], True


def most_behind(report: TrackReport, tree: str) -> tuple[list[NodeProgress], int]:
    """The people furthest behind pace (largest pace gap first, at most ``BEHIND_SHOWN``), and
    how many are behind in all."""
    behind = [n for n in report.trees.get(tree, ()) if n.behind and n.node.dimension == "person"]
    behind.sort(key=lambda n: (n.year.pace_gap, n.node.id))
    return behind[:BEHIND_SHOWN], len(behind)


def parse_day(text: str | None, today: date) -> tuple[date, str | None]:
    """``?as_of=YYYY-MM-DD`` or today; a bad value falls back to today with a message."""
    if not text:
        return today, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        message = gettext("参数 as_of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期，已按今天显示。")
        return today, message % {"value": text}


def parse_optional_day(text: str | None, name: str) -> tuple[date | None, str | None]:
    """An optional ``?name=YYYY-MM-DD``; a bad value is ignored with a message."""
    if not text:
        return None, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        message = gettext("参数 %(name)s 的值“%(value)s”不是 YYYY-MM-DD 格式的日期，已忽略。")
        return None, message % {"name": name, "value": text}
