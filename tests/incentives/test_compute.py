"""Statements against hand calculations with the field's example numbers (see factories)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pacer.incentives.models import IncentiveStatement, Mentorship, StatementStatus
from pacer.incentives.services import IncentiveError, incentives_compute
from pacer.org.models import Person
from tests.incentives.factories import AS_OF, JULY, July, order, payment
from tests.world import World


def compute(as_of: date = AS_OF) -> dict[str, IncentiveStatement]:
    result = incentives_compute(month=JULY, as_of=as_of, user=None)
    return {s.person.external_id.removeprefix("P-"): s for s in result.statements}


def amounts(statement: IncentiveStatement) -> dict[str, Decimal]:
    return {line["code"]: Decimal(line["amount"]) for line in statement.lines}


def test_the_field_example_by_hand(july: July) -> None:
    got = compute()
    assert set(got) == {"rep_a", "rep_b", "rep_c"}  # the scheme is for account executives
    a, b, c = got["rep_a"], got["rep_b"], got["rep_c"]
    # rep_a: target 50万, sales 40万 + 22万 = 62万 (124 %); every stage done; 3 proposals for 1.
    assert a.inputs["target"] == "500000.00"
    assert a.inputs["sales_by_line"] == {"plc-std": "620000.00"}
    assert a.inputs["actions_planned"] == {"lead": 3, "needs": 2, "proposal": 1, "won": 1}
    assert a.inputs["actions_done"] == {"lead": 3, "needs": 2, "proposal": 3, "won": 1}
    assert a.attainment == Decimal("1.2400")
    assert amounts(a) == {
        "actions_complete": Decimal("500.00"),
        "extra_proposals": Decimal("400.00"),  # 2 extra × 200
        "commission": Decimal("18600.00"),  # 620,000 × (2 % + 1 %)
        "accelerator": Decimal("31000.00"),  # 620,000 × 5 %
    }
    assert a.total == Decimal("50500.00")
    # rep_b: 30万 of 40万 (75 %): base rate only; 1 lead of 3 planned: no action bonus.
    assert amounts(b) == {"commission": Decimal("6000.00")}
    assert b.total == Decimal("6000.00")
    # rep_c: exactly 100 %: the rate goes up by 1 %, no accelerator.
    assert amounts(c) == {"commission": Decimal("6000.00")}
    assert c.attainment == Decimal("1.0000")


def test_every_line_is_explained_in_words(july: July) -> None:
    a = compute()["rep_a"]
    words = {line["code"]: line["explanation"] for line in a.lines}
    assert words["commission"] == (
        "提成：加权销售额 62.00万 × 费率 3.0%（当月目标已达成，+1%）= 1.86万"
    )
    assert words["accelerator"] == (
        "加速奖：当月完成率 124.0%，超过 120%，加权销售额 62.00万 × 5.0% = 3.10万"
    )
    assert words["extra_proposals"] == (
        "超额方案奖：当月发出方案 3 个，计划 1 个，超出 2 个 × 200元 = 400元"
    )
    assert words["actions_complete"] == (
        "动作达标奖：当月各阶段动作目标全部完成"
        "（完成/计划：线索 3/3、需求对接 2/2、方案 3/1、签单 1/1），奖励 500元"
    )
    b = compute()["rep_b"]
    assert b.lines[0]["explanation"] == (
        "提成：加权销售额 30.00万 × 费率 2.0%（当月目标 40.00万 未达成，完成率 75.0%）= 6,000元"
    )


def test_the_scheme_values_are_kept_on_the_statement(july: July) -> None:
    a = compute()["rep_a"]
    assert a.scheme_snapshot == {
        "id": july.scheme.pk,
        "name": "客户经理激励方案",
        "basis": "orders",
        "action_bonus": "500.00",
        "extra_proposal_bonus": "200.00",
        "base_rate": "0.0200",
        "target_met_rate_bonus": "0.0100",
        "accelerator_threshold": "1.2000",
        "accelerator_rate": "0.0500",
        "line_weights": {},
        "mentoring_rate": "0.0100",
        "valid_from": "2026-01-01",
        "valid_to": None,
    }
    assert a.inputs["plan_id"] == july.plan.pk
    assert sorted(a.inputs["records"]["orders"]) == sorted(
        [july.orders["a1"].pk, july.orders["a2"].pk]
    )


def test_payments_basis_counts_money_collected_in_the_month(july: July) -> None:
    july.scheme.basis = "payments"
    july.scheme.save()
    w = july.world
    payment(w.orders["a"], "100000.00", date(2026, 7, 10))  # on March's order, paid in July
    payment(july.orders["a1"], "150000.00", date(2026, 7, 28))
    payment(july.orders["a1"], "90000.00", date(2026, 8, 3))  # August: not July's
    payment(july.orders["a2"], "20000.00", date(2026, 7, 30))  # no person: the owner's
    got = compute()
    a = got["rep_a"]
    # 100,000 + 150,000 + 20,000 = 270,000 of 500,000 (54 %): base rate 2 % = 5,400.
    assert a.inputs["sales_by_line"] == {"plc-std": "270000.00"}
    assert amounts(a) == {
        "actions_complete": Decimal("500.00"),
        "extra_proposals": Decimal("400.00"),
        "commission": Decimal("5400.00"),
    }
    assert a.total == Decimal("6300.00")
    assert got["rep_b"].total == Decimal("0.00")  # nothing collected in July


def test_product_line_weights_pay_more_for_new_products(july: July) -> None:
    from pacer.crm.models import ProductLine

    new = ProductLine.objects.create(code="plc-new", name="新一代PLC", is_new_product=True)
    july.scheme.line_weights = {"plc-new": "1.5"}
    july.scheme.save()
    order(july.world, "c", "100000.00", date(2026, 7, 22), product_line=new)
    c = compute()["rep_c"]
    # sales 20万 + 10万 = 30万 of 20万 (150 %); weighted 20万 + 10万 × 1.5 = 35万.
    assert c.sales == Decimal("300000.00")
    assert c.weighted_sales == Decimal("350000.00")
    assert amounts(c) == {
        "commission": Decimal("10500.00"),  # 350,000 × 3 %
        "accelerator": Decimal("17500.00"),  # 350,000 × 5 %
    }
    assert c.total == Decimal("28000.00")
    assert c.lines[0]["explanation"] == (
        "提成：加权销售额 35.00万 × 费率 3.0%（当月目标已达成，+1%）= 1.05万"
    )


def test_mentoring_pays_a_share_of_the_mentees_sales(july: July) -> None:
    w = july.world
    Mentorship.objects.create(mentor=w.rep_a, mentee=w.rep_b, valid_from=date(2026, 6, 1))
    # Ended on the first of July (exclusive): not in July.
    Mentorship.objects.create(
        mentor=w.rep_a, mentee=w.rep_c, valid_from=date(2026, 1, 1), valid_to=date(2026, 7, 1)
    )
    a = compute()["rep_a"]
    assert a.inputs["mentees"] == [{"person_id": w.rep_b.pk, "sales": "300000.00"}]
    assert amounts(a)["mentoring"] == Decimal("3000.00")  # 1 % of 300,000
    assert a.total == Decimal("53500.00")  # 50,500 + 3,000
    words = {line["code"]: line["explanation"] for line in a.lines}
    assert words["mentoring"] == "带教奖：所带新人当月销售额 30.00万 × 1.0% = 3,000元"


def test_a_late_order_makes_version_2_and_keeps_version_1(july: July) -> None:
    first = compute()
    v1 = first["rep_b"]
    order(july.world, "b", "100000.00", date(2026, 7, 30))  # entered in August
    result = incentives_compute(month=JULY, as_of=date(2026, 8, 20), user=None)
    assert [s.person_id for s in result.created] == [july.world.rep_b.pk]
    assert {s.pk for s in result.unchanged} == {first["rep_a"].pk, first["rep_c"].pk}
    v2 = result.created[0]
    # 40万 of 40万: target met, 3 % of 400,000.
    assert v2.version == 2
    assert amounts(v2) == {"commission": Decimal("12000.00")}
    assert v2.as_of == date(2026, 8, 20)
    v1.refresh_from_db()
    assert v1.status == StatementStatus.SUPERSEDED
    assert v1.superseded_by_id == v2.pk
    assert v1.total == Decimal("6000.00")
    assert amounts(v1) == {"commission": Decimal("6000.00")}
    assert v1.as_of == AS_OF
    current = IncentiveStatement.objects.filter(month=JULY, status=StatementStatus.CURRENT)
    assert current.count() == 3


def test_recomputing_without_changes_creates_nothing(july: July) -> None:
    compute()
    before = list(IncentiveStatement.objects.order_by("pk").values_list("pk", "version", "status"))
    result = incentives_compute(month=JULY, as_of=date(2026, 9, 1), user=None)
    assert result.created == ()
    assert len(result.unchanged) == 3
    after = list(IncentiveStatement.objects.order_by("pk").values_list("pk", "version", "status"))
    assert after == before


def test_changing_the_scheme_never_rewrites_a_statement(july: July) -> None:
    v1 = compute()["rep_c"]
    july.scheme.base_rate = Decimal("0.025")
    july.scheme.name = "改名后的方案"
    july.scheme.save()
    v1.refresh_from_db()
    assert v1.scheme_snapshot["base_rate"] == "0.0200"
    assert v1.total == Decimal("6000.00")
    v2 = compute()["rep_c"]
    assert v2.version == 2
    assert v2.scheme_snapshot["base_rate"] == "0.0250"
    assert amounts(v2) == {"commission": Decimal("7000.00")}  # 200,000 × 3.5 %


def test_a_new_name_alone_is_not_a_new_version(july: July) -> None:
    compute()
    july.scheme.name = "只改了名字"
    july.scheme.save()
    assert incentives_compute(month=JULY, as_of=AS_OF, user=None).created == ()


def test_mid_month_statement_counts_only_what_is_known(july: July) -> None:
    a = compute(as_of=date(2026, 7, 10))["rep_a"]
    assert a.inputs["sales_by_line"] == {"plc-std": "400000.00"}  # the order of 07-20 not yet
    assert a.inputs["actions_done"] == {"lead": 2, "needs": 2, "proposal": 1, "won": 0}


def test_the_approved_plan_wins_over_a_newer_draft(july: July) -> None:
    from tests.incentives.factories import make_plan

    w = july.world
    make_plan({w.rep_c: Decimal(100_000)}, {}, status="draft", name="新草稿")
    c = compute()["rep_c"]
    assert c.inputs["plan_id"] == july.plan.pk
    assert c.inputs["target"] == "200000.00"
    july.plan.status = "superseded"
    july.plan.save()
    c = compute()["rep_c"]
    assert c.inputs["target"] == "100000.00"  # the newest draft when no plan is approved
    assert c.attainment == Decimal("2.0000")


def test_no_plan_means_no_target_and_the_base_rate(world: World) -> None:
    from tests.incentives.factories import make_scheme

    make_scheme()
    order(world, "c", "200000.00", date(2026, 7, 3))
    c = compute()["rep_c"]
    assert c.inputs["plan_id"] is None
    assert c.attainment is None
    assert amounts(c) == {"commission": Decimal("4000.00")}
    assert "当月没有目标" in c.lines[0]["explanation"]


def test_targets_and_actions_come_from_a_built_plan(world: World) -> None:
    from pacer.plans.models import PlanAction, PlanPeriod
    from pacer.plans.services import plan_build
    from tests.incentives.factories import make_scheme

    make_scheme()
    plan = plan_build(year=2026, target=Decimal(1_000_000), as_of=date(2026, 6, 15))
    september = date(2026, 9, 1)
    period = PlanPeriod.objects.get(
        node__plan=plan, node__tree="org", node__key=f"person:{world.rep_a.pk}", start=september
    )
    assert Decimal(0) < period.amount < Decimal(200_000)
    order(world, "a", "200000.00", date(2026, 9, 18))
    result = incentives_compute(month=september, as_of=date(2026, 10, 5), user=None)
    a = next(s for s in result.statements if s.person_id == world.rep_a.pk)
    planned: dict[str, int] = {}
    for action in PlanAction.objects.filter(plan=plan, person=world.rep_a, due__month=9):
        planned[action.stage] = planned.get(action.stage, 0) + action.count
    assert planned
    assert a.inputs["plan_id"] == plan.pk
    assert a.inputs["target"] == str(period.amount)
    assert a.inputs["actions_planned"] == planned
    # The target is met (but not by more than 120 %): 200,000 × 3 %; the actions are not done.
    assert amounts(a) == {"commission": Decimal("6000.00")}


def test_the_most_specific_scheme_applies(july: July) -> None:
    from tests.incentives.factories import make_scheme

    general = make_scheme(name="通用方案", positions=[], base_rate=Decimal("0.01"))
    managers = make_scheme(name="经理方案", positions=[], access_roles=["manager"])
    got = compute()
    assert got["rep_a"].scheme_id == july.scheme.pk
    assert got["manager_south"].scheme_id == managers.pk
    assert got["director"].scheme_id == general.pk


def test_people_who_have_left_get_no_statement(july: July) -> None:
    rep_c: Person = july.world.rep_c
    rep_c.active_to = JULY
    rep_c.save()
    assert "rep_c" not in compute()


def test_a_month_not_yet_started_is_refused(july: July) -> None:
    with pytest.raises(IncentiveError, match="还没有开始"):
        incentives_compute(month=date(2026, 9, 1), as_of=date(2026, 8, 31), user=None)


def test_only_directors_and_admins_compute(july: July) -> None:
    w = july.world
    for person in (w.rep_a, w.manager_south):
        with pytest.raises(PermissionDenied):
            incentives_compute(month=JULY, as_of=AS_OF, user=person.user)
    assert not IncentiveStatement.objects.exists()
    result = incentives_compute(month=JULY, as_of=AS_OF, user=w.director.user)
    assert {s.computed_by_id for s in result.created} == {w.director.user_id}
