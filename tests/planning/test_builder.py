"""The whole plan from hand-made inputs: small enough to check by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.planning.builder import build_plan, quarters
from pacer.planning.business_type import BusinessType
from pacer.planning.feasibility import Market
from pacer.planning.funnel import FunnelRates
from pacer.planning.inputs import (
    Assumptions,
    CustomerHistory,
    OpenProject,
    PersonInfo,
    PlanInputs,
    TeamInfo,
)
from pacer.planning.periods import FiscalYear
from pacer.planning.tiers import Tier
from pacer.planning.tree import validate_tree

WAN = Decimal(10_000)
RATES = FunnelRates(Decimal("0.3"), Decimal("0.5"), Decimal("0.4"), Decimal(200_000), sample=50)
LOW_HIGH = tuple(Decimal(v) * WAN for v in (10, 10, 20, 20, 20, 20, 30, 30, 40, 40, 50, 90))


def customers() -> tuple[CustomerHistory, ...]:
    return (
        CustomerHistory(1, 11, "3c", "prd", 200 * WAN, 180 * WAN, renewal_due=False),
        CustomerHistory(2, 12, "lithium", "jx", 50 * WAN, 60 * WAN, renewal_due=True),
        CustomerHistory(3, 12, "3c", "yrd", 10 * WAN, 10 * WAN, False, tier_override=Tier.A),
    )


def projects() -> tuple[OpenProject, ...]:
    return (
        OpenProject(
            100,
            11,
            "3c",
            "prd",
            BusinessType.NEW_CUSTOMER,
            80 * WAN,
            Decimal("0.5"),
            date(2026, 9, 10),
        ),
        OpenProject(
            101,
            12,
            "lithium",
            "jx",
            BusinessType.NEW_PRODUCT,
            120 * WAN,
            Decimal("0.25"),
            date(2026, 11, 5),
        ),
        OpenProject(
            102, None, "3c", "prd", BusinessType.REPEAT, 10 * WAN, Decimal(1), date(2026, 2, 1)
        ),
    )


def people() -> tuple[PersonInfo, ...]:
    return (
        PersonInfo(10, "总监", 1, date(2015, 1, 1), None, Decimal(0), carries_quota=False),
        PersonInfo(11, "王", 2, date(2018, 1, 1), None, 200 * WAN, carries_quota=True),
        PersonInfo(12, "李", 2, date(2019, 1, 1), None, 100 * WAN, carries_quota=True),
        PersonInfo(13, "新人", 3, date(2026, 1, 1), None, Decimal(0), carries_quota=True),
        PersonInfo(14, "无团队", None, None, None, 50 * WAN, carries_quota=True),
    )


def inputs(**changes: object) -> PlanInputs:
    base: dict[str, object] = {
        "year": FiscalYear(2026),
        "as_of": date(2026, 6, 15),
        "target": 500 * WAN,
        "assumptions": Assumptions(),
        "yearly_history": {2024: 320 * WAN, 2025: sum(LOW_HIGH, Decimal(0))},
        "monthly_history": {2025: LOW_HIGH},
        "observed_retention": Decimal("0.9"),
        "customers": customers(),
        "projects": projects(),
        "people": people(),
        "teams": (TeamInfo(1, "销售中心", None), TeamInfo(2, "华南", 1), TeamInfo(3, "新区", 1)),
        "new_business_history": {("3c", "prd"): 30 * WAN},
        "team_rates": RATES,
        "person_rates": {11: RATES},
        "payment_delay": {1: Decimal(1)},
        "collection_rate": Decimal("0.95"),
        "labels": {"company": "演示", "industry:3c": "3C电子"},
    }
    base.update(changes)
    return PlanInputs(**base)  # type: ignore[arg-type]


def test_plan_sums_and_explains_itself() -> None:
    plan = build_plan(inputs())
    assert validate_tree(plan.market_tree) == []
    assert validate_tree(plan.org_tree) == []
    assert plan.market_tree.amount == plan.org_tree.amount == 500 * WAN
    assert plan.retention == Decimal("0.9")
    # repeat: (200 + 10) × 0.9 + renewal 60 = 249; new product: 20 % of 500 = 100.
    types = plan.business_types.amounts
    assert types[BusinessType.REPEAT] == 249 * WAN
    assert types[BusinessType.NEW_PRODUCT] == 100 * WAN
    assert types[BusinessType.NEW_CUSTOMER] == 151 * WAN
    assert plan.levels.base == 400 * WAN
    assert plan.market_tree.children[0].children[0].label == "3C电子"
    for split in plan.months.values():
        assert sum(p.amount for p in split.periods) == split.target


def test_months_follow_history_and_projects() -> None:
    plan = build_plan(inputs())
    root = plan.months[("market", ("company",))]
    assert root.periods[11].amount > root.periods[0].amount
    assert root.periods[8].project_ids == (100,)
    assert [q[0] for q in quarters(root)] == [1, 2, 3, 4]
    assert quarters(root)[3][3] == (101,)
    assert sum(q[1] for q in quarters(root)) == 500 * WAN
    person = plan.months[("org", ("company", "team:1", "team:2", "person:11"))]
    assert person.periods[8].project_ids == (100,)
    assert 102 not in {pid for p in person.periods for pid in p.project_ids}
    new_product = plan.months[("market", ("company", "new_product"))]
    assert new_product.periods[10].project_ids == (101,)


def test_org_tree_ramps_new_hires_and_skips_the_director() -> None:
    plan = build_plan(inputs())
    leaves = {n.key: n for _path, n in plan.org_tree.walk() if n.dimension == "person"}
    assert set(leaves) == {"person:11", "person:12", "person:13", "person:14"}
    new_hire = leaves["person:13"]
    assert new_hire.drivers[0].code == "new_hire_ramp"
    # typical capacity (median of 200, 100, 50 = 100) × ramp (0.3×3 + 0.6×3 + 1×6) / 12 = 0.725
    assert new_hire.drivers[0].values["ramp"] == Decimal("0.7250")
    assert new_hire.drivers[0].values["capacity"] == 100 * WAN
    weights = {"person:11": 200, "person:12": 100, "person:13": Decimal("72.5"), "person:14": 50}
    total = sum(Decimal(w) for w in weights.values())
    assert leaves["person:11"].amount == (500 * WAN * 200 / total).quantize(Decimal("0.01"))


def test_tiers_and_actions() -> None:
    plan = build_plan(inputs())
    assert plan.tier_of == {1: Tier.A, 2: Tier.B, 3: Tier.A}
    assert (
        sum(t.planned_repeat for t in plan.tiers)
        == plan.business_types.amounts[BusinessType.REPEAT]
    )
    by_person = {a.person_id: a for a in plan.actions}
    assert by_person[11].rates_source == "person"
    assert by_person[12].rates_source == "team"
    assert all(a.actions for a in plan.actions)
    assert plan.budget.total == 25 * WAN
    assert plan.collections.by_period[0] == 0
    root = plan.months[("market", ("company",))]
    collectable = sum((p.amount * Decimal("0.95")).quantize(Decimal("0.01")) for p in root.periods)
    assert sum(plan.collections.by_period) + plan.collections.carried_over == collectable


def test_warnings_skip_months_already_over() -> None:
    plan = build_plan(inputs())
    months = {w.values.get("month") for w in plan.warnings}
    assert "2026-01-01" not in months
    assert "2026-07-01" in months
    assert all(w.code in {"period_not_backed", "low_coverage"} for w in plan.warnings)


def test_what_if_assumptions_and_fallbacks() -> None:
    plan = build_plan(
        inputs(
            assumptions=Assumptions(
                wanted_growth=Decimal("0.2"),
                retention=Decimal("0.5"),
                seasonality_source="even",
                tier_method="pareto",
                win_rate_factor=Decimal(3),
                deal_size_factor=Decimal(2),
                market=Market(Decimal(10**9), Decimal("0.1"), Decimal("0.01")),
            ),
            monthly_history={},
        )
    )
    assert plan.seasonality.is_even
    assert {w.code for w in plan.warnings} >= {"no_seasonal_history"}
    assert plan.retention == Decimal("0.5")
    assert plan.views.market == Decimal(10**9) * Decimal("1.1") * Decimal("0.01")
    rates = next(a.rates for a in plan.actions if a.person_id == 11)
    assert rates.proposal_to_won == 1
    assert rates.avg_deal_size == 400_000


def test_no_history_at_all() -> None:
    plan = build_plan(
        inputs(
            yearly_history={},
            monthly_history={},
            observed_retention=None,
            customers=(),
            projects=(),
            new_business_history={},
            payment_delay={},
            person_rates={},
        )
    )
    assert plan.retention == Decimal("0.8")
    assert plan.views.growth_needed is None
    # With no customers and no projects, the market tree has no industry to go to.
    assert all(not bt.children for bt in plan.market_tree.children)
    assert validate_tree(plan.org_tree) == []


def test_potential_above_target_and_edited_shares() -> None:
    scaled = build_plan(inputs(target=100 * WAN))
    assert {w.code for w in scaled.warnings} >= {"business_types_scaled"}
    shares = {
        BusinessType.REPEAT: Decimal("0.5"),
        BusinessType.NEW_CUSTOMER: Decimal("0.3"),
        BusinessType.NEW_PRODUCT: Decimal("0.2"),
    }
    edited = build_plan(inputs(assumptions=Assumptions(business_type_shares=shares)))
    assert edited.business_types.amounts[BusinessType.REPEAT] == 250 * WAN


def test_zero_target_and_unknown_team_parent() -> None:
    plan = build_plan(
        inputs(
            target=Decimal(0),
            teams=(TeamInfo(2, "华南", 99), TeamInfo(3, "新区", None)),
            people=(PersonInfo(11, "王", 2, None, None, Decimal(0), carries_quota=True),),
        )
    )
    assert plan.org_tree.children[0].key == "team:2"
    assert plan.org_tree.children[0].children[0].drivers[0].values["share"] == 0
    assert validate_tree(plan.market_tree) == []


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 10**9).map(lambda n: Decimal(n) / 100),
    st.lists(st.integers(0, 10**7), min_size=12, max_size=12),
)
def test_every_level_sums_exactly_for_any_target(target: Decimal, months: list[int]) -> None:
    plan = build_plan(
        inputs(target=target, monthly_history={2025: tuple(Decimal(m) for m in months)})
    )
    assert validate_tree(plan.market_tree) == []
    assert validate_tree(plan.org_tree) == []
    for split in plan.months.values():
        assert sum(p.amount for p in split.periods) == split.target


def test_business_type_without_any_weight_is_split_evenly_over_industries() -> None:
    plan = build_plan(inputs(projects=projects()[2:], new_business_history={}))
    new_product = next(c for c in plan.market_tree.children if c.key == "new_product")
    assert [c.key for c in new_product.children] == ["3c", "lithium"]
    assert new_product.children[0].method == "even_no_history"
    assert new_product.children[0].amount == new_product.children[1].amount


def test_children_months_add_up_to_the_parent_month_in_both_trees() -> None:
    plan = build_plan(inputs())
    for tree, root in (("market", plan.market_tree), ("org", plan.org_tree)):
        for path, node in root.walk():
            if not node.children:
                continue
            parent = plan.months[(tree, path)]
            for m in range(12):
                children = sum(
                    plan.months[(tree, (*path, c.key))].periods[m].amount for c in node.children
                )
                assert children == parent.periods[m].amount, (tree, path, m)
    for split in plan.months.values():
        assert all(p.identified <= p.amount for p in split.periods)
        assert all(p.identified + p.run_rate == p.amount for p in split.periods)
