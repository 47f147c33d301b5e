"""The plan as a tree × periods grid: rows by scope, quarters and months, htmx drill-down."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pacer.org.models import Person
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod
from pacer.plans.services import plan_build
from pacer.web.formatting import money_text
from tests.world import World

TODAY = date(2026, 6, 1)
ROW = re.compile(r'<tr class="plan-row" data-node="(\d+)"')


@pytest.fixture
def world_plan(world: World) -> Plan:
    return plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY)


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def all_open(plan: Plan, tree: str) -> str:
    ids = PlanNode.objects.filter(plan=plan, tree=tree).values_list("pk", flat=True)
    return ",".join(str(pk) for pk in ids)


def shown_nodes(html: str) -> list[PlanNode]:
    ids = [int(pk) for pk in ROW.findall(html)]
    by_id = PlanNode.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids]


def cell_texts(html: str, node: PlanNode) -> dict[str, str]:
    """Period key → the amount text of ``node``'s row."""
    row = html.split(f'data-node="{node.pk}"', 1)[1].split("</tr>", 1)[0]
    return dict(re.findall(r'data-period="([^"]+)">\s*<a [^>]*>([^<]+)</a>', row))


def test_the_market_grid_opens_on_the_business_types_by_quarter(
    client: Client, demo_plan: Plan
) -> None:
    director = Person.objects.get(user__username="demo-director")
    response = login(client, director).get(reverse("plans:detail", args=[demo_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    nodes = shown_nodes(html)
    assert [n.dimension for n in nodes] == ["company", *["business_type"] * 3]
    assert {n.key for n in nodes[1:]} == {"repeat", "new_customer", "new_product"}
    for node in nodes:
        months = list(PlanPeriod.objects.filter(node=node).order_by("start"))
        quarters = [
            sum((m.amount for m in months[3 * q : 3 * q + 3]), Decimal(0)) for q in range(4)
        ]
        assert cell_texts(html, node) == {f"q{q + 1}": money_text(quarters[q]) for q in range(4)}
        assert money_text(node.base) in html
        assert money_text(node.breakthrough) in html
    for label in ("Q1", "Q4", "基础线", "挑战线", "突破线"):
        assert f">{label}</th>" in html


def test_month_grain_shows_twelve_months(client: Client, demo_plan: Plan) -> None:
    director = Person.objects.get(user__username="demo-director")
    url = reverse("plans:detail", args=[demo_plan.pk])
    html = login(client, director).get(url, {"grain": "month"}).content.decode()
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    months = {p.start.strftime("%Y-%m"): money_text(p.amount) for p in root.periods.all()}
    assert cell_texts(html, root) == months
    assert len(months) == 12
    assert ">1月</th>" in html
    assert ">12月</th>" in html


def test_open_rows_and_unknown_choices_fall_back(client: Client, demo_plan: Plan) -> None:
    director = Person.objects.get(user__username="demo-director")
    repeat = PlanNode.objects.get(plan=demo_plan, dimension="business_type", key="repeat")
    url = reverse("plans:detail", args=[demo_plan.pk])
    html = login(client, director).get(url, {"open": f"{repeat.pk},x", "tree": "??"}).content
    nodes = shown_nodes(html.decode())
    below = [n for n in nodes if n.parent_id == repeat.pk]
    assert below
    assert {n.dimension for n in below} == {"industry"}
    assert 'data-period="q1"' in html.decode()


def test_a_rep_sees_only_their_own_line_of_the_org_tree(client: Client, world_plan: Plan) -> None:
    url = reverse("plans:detail", args=[world_plan.pk])
    everyone = {"王小明", "赵小红", "刘小刚", "李经理", "陈经理"}
    query = {"tree": "org", "open": all_open(world_plan, "org")}
    html = login(client, Person.objects.get(name="王小明")).get(url, query).content.decode()
    people = {n.label for n in shown_nodes(html) if n.dimension == "person"}
    assert people == {"王小明"}
    for name in everyone - {"王小明"}:
        assert name not in html
    teams = {n.label for n in shown_nodes(html) if n.dimension == "team"}
    assert teams == {"销售部", "华南组"}


def test_a_chain_of_only_children_opens_by_itself(client: Client, world_plan: Plan) -> None:
    """A rep's default org grid: company → the one department → their team → themselves."""
    url = reverse("plans:detail", args=[world_plan.pk])
    html = login(client, Person.objects.get(name="王小明")).get(url, {"tree": "org"})
    nodes = shown_nodes(html.content.decode())
    assert [(n.label, n.dimension) for n in nodes][1:] == [
        ("销售部", "team"),
        ("华南组", "team"),
        ("王小明", "person"),
    ]
    toggles = re.findall(r'aria-expanded="(\w+)"', html.content.decode())
    assert toggles == ["true", "true"]  # the two teams: open, and a click closes them


def test_a_manager_sees_their_people_and_a_director_everyone(
    client: Client, world: World, world_plan: Plan
) -> None:
    url = reverse("plans:detail", args=[world_plan.pk])
    query = {"tree": "org", "open": all_open(world_plan, "org")}
    html = login(client, world.manager_south).get(url, query).content.decode()
    assert {n.label for n in shown_nodes(html) if n.dimension == "person"} == {
        "李经理",
        "王小明",
        "赵小红",
    }
    html = login(client, world.director).get(url, query).content.decode()
    assert {n.label for n in shown_nodes(html) if n.dimension == "person"} == {
        "李经理",
        "王小明",
        "赵小红",
        "陈经理",
        "刘小刚",
    }


def test_the_rows_fragment_returns_only_the_visible_children(
    client: Client, world: World, world_plan: Plan
) -> None:
    south = PlanNode.objects.get(plan=world_plan, tree="org", team=world.south)
    url = reverse("plans:rows", args=[world_plan.pk, south.pk])
    login(client, world.rep_a)
    response = client.get(url, {"grain": "month"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith("<tr")
    assert [n.label for n in shown_nodes(html)] == ["王小明"]
    assert 'data-depth="3"' in html
    assert len(re.findall(r'data-period="2026-\d\d"', html)) == 12
    assert "HX-Request" in response.get("Vary", "")
    login(client, world.manager_south)
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert [n.label for n in shown_nodes(html)] == ["李经理", "王小明", "赵小红"]
    assert len(re.findall(r'data-period="q\d"', html)) == 3 * 4


def test_the_rows_url_without_htmx_opens_the_grid_there(
    client: Client, world: World, world_plan: Plan
) -> None:
    south = PlanNode.objects.get(plan=world_plan, tree="org", team=world.south)
    response = login(client, world.director).get(
        reverse("plans:rows", args=[world_plan.pk, south.pk]), {"grain": "month"}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("plans:detail", args=[world_plan.pk]) + "?tree=org")
    assert "grain=month" in location
    html = client.get(location).content.decode()
    assert {"王小明", "赵小红", "李经理"} <= {n.label for n in shown_nodes(html)}


def test_nodes_outside_the_view_are_not_found(
    client: Client, world: World, world_plan: Plan
) -> None:
    east = PlanNode.objects.get(plan=world_plan, tree="org", team=world.east)
    rep_c = PlanNode.objects.get(plan=world_plan, person=world.rep_c)
    login(client, world.rep_a)
    for url in (
        reverse("plans:rows", args=[world_plan.pk, east.pk]),
        reverse("plans:math", args=[world_plan.pk, rep_c.pk]),
        reverse("plans:rows", args=[world_plan.pk, 10**6]),
        reverse("plans:detail", args=[10**6]),
    ):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, url


def test_warning_marks_only_on_months_ahead(client: Client, world: World, world_plan: Plan) -> None:
    """The world's only projects sign in September (1.6× coverage); June–December else empty."""
    root = PlanNode.objects.get(plan=world_plan, tree="market", parent=None)
    url = reverse("plans:detail", args=[world_plan.pk])
    html = login(client, world.director).get(url, {"grain": "month"}).content.decode()
    row = html.split(f'data-node="{root.pk}"', 1)[1].split("</tr>", 1)[0]
    marks = dict(
        re.findall(r'data-period="([^"]+)">.*?(?:data-warning="([^"]+)"|</td>)', row, re.DOTALL)
    )
    assert {k for k, v in marks.items() if v == "not-backed"} == {
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-10",
        "2026-11",
        "2026-12",
    }
    assert {k for k, v in marks.items() if v == "low-coverage"} == {"2026-09"}
    assert all(not marks[f"2026-0{m}"] for m in range(1, 6))  # over before the data day
    html = client.get(url).content.decode()
    row = html.split(f'data-node="{root.pk}"', 1)[1].split("</tr>", 1)[0]
    quarters = dict(
        re.findall(r'data-period="(q\d)">.*?(?:data-warning="([^"]+)"|</td>)', row, re.DOTALL)
    )
    assert quarters == {"q1": "", "q2": "not-backed", "q3": "low-coverage", "q4": "not-backed"}


def test_the_header_links_and_the_own_person_page(
    client: Client, world: World, world_plan: Plan
) -> None:
    html = login(client, world.rep_a).get(reverse("plans:detail", args=[world_plan.pk]))
    text = html.content.decode()
    assert reverse("plans:person", args=[world_plan.pk, world.rep_a.pk]) in text
    assert f"{reverse('plans:target')}?plan={world_plan.pk}" in text
    assert "草稿" in text
    assert '<div class="stat__value" data-stat="target">300.00万</div>' in text
    assert '<div class="stat__value" data-stat="base">240.00万</div>' in text  # 80 %
    assert "没有任何在跟项目支撑" in text  # the plan's warnings, explained


def test_a_plan_without_nodes_or_actions_shows_empty_states(client: Client, world: World) -> None:
    plan = plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY)
    PlanAction.objects.filter(plan=plan).delete()
    html = login(client, world.director).get(reverse("plans:detail", args=[plan.pk])).content
    assert "没有您可以查看的漏斗动作" in html.decode()
    assert 'id="funnel-chart"' not in html.decode()
    empty = Plan.objects.create(name="空计划", year=2027, target=Decimal(1), as_of=TODAY)
    html = client.get(reverse("plans:detail", args=[empty.pk])).content.decode()
    assert "这份计划里没有您可以查看的节点" in html
    assert 'id="grid"' not in html
