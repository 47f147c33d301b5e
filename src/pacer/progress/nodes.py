"""A plan's two trees as plain values, and which nodes a record counts for.

Market tree (company → business type → industry → region): a record counts for the path of its
business type, its customer's industry code and region code (``-`` when missing), as deep as
the plan goes. Org tree (company → teams → people): it counts for its person's node and every
node above it; a person without a node of their own (e.g. the director, or someone who joined
after the plan) counts for their team's node instead, and nobody at all for the company only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pacer.org.models import Person
from pacer.planning.periods import FiscalYear, Period
from pacer.plans.models import Plan, PlanNode, PlanPeriod

UNASSIGNED = "-"
MARKET = "market"
ORG = "org"


@dataclass(frozen=True)
class NodeInfo:
    id: int
    tree: str
    dimension: str
    key: str
    label: str
    parent_id: int | None
    depth: int
    person_id: int | None
    team_id: int | None


@dataclass(frozen=True)
class MonthPlan:
    """A node's target for one month and the projects that backed it."""

    period: Period
    amount: Decimal
    project_ids: tuple[int, ...]


@dataclass
class PlanIndex:
    plan: Plan
    months: tuple[Period, ...]
    nodes: dict[int, NodeInfo] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=lambda: defaultdict(list))
    targets: dict[int, tuple[MonthPlan, ...]] = field(default_factory=dict)
    roots: dict[str, int] = field(default_factory=dict)
    market_paths: dict[tuple[str, ...], int] = field(default_factory=dict)
    org_person: dict[int, int] = field(default_factory=dict)
    org_team: dict[int, int] = field(default_factory=dict)
    team_of: dict[int, int | None] = field(default_factory=dict)

    def ordered(self, tree: str) -> list[NodeInfo]:
        """The nodes of ``tree`` depth first, children in the plan's order."""
        result: list[NodeInfo] = []
        stack = [self.roots[tree]] if tree in self.roots else []
        while stack:
            node = self.nodes[stack.pop()]
            result.append(node)
            stack.extend(reversed(self.children[node.id]))
        return result

    def chain(self, node_id: int) -> list[int]:
        """The node and its ancestors up to the root."""
        result = []
        current: int | None = node_id
        while current is not None:
            result.append(current)
            current = self.nodes[current].parent_id
        return result

    def market_nodes(
        self, business_type: str, industry: str | None, region: str | None
    ) -> list[int]:
        path: tuple[str, ...] = ("company",)
        found = [self.market_paths[path]] if path in self.market_paths else []
        for key in (business_type, industry or UNASSIGNED, region or UNASSIGNED):
            path = (*path, key)
            if path not in self.market_paths:
                break
            found.append(self.market_paths[path])
        return found

    def org_nodes(self, person_id: int | None) -> list[int]:
        if person_id is not None and person_id in self.org_person:
            return self.chain(self.org_person[person_id])
        team_id = self.team_of.get(person_id) if person_id is not None else None
        if team_id is not None and team_id in self.org_team:
            return self.chain(self.org_team[team_id])
        return [self.roots[ORG]] if ORG in self.roots else []

    def descendants(self, node_id: int) -> list[int]:
        result, stack = [], list(self.children[node_id])
        while stack:
            current = stack.pop()
            result.append(current)
            stack.extend(self.children[current])
        return result


def plan_index(plan: Plan) -> PlanIndex:
    """Both trees of ``plan`` with every node's months (three queries)."""
    rows = list(
        PlanNode.objects.filter(plan=plan)
        .order_by("tree", "position", "pk")
        .values_list("pk", "tree", "dimension", "key", "label", "parent_id", "person_id", "team_id")
    )
    months: dict[int, list[MonthPlan]] = defaultdict(list)
    periods = PlanPeriod.objects.filter(node__plan=plan).order_by("node_id", "start")
    for node_id, start, end, amount, project_ids in periods.values_list(
        "node_id", "start", "end", "amount", "project_ids"
    ):
        months[node_id].append(MonthPlan(Period(start, end), amount, tuple(project_ids)))
    year = FiscalYear(plan.year, plan.fiscal_start_month).months()
    index = PlanIndex(plan=plan, months=tuple(year))
    parent_of = {r[0]: r[5] for r in rows}
    keys = {r[0]: r[3] for r in rows}
    for pk, tree, dimension, key, label, parent_id, person_id, team_id in rows:
        path = _path(pk, parent_of, keys)
        index.nodes[pk] = NodeInfo(
            pk, tree, dimension, key, label, parent_id, len(path) - 1, person_id, team_id
        )
        index.children[parent_id].append(pk)
        index.targets[pk] = _aligned(year, months.get(pk, []))
        if parent_id is None:
            index.roots[tree] = pk
        if tree == MARKET:
            index.market_paths[path] = pk
        elif person_id is not None:
            index.org_person[person_id] = pk
        elif team_id is not None:
            index.org_team[team_id] = pk
    index.team_of = dict(Person.objects.values_list("pk", "team_id"))
    return index


def _path(pk: int, parent_of: Mapping[int, int | None], keys: Mapping[int, str]) -> tuple[str, ...]:
    path: list[str] = []
    current: int | None = pk
    while current is not None:
        path.append(keys[current])
        current = parent_of[current]
    return tuple(reversed(path))


def _aligned(year: list[Period], stored: list[MonthPlan]) -> tuple[MonthPlan, ...]:
    """The node's target for each month of the fiscal year (zero where none is stored)."""
    by_start = {m.period.start: m for m in stored}
    return tuple(by_start.get(p.start, MonthPlan(p, Decimal(0), ())) for p in year)


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"
