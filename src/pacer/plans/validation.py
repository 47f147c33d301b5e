"""Validation of a whole plan: every sum that must hold, with the exact place when it does not.

A plan holds when, in each tree, every node's children add up exactly to it, every node's
months add up exactly to it (and each month's project-backed and run-rate parts to the month),
the root equals the annual target, the ambition levels follow the plan's rates and the
business-type shares (when set) add up to 100 %. Amounts are yuan; nothing is rounded before
comparing, so a difference of one fen is reported.

``validate_rows`` works on plain rows, so a plan read from a workbook can be checked before it
is saved; ``plan_validate`` reads a stored plan and hands its rows to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext

from pacer.planning.levels import AmbitionRates, ambition_levels
from pacer.planning.money import money_text
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.models import Plan, PlanNode, PlanPeriod

PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class Problem:
    """One sum that does not hold.

    ``path`` is the node's labels from the root; ``period`` the first day of the month when
    the problem is about one month. ``expected`` is what the rule asks for and ``actual`` what
    the plan holds (yuan, or a fraction for shares). ``node`` is the row's key (the stored
    node's id), ``None`` for plan-wide problems.
    """

    kind: str
    tree: str
    path: tuple[str, ...]
    period: date | None
    expected: Decimal
    actual: Decimal
    message: str
    node: Hashable | None = None

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    @property
    def path_text(self) -> str:
        return PATH_SEPARATOR.join(self.path)


@dataclass(frozen=True)
class NodeRow:
    """A node as plain values; ``levels`` (base, stretch, breakthrough) ``None`` = not checked."""

    key: Hashable
    parent: Hashable | None
    tree: str
    label: str
    amount: Decimal
    levels: tuple[Decimal, Decimal, Decimal] | None = None


@dataclass(frozen=True)
class MonthRow:
    """A node's month; ``identified``/``run_rate`` ``None`` = the parts are not checked."""

    start: date
    amount: Decimal
    identified: Decimal | None = None
    run_rate: Decimal | None = None


def plan_validate(plan: Plan) -> list[Problem]:
    """Every problem of the stored ``plan`` (empty when all its sums hold)."""
    nodes = [
        NodeRow(
            key=n.pk,
            parent=n.parent_id,
            tree=n.tree,
            label=n.label,
            amount=n.amount,
            levels=(n.base, n.stretch, n.breakthrough),
        )
        for n in PlanNode.objects.filter(plan=plan).order_by("tree", "position", "pk")
    ]
    months: dict[Hashable, list[MonthRow]] = defaultdict(list)
    periods = PlanPeriod.objects.filter(node__plan=plan).order_by("node", "start")
    for p in periods:
        months[p.node_id].append(MonthRow(p.start, p.amount, p.identified, p.run_rate))
    a = assumptions_from_json(plan.assumptions)
    shares = a.business_type_shares
    return validate_rows(
        target=plan.target,
        nodes=nodes,
        months=months,
        ambition=a.ambition,
        business_type_shares=None if shares is None else {k.value: v for k, v in shares.items()},
    )


def validate_rows(
    *,
    target: Decimal | None,
    nodes: Sequence[NodeRow],
    months: Mapping[Hashable, Sequence[MonthRow]],
    ambition: AmbitionRates | None = None,
    business_type_shares: Mapping[str, Decimal] | None = None,
) -> list[Problem]:
    """All problems of a plan given as rows, tree by tree in the order the rows come."""
    by_key = {n.key: n for n in nodes}
    children: dict[Hashable, list[NodeRow]] = defaultdict(list)
    for n in nodes:
        if n.parent is not None:
            children[n.parent].append(n)
    problems: list[Problem] = []
    if business_type_shares is not None:
        problems.extend(_share_problems(business_type_shares))
    for n in nodes:
        path = _path(n, by_key)
        problems.extend(_node_problems(n, path, children.get(n.key, []), target))
        problems.extend(_month_problems(n, path, months.get(n.key, [])))
        if ambition is not None and n.levels is not None:
            problems.extend(_level_problems(n, path, ambition))
    return problems


def _path(node: NodeRow, by_key: Mapping[Hashable, NodeRow]) -> tuple[str, ...]:
    labels = [node.label]
    seen = {node.key}
    parent = by_key.get(node.parent) if node.parent is not None else None
    while parent is not None and parent.key not in seen:
        labels.append(parent.label)
        seen.add(parent.key)
        parent = by_key.get(parent.parent) if parent.parent is not None else None
    return tuple(reversed(labels))


def _problem(
    kind: str,
    node: NodeRow,
    path: tuple[str, ...],
    *,
    expected: Decimal,
    actual: Decimal,
    message: str,
    period: date | None = None,
) -> Problem:
    return Problem(kind, node.tree, path, period, expected, actual, message, node.key)


