"""The organisation tree: company → teams → people, split by capacity with new-hire ramp.

A person's capacity is their last 12 months of signed orders; someone hired within the last
year (or during the plan year) is given the median capacity of the established quota carriers,
scaled by their ramp averaged over the plan year's months (30 % / 60 % / 100 % by quarter of
tenure by default). A team's weight is the sum of its people's, sub-teams included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from statistics import median

from pacer.planning.explain import Driver
from pacer.planning.inputs import PersonInfo, TeamInfo
from pacer.planning.money import FEN, split_by_weights
from pacer.planning.periods import FiscalYear
from pacer.planning.ramp import ramp_fraction
from pacer.planning.tree import PlanNode


@dataclass(frozen=True)
class PersonCapacity:
    person_id: int
    capacity: Decimal
    ramp: Decimal
    new_hire: bool

    @property
    def weight(self) -> Decimal:
        return self.capacity * self.ramp


def capacities(
    people: Sequence[PersonInfo], year: FiscalYear, ramp_table: Sequence[tuple[int, Decimal]]
) -> dict[int, PersonCapacity]:
    """Capacity and yearly-average ramp of every quota carrier."""
    start = year.period.start
    carriers = [p for p in people if p.carries_quota]
    established = [
        p.last_12_months
        for p in carriers
        if (p.hire_date is None or p.hire_date <= start - timedelta(days=365))
        and p.last_12_months > 0
    ]
    typical = Decimal(median(established)) if established else Decimal(0)
    result = {}
    for p in carriers:
        new_hire = p.hire_date is not None and p.hire_date > start - timedelta(days=365)
        months = year.months()
        ramp = sum(
            (
                ramp_fraction(p.hire_date, m, table=ramp_table, leave_date=p.leave_date)
                for m in months
            ),
            Decimal(0),
        ) / len(months)
        capacity = typical if new_hire else p.last_12_months
        result[p.person_id] = PersonCapacity(
            p.person_id, capacity, ramp.quantize(Decimal("0.0001")), new_hire
        )
    return result


def build_org_tree(
    *,
    target: Decimal,
    people: Sequence[PersonInfo],
    teams: Sequence[TeamInfo],
    caps: Mapping[int, PersonCapacity],
    over_assign: Decimal,
    labels: Mapping[str, str],
) -> PlanNode:
    """Company → top-level teams → … → people; every level sums exactly to its parent.

    People who carry no quota (e.g. the director, who answers for the whole) do not appear as
    leaves. Teams whose people have no capacity at all get nothing, and the node says so.
    """
    children_of: dict[int | None, list[TeamInfo]] = defaultdict(list)
    known = {t.team_id for t in teams}
    for t in sorted(teams, key=lambda t: t.team_id):
        parent = t.parent_id if t.parent_id in known else None
        children_of[parent].append(t)
    members: dict[int | None, list[PersonInfo]] = defaultdict(list)
    for p in sorted(people, key=lambda p: p.person_id):
        if p.person_id in caps:
            members[p.team_id if p.team_id in known else None].append(p)

    def weight_of_team(team_id: int) -> Decimal:
        own = sum((caps[p.person_id].weight for p in members[team_id]), Decimal(0))
        return own + sum((weight_of_team(c.team_id) for c in children_of[team_id]), Decimal(0))

    def split(amount: Decimal, team_id: int | None) -> list[PlanNode]:
        entries: list[tuple[str, object, Decimal]] = [
            ("team", t, weight_of_team(t.team_id)) for t in children_of[team_id]
        ]
        entries += [("person", p, caps[p.person_id].weight) for p in members[team_id]]
        if not entries:
            return []
        total = sum((w for _, _, w in entries), Decimal(0))
        parts = split_by_weights(amount, [w for _, _, w in entries])
        nodes = []
        for (kind, item, weight), part in zip(entries, parts, strict=True):
            share = weight / total if total else Decimal(0)
            if kind == "team":
                assert isinstance(item, TeamInfo)
                nodes.append(
                    PlanNode(
                        dimension="team",
                        key=f"team:{item.team_id}",
                        label=item.name,
                        amount=part,
                        method="capacity",
                        drivers=(Driver("team_capacity", {"weight": weight, "share": share}),),
                        children=tuple(split(part, item.team_id)),
                    )
                )
            else:
                assert isinstance(item, PersonInfo)
                cap = caps[item.person_id]
                code = "new_hire_ramp" if cap.new_hire else "person_capacity"
                nodes.append(
                    PlanNode(
                        dimension="person",
                        key=f"person:{item.person_id}",
                        label=item.name,
                        amount=part,
                        method="capacity",
                        drivers=(
                            Driver(
                                code,
                                {
                                    "capacity": cap.capacity,
                                    "ramp": cap.ramp,
                                    "share": share,
                                    "quota": (part * (1 + over_assign)).quantize(FEN),
                                },
                            ),
                        ),
                    )
                )
        return nodes

    return PlanNode(
        dimension="company",
        key="company",
        label=labels.get("company", "company"),
        amount=target,
        method="target",
        drivers=(Driver("annual_target", {"target": target}),),
        children=tuple(split(target, None)),
    )
