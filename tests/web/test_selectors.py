"""The home page's numbers, recomputed by hand from the world's rows, scope by scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer import access
from pacer.crm.models import Milestone, Order, Payment, Project, Stage
from pacer.org.models import Company, Person, Team
from pacer.web import selectors
from tests.world import World

TODAY = date(2026, 6, 1)


def _actor(person: Person) -> access.Actor:
    return access.actor_for(person.user)


def test_overview_for_the_director_counts_the_whole_company(world: World) -> None:
    Order.objects.create(
        customer=world.customers["b"],
        person=world.rep_b,
        amount=Decimal("300000.00"),
        signed_date=date(2025, 11, 30),
    )
    Order.objects.create(  # next year: in neither column
        customer=world.customers["b"],
        person=world.rep_b,
        amount=Decimal("1.00"),
        signed_date=date(2027, 1, 1),
    )
    result = selectors.overview(_actor(world.director), today=TODAY)
    assert result.year.year == 2026
    assert result.people == 7
    assert result.customers == 3
    assert result.open_projects == selectors.Tally(3, Decimal("1500000.00"))
    assert result.orders_this_year == selectors.Tally(3, Decimal("360000.00"))
    assert result.orders_last_year == selectors.Tally(1, Decimal("300000.00"))
    assert result.payments_this_year == selectors.Tally(3, Decimal("180000.00"))
    assert result.collection_ratio == Decimal("0.5")
    assert not result.is_empty


def test_overview_follows_the_fiscal_year(world: World) -> None:
    Company.objects.update(fiscal_year_start_month=4)
    result = selectors.overview(_actor(world.director), today=TODAY)
    # Fiscal 2026 starts 2026-04-01: the March orders belong to fiscal 2025.
    assert result.year.year == 2026
    assert result.orders_this_year == selectors.Tally(0, Decimal("0.00"))
    assert result.orders_last_year == selectors.Tally(3, Decimal("360000.00"))
    assert result.payments_this_year.count == 3


def test_overview_for_a_rep_is_their_own(world: World) -> None:
    result = selectors.overview(_actor(world.rep_a), today=TODAY)
    assert result.people == 1
    assert result.customers == 1
    assert result.open_projects == selectors.Tally(1, Decimal("500000.00"))
    assert result.orders_this_year == selectors.Tally(1, Decimal("120000.00"))
    assert result.payments_this_year == selectors.Tally(1, Decimal("60000.00"))


def test_overview_of_someone_with_nothing_is_empty(world: World) -> None:
    result = selectors.overview(access.NOBODY, today=TODAY)
    assert result.is_empty
    assert result.collection_ratio is None
    assert result.open_projects == selectors.Tally(0, Decimal("0.00"))


def test_pipeline_by_stage_lists_every_open_stage_in_funnel_order(world: World) -> None:
    Project.objects.create(name="丢", stage=Stage.LOST, amount=Decimal(7), owner=world.rep_a)
    totals = selectors.pipeline_by_stage(_actor(world.manager_south))
    assert [t.stage for t in totals] == [Stage.LEAD, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION]
    assert [(t.count, t.amount) for t in totals] == [
        (0, Decimal(0)),
        (0, Decimal(0)),
        (2, Decimal("1000000.00")),
        (0, Decimal(0)),
    ]


def test_team_rows_roll_sub_teams_up_in_tree_order(world: World) -> None:
    group = Team.objects.create(name="深圳小组", parent=world.south)
    world.rep_b.team = group
    world.rep_b.save()
    rows = selectors.team_rows(_actor(world.director), today=TODAY)
    assert [(r.name, r.depth) for r in rows] == [
        ("销售部", 0),
        ("华东组", 1),
        ("华南组", 1),
        ("深圳小组", 2),
    ]
    by_name = {r.name: r.figures for r in rows}
    assert by_name["深圳小组"].people == 1
    assert by_name["深圳小组"].orders == selectors.Tally(1, Decimal("120000.00"))
    assert by_name["华南组"].people == 3
    assert by_name["华南组"].open_projects == selectors.Tally(2, Decimal("1000000.00"))
    assert by_name["华南组"].payments == selectors.Tally(2, Decimal("120000.00"))
    assert by_name["销售部"].people == 7
    assert by_name["销售部"].orders == selectors.Tally(3, Decimal("360000.00"))


def test_orders_without_a_signer_count_for_the_customer_owner(world: World) -> None:
    world.orders["c"].person = None
    world.orders["c"].save()
    rows = selectors.team_rows(_actor(world.director), today=TODAY)
    east = next(r for r in rows if r.name == "华东组")
    assert east.figures.orders == selectors.Tally(1, Decimal("120000.00"))
    assert east.figures.payments == selectors.Tally(1, Decimal("60000.00"))


def test_people_without_a_team_get_their_own_row(world: World) -> None:
    world.rep_c.team = None
    world.rep_c.save()
    rows = selectors.team_rows(_actor(world.director), today=TODAY)
    assert rows[-1].team_id is None
    assert rows[-1].figures.orders == selectors.Tally(1, Decimal("120000.00"))


def test_person_rows_for_a_manager_are_self_then_reports(world: World) -> None:
    rows = selectors.person_rows(_actor(world.manager_south), today=TODAY)
    assert [r.person for r in rows] == [world.manager_south, world.rep_a, world.rep_b]
    assert rows[0].figures.orders == selectors.Tally(0, Decimal("0.00"))
    assert rows[1].figures.open_projects == selectors.Tally(1, Decimal("500000.00"))
    assert rows[2].figures.payments == selectors.Tally(1, Decimal("60000.00"))


def test_open_projects_by_expected_signing_date_undated_last(world: World) -> None:
    undated = Project.objects.create(name="未定", owner=world.rep_a, stage=Stage.LEAD)
    soon = Project.objects.create(
        name="很快", owner=world.rep_a, stage=Stage.NEEDS, expected_sign_date=date(2026, 6, 30)
    )
    Project.objects.create(name="已签", owner=world.rep_a, stage=Stage.WON)
    assert selectors.open_projects(_actor(world.rep_a)) == [soon, world.projects["a"], undated]
    assert selectors.open_projects(_actor(world.rep_a), limit=1) == [soon]


def test_overdue_milestones_longest_first_within_scope(world: World) -> None:
    a, b = world.projects["a"], world.projects["b"]
    late = Milestone.objects.create(project=a, name="方案评审", due_date=date(2026, 5, 1))
    later = Milestone.objects.create(project=a, name="技术交流", due_date=date(2026, 4, 1))
    Milestone.objects.create(project=a, name="已完成", due_date=date(2026, 4, 1), done_date=TODAY)
    Milestone.objects.create(project=a, name="今天到期", due_date=TODAY)
    Milestone.objects.create(project=b, name="别人的", due_date=date(2026, 4, 1))
    lost = Project.objects.create(name="丢", stage=Stage.LOST, owner=world.rep_a)
    Milestone.objects.create(project=lost, name="不再需要", due_date=date(2026, 4, 1))
    rows = selectors.overdue_milestones(_actor(world.rep_a), today=TODAY)
    assert [(r.milestone, r.days_overdue) for r in rows] == [(later, 61), (late, 31)]
    assert selectors.overdue_milestone_count(_actor(world.rep_a), today=TODAY) == 2
    assert selectors.overdue_milestone_count(_actor(world.manager_south), today=TODAY) == 3


def test_payments_of_last_year_orders_count_this_year(world: World) -> None:
    old = Order.objects.create(
        customer=world.customers["a"],
        person=world.rep_a,
        amount=Decimal("80000.00"),
        signed_date=date(2025, 12, 20),
    )
    Payment.objects.create(order=old, amount=Decimal("80000.00"), date=date(2026, 1, 15))
    result = selectors.overview(_actor(world.rep_a), today=TODAY)
    assert result.payments_this_year == selectors.Tally(2, Decimal("140000.00"))
    assert result.orders_last_year == selectors.Tally(1, Decimal("80000.00"))
