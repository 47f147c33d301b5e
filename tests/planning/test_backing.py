"""Backing projects grouped per market cell and per owner in one pass."""

from __future__ import annotations

import gc
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.planning.backing import group_backing, period_locator
from pacer.planning.builder import build_plan
from pacer.planning.business_type import BusinessType
from pacer.planning.inputs import OpenProject
from pacer.planning.periods import FiscalYear
from pacer.planning.pipeline_split import BackingProject, Buckets, bucket_projects
from tests.planning.test_builder import inputs

MONTHS = FiscalYear(2026).months()


def project(
    pid: int,
    owner: int | None,
    amount: str,
    prob: str,
    day: date,
    cell: tuple[BusinessType, str, str] = (BusinessType.REPEAT, "3c", "prd"),
) -> OpenProject:
    bt, industry, region = cell
    return OpenProject(pid, owner, industry, region, bt, Decimal(amount), Decimal(prob), day)


def reference(projects: list[OpenProject]) -> Buckets:
    """The buckets of one group computed project by project, as a node would on its own."""
    backing = [
        BackingProject(p.project_id, p.amount, p.probability, p.expected_sign_date)
        for p in projects
    ]
    return bucket_projects(MONTHS, backing)


def same(a: Buckets, b: Buckets) -> bool:
    """Equal, and equal in every Decimal's places too (``1.50`` is not ``1.5`` here)."""
    return a == b and repr(a) == repr(b)


def test_projects_land_in_their_cell_and_their_owner() -> None:
    other = (BusinessType.NEW_PRODUCT, "lithium", "jx")
    projects = [
        project(1, 7, "100.0000", "0.5", date(2026, 3, 2)),
        project(2, 7, "40.25", "1", date(2026, 3, 2)),  # the same day as the first
        project(3, None, "10", "0.25", date(2026, 3, 31)),
        project(4, 8, "99", "0.1", date(2027, 2, 1), other),  # after the year
        project(5, None, "5", "0.3", date(2025, 12, 31), other),  # before it
        project(6, 8, "0", "0", date(2026, 12, 31), other),
    ]
    cells, owners = group_backing(MONTHS, projects)
    assert set(cells) == {(BusinessType.REPEAT, "3c", "prd"), other}
    assert set(owners) == {7, 8}
    march = cells[(BusinessType.REPEAT, "3c", "prd")]
    assert march.identified[2] == Decimal("92.75")  # 50 + 40.25 + 2.5
    assert march.pipeline[2] == Decimal("150.25")
    assert march.ids[2] == (1, 2, 3)
    assert cells[other].outside == (4, 5)
    assert owners[8].outside == (4,)
    assert owners[8].ids[11] == (6,)
    for cell, buckets in cells.items():
        below = [p for p in projects if (p.business_type, p.industry, p.region) == cell]
        assert same(buckets, reference(below))
    for owner, buckets in owners.items():
        assert same(buckets, reference([p for p in projects if p.owner_id == owner]))


def test_a_day_is_located_once_and_then_remembered() -> None:
    locate = period_locator(MONTHS)
    assert locate(date(2026, 5, 31)) == 4
    assert locate(date(2026, 5, 31)) == 4
    assert locate(date(2030, 1, 1)) is None
    assert locate(date(2030, 1, 1)) is None


@pytest.mark.parametrize(
    ("amount", "prob", "message"),
    [
        ("10", "1.5", "probability 1.5 is not in"),
        ("10", "-0.1", "probability -0.1 is not in"),
        ("-1", "0.5", "amount -1 is negative"),
    ],
)
def test_a_project_out_of_range_is_refused(amount: str, prob: str, message: str) -> None:
    good = project(1, 7, "10", "0.5", date(2026, 1, 5))
    bad = project(2, 7, amount, prob, date(2026, 1, 5))
    with pytest.raises(ValueError, match=f"project 2: {message}"):
        group_backing(MONTHS, [good, bad])


amounts = st.decimals(min_value=0, max_value=10**9, places=4)
probabilities = st.sampled_from(["0", "0.1", "0.35", "0.5", "1", "1.00", "0.9999"]).map(Decimal)
days = st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 2, 28))
cells = st.sampled_from(
    [(BusinessType.REPEAT, "3c", "prd"), (BusinessType.NEW_CUSTOMER, "3c", "jx")]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.none() | st.integers(1, 3), amounts, probabilities, days, cells), max_size=30
    )
)
def test_every_group_is_the_groups_own_buckets(
    rows: list[tuple[int | None, Decimal, Decimal, date, tuple[BusinessType, str, str]]],
) -> None:
    projects = [
        OpenProject(i, owner, c[1], c[2], c[0], amount, prob, day)
        for i, (owner, amount, prob, day, c) in enumerate(rows)
    ]
    groups, owners = group_backing(MONTHS, projects)
    for cell, buckets in groups.items():
        below = [p for p in projects if (p.business_type, p.industry, p.region) == cell]
        assert same(buckets, reference(below))
    for owner, buckets in owners.items():
        assert same(buckets, reference([p for p in projects if p.owner_id == owner]))
    assert set(owners) == {p.owner_id for p in projects} - {None}


def test_the_build_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    plan = build_plan(inputs())
    assert gc.isenabled()
    gc.disable()
    try:
        again = build_plan(inputs())
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert again == plan
