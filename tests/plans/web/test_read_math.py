""" "See the math": the numbers shown equal the stored ones and recompute from the projects."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pacer.crm.models import Project, Stage
from pacer.org.models import Person
from pacer.planning.money import FEN
from pacer.plans.explain import explain
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.plans.services import plan_build
from pacer.web.formatting import money_text
from tests.world import World

TODAY = date(2026, 6, 1)
PROJECT_ROW = re.compile(r'data-project="(\d+)" data-amount="([^"]+)" data-probability="([^"]+)"')


@pytest.fixture
def world_plan(world: World) -> Plan:
    return plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY)


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def field(html: str, name: str) -> Decimal:
    match = re.search(rf'data-field="{name}" data-value="([^"]*)"', html)
    assert match, name
    return Decimal(match.group(1))


def math_html(client: Client, plan: Plan, node: PlanNode, period: str | None = None) -> str:
    url = reverse("plans:math", args=[plan.pk, node.pk])
    response = client.get(url, {"period": period} if period else {}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_a_month_cell_adds_up_from_its_projects(client: Client, demo_plan: Plan) -> None:
    login(client, Person.objects.get(user__username="demo-director"))
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    months = list(root.periods.order_by("start"))
    august = next(p for p in months if p.start == date(2026, 8, 1))
    html = math_html(client, demo_plan, root, "2026-08")

    assert field(html, "amount") == august.amount
    assert field(html, "identified") == august.identified
    assert field(html, "run-rate") == august.run_rate == august.amount - august.identified
    rows = PROJECT_ROW.findall(html)
    assert sorted(int(pk) for pk, _, _ in rows) == sorted(august.project_ids)
    listed = sum((Decimal(a) * Decimal(p) for _, a, p in rows), Decimal(0))
    assert listed.quantize(FEN) == august.identified
    assert field(html, "recomputed") == august.identified
    for pk, amount, probability in rows:
        project = Project.objects.get(pk=pk)
        assert Decimal(amount) == project.amount
        expected = 1 if project.stage == Stage.WON else Decimal(project.probability) / 100
        assert Decimal(probability) == expected
        assert project.name in html

    identified_year = sum((p.identified for p in months), Decimal(0))
    total = root.amount - identified_year
    assert field(html, "run-rate-total") == total
    product = field(html, "run-rate-product")
    assert product == (total * august.season_share).quantize(FEN)
    assert abs(product - august.run_rate) <= Decimal("0.05")  # the exact split's rounding
    assert field(html, "coverage") == august.coverage
    assert august.coverage == (august.pipeline / august.amount).quantize(Decimal("0.01"))
    assert "阈值 3 倍" in html
    assert "覆盖不足" in html


def test_a_quarter_is_the_sum_of_its_months(client: Client, demo_plan: Plan) -> None:
    login(client, Person.objects.get(user__username="demo-director"))
    repeat = PlanNode.objects.get(plan=demo_plan, dimension="business_type", key="repeat")
    q3 = list(
        PlanPeriod.objects.filter(
            node=repeat, start__gte=date(2026, 7, 1), start__lt=date(2026, 10, 1)
        ).order_by("start")
    )
    html = math_html(client, demo_plan, repeat, "q3")
    assert field(html, "amount") == sum((m.amount for m in q3), Decimal(0))
    assert field(html, "identified") == sum((m.identified for m in q3), Decimal(0))
    assert re.findall(r'data-month="([^"]+)"', html) == ["2026-07", "2026-08", "2026-09"]
    for month in q3:
        assert f'data-value="{month.amount}"' in html
    projects = {int(pk) for pk, _, _ in PROJECT_ROW.findall(html)}
    assert projects == {pid for m in q3 for pid in m.project_ids}
    assert 'data-field="run-rate-product"' not in html  # a quarter has no R × s of its own


def test_a_node_shows_its_reasons_levels_and_months(client: Client, demo_plan: Plan) -> None:
    login(client, Person.objects.get(user__username="demo-director"))
    repeat = PlanNode.objects.get(plan=demo_plan, dimension="business_type", key="repeat")
    html = math_html(client, demo_plan, repeat)
    sentence = explain(repeat.drivers[0])
    assert "复购保持率" in sentence
    assert sentence in html
    assert field(html, "node-amount") == repeat.amount
    assert field(html, "base") == repeat.base
    assert field(html, "stretch") == repeat.stretch
    assert field(html, "breakthrough") == repeat.breakthrough
    assert len(re.findall(r'data-month="2026-\d\d"', html)) == 12
    assert "业务类型 × 行业 × 区域 · 业务类型" in html


def test_a_person_node_shows_the_quota(client: Client, world: World, world_plan: Plan) -> None:
    node = PlanNode.objects.get(plan=world_plan, person=world.rep_a)
    html = math_html(login(client, world.rep_a), world_plan, node)
    assert node.quota is not None
    assert field(html, "quota") == node.quota
    assert reverse("plans:person", args=[world_plan.pk, world.rep_a.pk]) in html
    assert "调整这个节点" not in html  # a rep does not edit plans


def test_projects_out_of_scope_are_counted_not_named(
    client: Client, world: World, world_plan: Plan
) -> None:
    """September is backed by the three reps' projects, 50万 × 50 % each."""
    root = PlanNode.objects.get(plan=world_plan, tree="market", parent=None)
    september = root.periods.get(start=date(2026, 9, 1))
    assert september.identified == Decimal("750000.00")
    html = math_html(login(client, world.rep_a), world_plan, root, "2026-09")
    assert [int(pk) for pk, _, _ in PROJECT_ROW.findall(html)] == [world.projects["a"].pk]
    assert "项目A" in html
    assert "项目B" not in html
    assert "项目C" not in html
    assert "客户B" not in html
    assert 'data-hidden="2"' in html
    assert "另有 2 个项目不在您的查看范围内" in html
    hidden_row = html.split('data-hidden="2"', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="num">{money_text(Decimal(500_000))}</td>' in hidden_row  # 2 × 25万
    assert field(html, "recomputed") == september.identified
    html = math_html(login(client, world.director), world_plan, root, "2026-09")
    assert len(PROJECT_ROW.findall(html)) == 3
    assert "data-hidden" not in html
    assert "调整这个节点" in html


def test_a_changed_project_is_pointed_out(client: Client, world: World, world_plan: Plan) -> None:
    project = world.projects["b"]
    project.probability = 90
    project.save()
    root = PlanNode.objects.get(plan=world_plan, tree="market", parent=None)
    html = math_html(login(client, world.director), world_plan, root, "2026-09")
    assert field(html, "recomputed") == Decimal("950000.00")
    assert "按当前的项目数据重算为 95.00万，计划生成时记为 75.00万" in html


def test_the_full_page_and_the_fragment(client: Client, world: World, world_plan: Plan) -> None:
    root = PlanNode.objects.get(plan=world_plan, tree="market", parent=None)
    url = reverse("plans:math", args=[world_plan.pk, root.pk])
    login(client, world.director)
    fragment = client.get(url, {"period": "2026-09"}, headers={"HX-Request": "true"})
    page = client.get(url, {"period": "2026-09"})
    assert "<html" not in fragment.content.decode()
    assert fragment.content.decode().strip().startswith('<div class="math"')
    assert "<html" in page.content.decode()
    assert 'id="math-panel"' in page.content.decode()
    assert "HX-Request" in page["Vary"]
    for response in (fragment, page):
        assert 'data-period="2026-09"' in response.content.decode()


def test_an_unknown_period_says_so(client: Client, world: World, world_plan: Plan) -> None:
    root = PlanNode.objects.get(plan=world_plan, tree="market", parent=None)
    html = math_html(login(client, world.director), world_plan, root, "2031-13")
    assert "这份计划里没有这个期间" in html
    assert 'data-period=""' in html
