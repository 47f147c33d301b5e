"""Chart payloads of a plan equal recomputations from the rows, within each person's view."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.test import Client
from django.urls import reverse
from django.utils import translation

from pacer.access import actor_for
from pacer.crm.models import Order
from pacer.org.models import Person
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod
from pacer.plans.web.read_chart_data import (
    business_type_chart,
    funnel_chart,
    plan_monthly_chart,
    tier_chart,
)
from pacer.plans.web.read_charts import MonthlyPlanChart

WAN = Decimal(10_000)


def wan(value: Decimal) -> str:
    return str((value / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def orders_2025_by_month(keep: object = None) -> list[Decimal]:
    """Last year's orders per month, straight from every order row (``keep`` filters)."""
    totals = [Decimal(0)] * 12
    for order in Order.objects.select_related("customer"):
        if order.signed_date.year == 2025 and (keep is None or keep(order)):  # type: ignore[operator]
            totals[order.signed_date.month - 1] += order.amount
    return totals


def embedded(page: str, script_id: str) -> object:
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', page)
    assert match, script_id
    return json.loads(html_lib.unescape(match.group(1)))


def test_company_months_against_last_years_orders(demo_plan: Plan) -> None:
    director = Person.objects.get(user__username="demo-director")
    with translation.override("zh-hans"):
        chart, company = plan_monthly_chart(actor_for(director.user), demo_plan)
    assert company
    last_year = orders_2025_by_month()
    assert sum(last_year, Decimal(0)) == 3800 * WAN
    assert chart.last_year == tuple(wan(v) for v in last_year)
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    months = list(root.periods.order_by("start"))
    assert chart.identified == tuple(wan(m.identified) for m in months)
    assert chart.run_rate == tuple(wan(m.run_rate) for m in months)
    assert chart.months == tuple(f"{m}月" for m in range(1, 13))
    option = chart.to_echarts()
    assert [s["type"] for s in option["series"]] == ["bar", "bar", "line"]
    assert option["series"][2]["data"] == list(chart.last_year)


def test_a_reps_months_are_their_own(demo_plan: Plan) -> None:
    rep = Person.objects.get(user__username="demo-rep01")
    with translation.override("zh-hans"):
        chart, company = plan_monthly_chart(actor_for(rep.user), demo_plan)
    assert not company

    def own(order: Order) -> bool:
        return order.person_id == rep.pk or (
            order.person_id is None and order.customer.owner_id == rep.pk
        )

    last_year = orders_2025_by_month(own)
    assert any(last_year)
    assert chart.last_year == tuple(wan(v) for v in last_year)
    node = PlanNode.objects.get(plan=demo_plan, tree="org", person=rep)
    months = list(PlanPeriod.objects.filter(node=node).order_by("start"))
    assert chart.identified == tuple(wan(m.identified) for m in months)
    assert chart.run_rate == tuple(wan(m.run_rate) for m in months)


def test_a_managers_months_add_up_their_people(demo_plan: Plan) -> None:
    manager = Person.objects.get(user__username="demo-prd1")
    with translation.override("zh-hans"):
        chart, _company = plan_monthly_chart(actor_for(manager.user), demo_plan)
    people = {manager.pk, *Person.objects.filter(manager=manager).values_list("pk", flat=True)}
    nodes = PlanNode.objects.filter(plan=demo_plan, tree="org", person_id__in=people)
    assert nodes.count() == len(people) == 4
    identified: dict[date, Decimal] = defaultdict(Decimal)
    run_rate: dict[date, Decimal] = defaultdict(Decimal)
    for period in PlanPeriod.objects.filter(node__in=nodes):
        identified[period.start] += period.identified
        run_rate[period.start] += period.run_rate
    assert chart.identified == tuple(wan(identified[k]) for k in sorted(identified))
    assert chart.run_rate == tuple(wan(run_rate[k]) for k in sorted(run_rate))


def test_business_types_and_tiers(demo_plan: Plan) -> None:
    with translation.override("zh-hans"):
        types = business_type_chart(demo_plan)
        tiers = tier_chart(demo_plan)
    nodes = PlanNode.objects.filter(plan=demo_plan, dimension="business_type").order_by("position")
    assert types.labels == ("存量复购", "新客户开发", "新产品销售")
    assert types.amounts == tuple(wan(n.amount) for n in nodes)
    assert sum(Decimal(a) for a in types.amounts) == Decimal("5000.00")
    pie = types.to_echarts()["series"][0]["data"]
    assert [d["name"] for d in pie] == list(types.labels)
    assert tiers.tiers == ("A 类", "B 类", "C 类")
    assert tiers.counts == tuple(t["count"] for t in demo_plan.tiers)
    assert tiers.planned == tuple(wan(Decimal(t["planned_repeat"])) for t in demo_plan.tiers)
    repeat = nodes.get(key="repeat").amount
    assert sum(Decimal(t["planned_repeat"]) for t in demo_plan.tiers) == repeat


def test_funnel_actions_by_month_and_stage(demo_plan: Plan) -> None:
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for action in PlanAction.objects.filter(plan=demo_plan):
        expected[(action.due.strftime("%Y-%m"), action.stage)] += action.count
    director = Person.objects.get(user__username="demo-director")
    with translation.override("zh-hans"):
        chart = funnel_chart(actor_for(director.user), demo_plan)
    assert chart.stages == ("线索", "需求对接", "方案", "签单")
    keys = ("lead", "needs", "proposal", "won")
    for stage, row in zip(keys, chart.counts, strict=True):
        assert row == tuple(expected.get((month, stage), 0) for month in chart.months)
    assert sum(map(sum, chart.counts)) == sum(expected.values())
    assert chart.months[0] == min(m for m, _ in expected)
    assert chart.months[-1] == max(m for m, _ in expected)

    rep = Person.objects.get(user__username="demo-rep01")
    with translation.override("zh-hans"):
        own = funnel_chart(actor_for(rep.user), demo_plan)
    total = sum(a.count for a in PlanAction.objects.filter(plan=demo_plan, person=rep))
    assert sum(map(sum, own.counts)) == total > 0


def test_the_pages_embed_the_payloads(client: Client, demo_plan: Plan) -> None:
    rep = Person.objects.get(user__username="demo-rep01")
    assert rep.user is not None
    client.force_login(rep.user)
    page = client.get(reverse("plans:detail", args=[demo_plan.pk])).content.decode()
    with translation.override("zh-hans"):
        chart, _ = plan_monthly_chart(actor_for(rep.user), demo_plan)
        tiers = tier_chart(demo_plan)
    assert embedded(page, "monthly-chart-data") == chart.to_echarts()
    assert embedded(page, "tier-chart-data") == tiers.to_echarts()
    assert 'data-chart="funnel-chart-data"' in page
    person = client.get(reverse("plans:person", args=[demo_plan.pk, rep.pk])).content.decode()
    assert embedded(person, "person-monthly-chart-data") == chart.to_echarts()


def test_english_amounts_are_yuan() -> None:
    with translation.override("en"):
        chart = MonthlyPlanChart.build(
            months=["Jan"],
            identified=[Decimal("12345.678")],
            run_rate=[Decimal(0)],
            last_year=[Decimal(100)],
        )
    assert not chart.in_wan
    assert chart.identified == ("12345.68",)
    assert chart.last_year == ("100.00",)