def _node_problems(
    node: NodeRow, path: tuple[str, ...], children: Sequence[NodeRow], target: Decimal | None
) -> list[Problem]:
    where = PATH_SEPARATOR.join(path)
    problems = []
    if node.amount < 0:
        message = gettext("「%(path)s」的目标 %(actual)s 元是负数") % {
            "path": where,
            "actual": money_text(node.amount),
        }
        problems.append(
            _problem(
                "negative", node, path, expected=Decimal(0), actual=node.amount, message=message
            )
        )
    if node.parent is None and target is not None and node.amount != target:
        message = gettext(
            "「%(path)s」是分解的起点，应等于年度目标 %(expected)s 元，实为 %(actual)s 元"
        ) % {
            "path": where,
            "expected": money_text(target),
            "actual": money_text(node.amount),
        }
        problems.append(
            _problem(
                "root_target", node, path, expected=target, actual=node.amount, message=message
            )
        )
    if children:
        total = sum((c.amount for c in children), Decimal(0))
        if total != node.amount:
            message = gettext(
                "「%(path)s」的 %(count)s 个下级合计 %(actual)s 元，不等于它的目标 %(expected)s 元"
                "（相差 %(difference)s 元）"
            ) % {
                "path": where,
                "count": len(children),
                "actual": money_text(total),
                "expected": money_text(node.amount),
                "difference": money_text(total - node.amount),
            }
            problems.append(
                _problem(
                    "children_sum", node, path, expected=node.amount, actual=total, message=message
                )
            )
    return problems


def _month_problems(
    node: NodeRow, path: tuple[str, ...], months: Sequence[MonthRow]
) -> list[Problem]:
    if not months:
        return []
    where = PATH_SEPARATOR.join(path)
    problems = []
    total = sum((m.amount for m in months), Decimal(0))
    if total != node.amount:
        message = gettext(
            "「%(path)s」的 %(count)s 个月合计 %(actual)s 元，不等于全年目标 %(expected)s 元"
            "（相差 %(difference)s 元）"
        ) % {
            "path": where,
            "count": len(months),
            "actual": money_text(total),
            "expected": money_text(node.amount),
            "difference": money_text(total - node.amount),
        }
        problems.append(
            _problem("months_sum", node, path, expected=node.amount, actual=total, message=message)
        )
    for m in months:
        if m.identified is None or m.run_rate is None:
            continue
        parts = m.identified + m.run_rate
        if parts != m.amount:
            message = gettext(
                "「%(path)s」%(month)s：项目支撑 %(identified)s 元 + 常规业务 %(run_rate)s 元"
                " = %(actual)s 元，不等于当月目标 %(expected)s 元"
            ) % {
                "path": where,
                "month": m.start.strftime("%Y-%m"),
                "identified": money_text(m.identified),
                "run_rate": money_text(m.run_rate),
                "actual": money_text(parts),
                "expected": money_text(m.amount),
            }
            problems.append(
                _problem(
                    "month_parts",
                    node,
                    path,
                    expected=m.amount,
                    actual=parts,
                    message=message,
                    period=m.start,
                )
            )
    return problems


def _level_problems(node: NodeRow, path: tuple[str, ...], rates: AmbitionRates) -> list[Problem]:
    assert node.levels is not None
    expected = ambition_levels(node.amount, rates)
    names = {
        "base": gettext("基础线"),
        "stretch": gettext("挑战线"),
        "breakthrough": gettext("突破线"),
    }
    problems = []
    for level, actual in zip(("base", "stretch", "breakthrough"), node.levels, strict=True):
        wanted: Decimal = getattr(expected, level)
        if actual != wanted:
            message = gettext(
                "「%(path)s」的%(level)s是 %(actual)s 元，按目标 %(amount)s 元 × %(rate)s"
                " 应为 %(expected)s 元"
            ) % {
                "path": PATH_SEPARATOR.join(path),
                "level": names[level],
                "actual": money_text(actual),
                "amount": money_text(node.amount),
                "rate": _percent(getattr(rates, level)),
                "expected": money_text(wanted),
            }
            problems.append(
                _problem(
                    f"level_{level}", node, path, expected=wanted, actual=actual, message=message
                )
            )
    return problems


def _share_problems(shares: Mapping[str, Decimal]) -> list[Problem]:
    total = sum(shares.values(), Decimal(0))
    if total == 1:
        return []
    message = gettext("业务类型占比合计 %(actual)s，不是 100%%") % {"actual": _percent(total)}
    return [Problem("business_type_shares", "market", (), None, Decimal(1), total, message)]


def _percent(fraction: Decimal) -> str:
    """A fraction as a percentage without trailing zeros: 0.8 → 80%, 0.825 → 82.5%."""
    text = f"{fraction * 100:.4f}".rstrip("0").rstrip(".")
    return f"{text}%"
