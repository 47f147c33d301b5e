"""The generated demo company: deterministic, and shaped like the field's PLC maker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from pacer.crm.models import (
    OPEN_STAGES,
    STAGE_PROBABILITY,
    BusinessType,
    LeadSource,
    Stage,
)
from pacer.demo.dates import one_year_before
from pacer.demo.generate import generate_demo
from pacer.demo.profile import DEFAULT_SEED, DEMO_TARGET, LAST_YEAR_ORDERS, NEW_PRODUCT_LAUNCH
from pacer.demo.records import DemoCompany, digest
from pacer.org.models import Position
from tests.demo.conftest import REFERENCE_DAY

WAN = Decimal(10000)
# Reference days that stress the edges: the first days of a year, a leap day, the year's end.
DAYS = [date(2026, 1, 1), date(2026, 1, 20), date(2027, 9, 30), date(2028, 2, 29)]


def existing_customers(company: DemoCompany) -> list[str]:
    start = date(company.plan_year, 1, 1)
    return [c.key for c in company.customers if c.first_order_date and c.first_order_date < start]


def last_12_months(company: DemoCompany) -> dict[str, Decimal]:
    start = one_year_before(company.today)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for order in company.orders:
        if start < order.signed_date <= company.today:
            totals[order.customer] += order.amount
    return totals


def tier(amount: Decimal) -> str:
    if amount >= 100 * WAN:
        return "A"
    return "B" if amount >= 30 * WAN else "C"


# -- determinism --------------------------------------------------------------------------------


def test_same_seed_and_day_give_the_identical_company(demo: DemoCompany) -> None:
    again = generate_demo(seed=DEFAULT_SEED, today=REFERENCE_DAY)
    assert again == demo
    assert digest(again) == digest(demo)


def test_another_process_rebuilds_the_identical_company(demo: DemoCompany) -> None:
    """No set or hash order leaks into the company: a fresh interpreter gets the same digest."""
    script = (
        "import django; django.setup();"
        "from datetime import date;"
        "from pacer.demo.generate import generate_demo;"
        "from pacer.demo.records import digest;"
        f"print(digest(generate_demo(seed={DEFAULT_SEED}, today=date(2026, 6, 15))))"
    )
    env = os.environ | {"PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "pacer.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == digest(demo)


def test_another_seed_or_day_gives_another_company(demo: DemoCompany) -> None:
    other_seed = generate_demo(seed=DEFAULT_SEED + 1, today=REFERENCE_DAY)
    other_day = generate_demo(seed=DEFAULT_SEED, today=date(2026, 6, 16))
    assert digest(other_seed) != digest(demo)
    assert [p.name for p in other_seed.people] != [p.name for p in demo.people]
    assert digest(other_day) != digest(demo)


def test_digest_sees_a_single_changed_amount(demo: DemoCompany) -> None:
    first, *rest = demo.orders
    changed = type(first)(**(vars(first) | {"amount": first.amount + Decimal("0.01")}))
    altered = type(demo)(**(vars(demo) | {"orders": (changed, *rest)}))
    assert digest(altered) != digest(demo)


# -- organisation -------------------------------------------------------------------------------


def test_people_per_position(demo: DemoCompany) -> None:
    counts = Counter(p.position for p in demo.people)
    assert counts == {
        Position.DIRECTOR: 1,
        Position.INDUSTRY_MANAGER: 3,
        Position.REGION_MANAGER: 5,
        Position.CHANNEL_SPECIALIST: 2,
        Position.ACCOUNT_EXECUTIVE: 12,
    }


def test_one_account_executive_was_hired_this_year(demo: DemoCompany) -> None:
    hired = [
        p
        for p in demo.people
        if p.hire_date.year == demo.plan_year and p.position == Position.ACCOUNT_EXECUTIVE
    ]
    assert len(hired) == 1
    assert hired[0].hire_date < demo.today


def test_every_person_has_a_distinct_login(demo: DemoCompany) -> None:
    usernames = [p.username for p in demo.people]
    assert all(name.startswith("demo-") for name in usernames)
    assert len(set(usernames)) == len(demo.people)


def test_reporting_lines_make_sense_and_have_no_cycles(demo: DemoCompany) -> None:
    people = {p.key: p for p in demo.people}
    for person in demo.people:
        seen = {person.key}
        boss = person.manager
        while boss is not None:
            assert boss not in seen, f"cycle through {person.name}"
            seen.add(boss)
            boss = people[boss].manager
        manager = people[person.manager] if person.manager else None
        if person.position == Position.DIRECTOR:
            assert manager is None
        elif person.position == Position.ACCOUNT_EXECUTIVE:
            assert manager is not None
            assert manager.position == Position.REGION_MANAGER
            assert manager.team == person.team
        else:
            assert manager is not None
            assert manager.position == Position.DIRECTOR


def test_team_tree_has_one_root_and_no_cycles(demo: DemoCompany) -> None:
    teams = {t.key: t for t in demo.teams}
    assert [t.name for t in demo.teams if t.parent is None] == ["销售中心"]
    for team in demo.teams:
        seen = {team.key}
        parent = team.parent
        while parent is not None:
            assert parent not in seen
            seen.add(parent)
            parent = teams[parent].parent
    assert {p.team for p in demo.people} <= set(teams)


def test_partners_belong_to_channel_specialists(demo: DemoCompany) -> None:
    people = {p.key: p for p in demo.people}
    assert len(demo.partners) >= 3
    assert {people[p.owner].position for p in demo.partners} == {Position.CHANNEL_SPECIALIST}


# -- customers ----------------------------------------------------------------------------------


def test_about_two_hundred_existing_customers(demo: DemoCompany) -> None:
    assert len(existing_customers(demo)) == 200
    names = [c.name for c in demo.customers]
    assert len(set(names)) == len(names)
    assert all(name.endswith("有限公司") for name in names)


def test_tiers_by_last_12_months_are_pareto_like(demo: DemoCompany) -> None:
    totals = last_12_months(demo)
    existing = existing_customers(demo)
    tiers = Counter(tier(totals.get(key, Decimal(0))) for key in existing)
    assert 0.08 <= tiers["A"] / len(existing) <= 0.15
    assert 0.07 <= tiers["B"] / len(existing) <= 0.25
    assert tiers["C"] / len(existing) >= 0.6
    a_volume = sum((totals[k] for k in existing if tier(totals.get(k, Decimal(0))) == "A"), 0)
    assert a_volume / sum(totals.values()) >= Decimal("0.5")


def test_sixty_renewals_fall_in_the_plan_year(demo: DemoCompany) -> None:
    customers = {c.key: c for c in demo.customers}
    due = [
        key
        for key in existing_customers(demo)
        if (day := customers[key].renewal_due) and day.year == demo.plan_year
    ]
    assert len(due) == 60


def test_industries_regions_and_products(demo: DemoCompany) -> None:
    assert {i.code: i.strategic for i in demo.industries} == {
        "3c": False,
        "lithium": True,
        "packaging": False,
    }
    assert {r.code for r in demo.regions} == {"prd", "yrd", "jx_sc", "sd_hn"}
    new_lines = {line.code for line in demo.product_lines if line.is_new_product}
    assert len(new_lines) == 1
    assert len(demo.product_lines) - len(new_lines) >= 2
    assert all(p.list_price > 0 for p in demo.products)
    assert {p.is_new_product for p in demo.products if p.product_line in new_lines} == {True}


# -- orders and payments ------------------------------------------------------------------------


def test_last_year_totals_exactly_3800_wan(demo: DemoCompany) -> None:
    last_year = [o.amount for o in demo.orders if o.signed_date.year == demo.plan_year - 1]
    assert sum(last_year, Decimal(0)) == LAST_YEAR_ORDERS == Decimal("38000000.00")
    assert Decimal("50000000.00") == DEMO_TARGET


def test_two_full_years_of_history_with_more_in_the_second_half(demo: DemoCompany) -> None:
    for year in (demo.plan_year - 2, demo.plan_year - 1):
        halves: dict[bool, Decimal] = defaultdict(Decimal)
        for order in demo.orders:
            if order.signed_date.year == year:
                halves[order.signed_date.month > 6] += order.amount
        assert halves[True] > halves[False] > 0, year
        share = halves[True] / (halves[True] + halves[False])
        assert Decimal("0.52") <= share <= Decimal("0.7"), (year, share)
    january_february = [o for o in demo.orders if o.signed_date.month in {1, 2}]
    november_december = [o for o in demo.orders if o.signed_date.month in {11, 12}]
    assert len(january_february) < len(november_december)


def test_business_types_follow_the_customer(demo: DemoCompany) -> None:
    customers = {c.key: c for c in demo.customers}
    new_lines = {line.code for line in demo.product_lines if line.is_new_product}
    for order in demo.orders:
        first = customers[order.customer].first_order_date
        assert first is not None
        assert order.signed_date >= first
        if order.product_line in new_lines:
            assert order.business_type == BusinessType.NEW_PRODUCT
        elif order.signed_date.year == first.year:
            assert order.business_type == BusinessType.NEW_CUSTOMER
        else:
            assert order.business_type == BusinessType.REPEAT
    first_orders = {c.key: c.first_order_date for c in demo.customers if c.first_order_date}
    in_window = [d for d in first_orders.values() if d.year >= demo.plan_year - 2]
    signed = {(o.customer, o.signed_date) for o in demo.orders}
    assert all((key, day) in signed for key, day in first_orders.items() if day in in_window)


def test_new_product_sells_only_after_its_launch(demo: DemoCompany) -> None:
    new_lines = {line.code for line in demo.product_lines if line.is_new_product}
    launch = date(demo.plan_year, *NEW_PRODUCT_LAUNCH)
    new = [o for o in demo.orders if o.product_line in new_lines]
    assert new, "by mid-June the new PLC has its first deals"
    assert all(launch <= o.signed_date <= demo.today for o in new)


def test_payments_lag_orders_and_some_are_open(demo: DemoCompany) -> None:
    orders = {o.key: o for o in demo.orders}
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for payment in demo.payments:
        order = orders[payment.order]
        assert order.signed_date <= payment.date <= demo.today
        paid[payment.order] += payment.amount
    assert all(paid[key] <= order.amount for key, order in orders.items())
    open_orders = [o for o in demo.orders if paid[o.key] < o.amount]
    old_open = [o for o in open_orders if (demo.today - o.signed_date).days > 450]
    assert len(open_orders) > 20
    assert old_open, "a few slow payers still owe their last instalment"
    assert len(open_orders) < len(demo.orders) / 2


# -- pipeline, leads, activities ----------------------------------------------------------------


def test_open_pipeline_runs_into_the_coming_months(demo: DemoCompany) -> None:
    open_projects = [p for p in demo.projects if p.stage in OPEN_STAGES]
    assert 80 <= len(open_projects) <= 150
    assert {p.stage for p in open_projects} == set(OPEN_STAGES)
    assert all(p.expected_sign_date > demo.today for p in open_projects)
    assert all(p.closed_date is None for p in open_projects)
    assert (
        max(p.expected_sign_date for p in open_projects).toordinal() - (demo.today.toordinal())
        > 150
    )
    defaults = [p for p in open_projects if p.probability == STAGE_PROBABILITY[Stage(p.stage)]]
    assert len(defaults) > len(open_projects) * 0.6
    assert {p.business_type for p in open_projects} == set(BusinessType)


def test_open_projects_give_the_alert_rules_something_to_find(demo: DemoCompany) -> None:
    open_projects = [p for p in demo.projects if p.stage in OPEN_STAGES]
    quiet = [(demo.today - p.last_contact_date).days for p in open_projects if p.last_contact_date]
    assert len(quiet) == len(open_projects)
    assert any(7 < days <= 14 for days in quiet)
    assert any(days > 14 for days in quiet)
    assert all(days >= 0 for days in quiet)
    waiting = [p for p in open_projects if p.proposal_sent_date and p.feedback_date is None]
    assert any(
        (demo.today - p.proposal_sent_date).days > 5 for p in waiting if p.proposal_sent_date
    )
    assert any(p.competitor_present for p in open_projects)
    assert any(p.postponed_reason for p in open_projects)


def test_closed_projects_are_linked_to_their_orders(demo: DemoCompany) -> None:
    projects = {p.key: p for p in demo.projects}
    backed = [o for o in demo.orders if o.project]
    assert len(backed) == len({o.project for o in backed})
    for order in backed:
        project = projects[order.project or ""]
        assert project.stage == Stage.WON
        assert (project.amount, project.closed_date) == (order.amount, order.signed_date)
        assert project.customer == order.customer
    won = [p for p in demo.projects if p.stage == Stage.WON]
    assert len(won) == len(backed)
    lost = [p for p in demo.projects if p.stage == Stage.LOST]
    assert lost
    assert all(p.lost_reason and p.closed_date for p in lost)
    assert any(p.postponed_reason for p in won)


def test_milestones_carry_acceptance_criteria(demo: DemoCompany) -> None:
    projects = {p.key: p for p in demo.projects}
    by_project: dict[str, list[str]] = defaultdict(list)
    for milestone in demo.milestones:
        assert milestone.acceptance
        assert milestone.done_date is None or milestone.done_date <= demo.today
        by_project[milestone.project].append(milestone.name)
    for key, project in projects.items():
        if project.stage in OPEN_STAGES:
            assert by_project[key][-1] == "合同签订"
            assert by_project[key][0] == "技术交流"
        if project.stage == Stage.WON:
            assert all(m.done_date for m in demo.milestones if m.project == key)
    overdue = [m for m in demo.milestones if m.done_date is None and m.due_date < demo.today]
    assert overdue, "some key steps are late"


def test_leads_convert_at_different_rates_by_source(demo: DemoCompany) -> None:
    totals: Counter[str] = Counter(lead.source for lead in demo.leads)
    converted: Counter[str] = Counter(lead.source for lead in demo.leads if lead.project)
    rate = {source: converted[source] / totals[source] for source in totals}
    assert (
        rate[LeadSource.REFERRAL]
        > rate[LeadSource.EXHIBITION]
        > rate[LeadSource.CHANNEL]
        > rate[LeadSource.COLD_CALL]
        > rate[LeadSource.ONLINE]
        > 0
    )
    assert rate[LeadSource.EXHIBITION] == pytest.approx(0.30, abs=0.03)
    assert rate[LeadSource.ONLINE] == pytest.approx(0.05, abs=0.02)
    projects = {p.key: p for p in demo.projects}
    for lead in demo.leads:
        assert lead.date <= demo.today
        if lead.project:
            project = projects[lead.project]
            assert lead.qualified_date == project.created_date
            assert project.lead_source == lead.source
            assert lead.customer == project.customer
        else:
            assert lead.qualified_date is None


def test_activities_cover_the_last_months_for_everyone(demo: DemoCompany) -> None:
    people = {p.key: p for p in demo.people}
    assert {a.person for a in demo.activities} == set(people)
    assert all(people[a.person].hire_date <= a.date <= demo.today for a in demo.activities)
    kinds = {a.kind for a in demo.activities}
    assert {"visit", "call", "proposal", "demo", "exhibition", "review"} <= kinds
    open_projects = [p for p in demo.projects if p.stage in OPEN_STAGES]
    touched = {(a.project, a.date) for a in demo.activities}
    assert all((p.key, p.last_contact_date) in touched for p in open_projects)


# -- any reference day --------------------------------------------------------------------------


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_dates_respect_the_reference_day(today: date) -> None:
    company = generate_demo(seed=7, today=today)
    assert max(o.signed_date for o in company.orders) <= today
    assert min(o.signed_date for o in company.orders) >= date(today.year - 2, 1, 1)
    assert all(p.date <= today for p in company.payments)
    assert all(a.date <= today for a in company.activities)
    assert all(lead.date <= today for lead in company.leads)
    for project in company.projects:
        assert project.created_date <= today
        if project.stage in OPEN_STAGES:
            assert project.expected_sign_date > today
        else:
            assert project.closed_date is not None
            assert project.closed_date <= today
    last_year = [o.amount for o in company.orders if o.signed_date.year == today.year - 1]
    assert sum(last_year, Decimal(0)) == LAST_YEAR_ORDERS
    assert len(existing_customers(company)) == 200
    new_lines = {line.code for line in company.product_lines if line.is_new_product}
    assert all(
        o.signed_date.year == today.year for o in company.orders if o.product_line in new_lines
    )
