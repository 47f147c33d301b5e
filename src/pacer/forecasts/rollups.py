"""Forecast roll-ups along the org tree: each person, their reporting line, teams, company.

For a window ``[start, end)`` as of a day: *closed* is what was signed in the window by that
day (orders, credited to their signer, else to the customer's owner, as ``pacer.access``
does); the open amounts are the window's open lines by category (``forecasts.lines``).
Totals are cumulative (core ``rollup``): commit = closed + commit; best case = commit +
best case; pipeline = best case + pipeline.
Everything is read through ``pacer.access``: a row holds only people the actor may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.forecasts.lines import open_amounts, snapshot_lines
from pacer.org.models import Team
from pacer.planning.money import to_money
from pacer.planning.periods import Period
from pacer.tracking.forecast import Category, Rollup, rollup


@dataclass(frozen=True)
class Components:
    """What a roll-up is made of: closed (signed) and open amounts by category, in yuan."""

    closed: Decimal = Decimal(0)
    amounts: Mapping[Category, Decimal] = field(default_factory=dict)

    def plus(self, other: Components) -> Components:
        amounts = dict(self.amounts)
        for category, amount in other.amounts.items():
            amounts[category] = amounts.get(category, Decimal(0)) + amount
        return Components(self.closed + other.closed, amounts)

    def rollup(self) -> Rollup:
        """Cumulative totals to the fen."""
        r = rollup(self.closed, self.amounts)
        return Rollup(*(to_money(v) for v in (r.closed, r.commit, r.best_case, r.pipeline)))


def signed_by_person(
    orders: Sequence[tuple[int | None, int | None, Decimal]],
) -> dict[int | None, Decimal]:
    """Order amounts by the person credited: the signer, else the customer's owner."""
    result: dict[int | None, Decimal] = defaultdict(Decimal)
    for person_id, owner_id, amount in orders:
        result[person_id if person_id is not None else owner_id] += amount
    return dict(result)


def window_orders(actor: Actor, window: Period, *, as_of: date) -> dict[int | None, Decimal]:
    """Signed in the window by ``as_of`` (a contract dated later is not signed yet)."""
    rows = access.orders_for(actor).filter(
        signed_date__gte=window.start, signed_date__lt=window.end, signed_date__lte=as_of
    )
    return signed_by_person(list(rows.values_list("person_id", "customer__owner_id", "amount")))


def components_by_person(
    actor: Actor, window: Period, *, as_of: date
) -> dict[int | None, Components]:
    """Each person's components for ``window`` (key ``None``: nobody's)."""
    lines = snapshot_lines(
        access.projects_for(actor).filter(expected_sign_date__lt=window.end), as_of=as_of
    )
    amounts = open_amounts(lines, window.end)
    closed = window_orders(actor, window, as_of=as_of)
    return {
        pid: Components(closed.get(pid, Decimal(0)), amounts.get(pid, {}))
        for pid in amounts.keys() | closed.keys()
    }


@dataclass(frozen=True)
class RollupRow:
    """A row of the roll-up: ``own`` is the person's alone, ``total`` with everyone below."""

    kind: str  # "company" | "team" | "person"
    label: str
    depth: int
    total: Rollup
    own: Rollup | None = None
    person_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class OrgRollup:
    window: Period
    company: RollupRow | None
    teams: tuple[RollupRow, ...]
    people: tuple[RollupRow, ...]


def _sum(parts: list[Components]) -> Components:
    total = Components()
    for part in parts:
        total = total.plus(part)
    return total


def _tree_order(
    nodes: Mapping[int, int | None], label: Mapping[int, str]
) -> list[tuple[int, int, set[int]]]:
    """Depth-first (node, depth, subtree) of a forest given each node's parent (by label)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for node, parent in nodes.items():
        children[parent if parent in nodes else None].append(node)
    for kids in children.values():
        kids.sort(key=lambda n: (label[n], n))
    result: list[tuple[int, int, set[int]]] = []

    def walk(node: int, depth: int, path: frozenset[int]) -> set[int]:
        index = len(result)
        result.append((node, depth, set()))
        below = {node}
        for kid in children.get(node, ()):
            if kid not in path:  # a cycle in bad data must not loop
                below |= walk(kid, depth + 1, path | {kid})
        result[index] = (node, depth, below)
        return below

    for root in children.get(None, ()):
        walk(root, 0, frozenset({root}))
    return result


def org_rollup(actor: Actor, window: Period, *, as_of: date) -> OrgRollup:
    """Roll-ups for the company (when the actor sees all), teams and people in scope."""
    parts = components_by_person(actor, window, as_of=as_of)
    people = list(access.people_for(actor).values_list("pk", "name", "manager_id", "team_id"))
    names = {pk: name for pk, name, _m, _t in people}
    person_rows = []
    for pid, depth, below in _tree_order({pk: m for pk, _n, m, _t in people}, names):
        person_rows.append(
            RollupRow(
                kind="person",
                label=names[pid],
                depth=depth,
                total=_sum([parts[p] for p in below if p in parts]).rollup(),
                own=parts.get(pid, Components()).rollup(),
                person_id=pid,
            )
        )
    members: dict[int, set[int]] = defaultdict(set)
    for pk, _n, _m, team_id in people:
        if team_id is not None:
            members[team_id].add(pk)
    all_teams = dict(Team.objects.values_list("pk", "parent_id"))
    team_names = dict(Team.objects.values_list("pk", "name"))
    visible = set(access.teams_for(actor).values_list("pk", flat=True))
    team_rows = []
    for tid, depth, below in _tree_order(all_teams, team_names):
        if tid in visible:
            in_team = set().union(*(members[t] for t in below))
            team_rows.append(
                RollupRow(
                    kind="team",
                    label=team_names[tid],
                    depth=depth,
                    total=_sum([parts[p] for p in in_team if p in parts]).rollup(),
                    team_id=tid,
                )
            )
    company = None
    if actor.sees_all:
        company = RollupRow(
            kind="company",
            label=gettext("全公司"),
            depth=0,
            total=_sum(list(parts.values())).rollup(),
        )
    return OrgRollup(window, company, tuple(team_rows), tuple(person_rows))


def window_from(start: date, days: int) -> Period:
    """The window of ``days`` starting on ``start``."""
    return Period(start, start + timedelta(days=days))
