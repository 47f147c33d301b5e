"""The plan's backing projects grouped by period, per market cell and per owner, in one pass.

Every node of both trees takes its months from the groups below it, so each project is
placed in its period once (instead of once per node). The sums are the same exact Decimal
sums, in the same order, as ``bucket_projects`` gives for each group on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from pacer.planning.business_type import BusinessType
from pacer.planning.inputs import OpenProject
from pacer.planning.periods import Period
from pacer.planning.pipeline_split import Buckets, check_backing, period_index

MarketCell = tuple[BusinessType, str, str]  # (business type, industry, region)
_ZERO = Decimal(0)
_ONE = Decimal(1)


class _Group:
    """Running per-period sums (yuan) and ids of one group of projects."""

    __slots__ = ("identified", "ids", "outside", "pipeline")

    def __init__(self, periods: int) -> None:
        self.identified = [Decimal(0)] * periods
        self.pipeline = [Decimal(0)] * periods
        self.ids: list[list[int]] = [[] for _ in range(periods)]
        self.outside: list[int] = []

    def buckets(self) -> Buckets:
        return Buckets(
            identified=tuple(self.identified),
            pipeline=tuple(self.pipeline),
            ids=tuple(tuple(ids) for ids in self.ids),
            outside=tuple(self.outside),
        )


def period_locator(periods: Sequence[Period]) -> Callable[[date], int | None]:
    """``period_index`` over ``periods``, remembered per day (projects share few days)."""
    known: dict[date, int | None] = {}

    def locate(day: date) -> int | None:
        index = known.get(day, -1)
        if index == -1:
            index = known[day] = period_index(periods, day)
        return index

    return locate


def group_backing(
    periods: Sequence[Period], projects: Sequence[OpenProject]
) -> tuple[dict[MarketCell, Buckets], dict[int, Buckets]]:
    """Buckets of ``projects`` per market cell and per owner (projects without one: cells only).

    Raises ``ValueError`` for a project whose probability is outside [0, 1] or whose amount is
    negative, as ``BackingProject`` does.
    """
    locate = period_locator(periods)
    n = len(periods)
    cells: dict[MarketCell, _Group] = {}
    owners: dict[int, _Group] = {}
    for p in projects:
        amount, probability, project_id = p.amount, p.probability, p.project_id
        if amount < _ZERO or probability < _ZERO or probability > _ONE:
            check_backing(project_id, amount, probability)
        index = locate(p.expected_sign_date)
        cell = (p.business_type, p.industry, p.region)
        groups = [cells.get(cell) or cells.setdefault(cell, _Group(n))]
        if p.owner_id is not None:
            groups.append(owners.get(p.owner_id) or owners.setdefault(p.owner_id, _Group(n)))
        if index is None:
            for group in groups:
                group.outside.append(project_id)
            continue
        weighted = amount * probability
        for group in groups:
            group.identified[index] += weighted
            group.pipeline[index] += amount
            group.ids[index].append(project_id)
    return (
        {cell: g.buckets() for cell, g in cells.items()},
        {owner: g.buckets() for owner, g in owners.items()},
    )
