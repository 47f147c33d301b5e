"""The plan list and the target-setting page with its build form, for every role."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pacer.org.models import Person
from pacer.plans.labels import BOTTOM_UP_PARTS, VERDICTS
from pacer.plans.models import Plan, PlanChange
from pacer.plans.services import PlanError, plan_build
from pacer.plans.web import read_views
from pacer.web import clock
from tests.world import World

TODAY = date(2026, 6, 1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def world_plan(world: World) -> Plan:
    return plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY, name="测试计划")


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def data_value(html: str, element_id: str) -> Decimal:
    """The ``data-value`` of the first element inside the element with ``element_id``."""
    block = html.split(f'id="{element_id}"', 1)[1]
    match = re.search(r'data-value="([^"]+)"', block)
    assert match, element_id
    return Decimal(match.group(1))


def test_anonymous_is_sent_to_login(client: Client, world_plan: Plan) -> None:
    for url in (reverse("plans:list"), reverse("plans:target")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["director", "manager_south", "rep_a", "admin"])
def test_every_person_sees_the_plan_list(client: Client, world: World, who: str) -> None:
    plan = plan_build(year=2026, target=Decimal(3_000_000), as_of=TODAY, name="二〇二六计划")
    response = login(client, getattr(world, who)).get(reverse("plans:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "二〇二六计划" in html
    assert reverse("plans:detail", args=[plan.pk]) in html
    assert 'id="year-2026"' in html
    assert "草稿" in html
    assert f'href="{reverse("plans:list")}" aria-current="page"' in html  # the nav link


def test_a_login_without_person_sees_no_plan(client: Client, world_plan: Plan) -> None:
    client.force_login(User.objects.create_user(username="nobody", password="x"))
    for url in (reverse("plans:list"), reverse("plans:target")):
        html = client.get(url).content.decode()
        assert "测试计划" not in html
        assert "尚未关联" in html
    assert client.get(reverse("plans:detail", args=[world_plan.pk])).status_code == 404


def test_no_plan_yet_shows_an_empty_page(client: Client, world: World) -> None:
    html = login(client, world.rep_a).get(reverse("plans:list")).content.decode()
    assert 'id="no-plans"' in html
    html = login(client, world.rep_a).get(reverse("plans:target")).content.decode()
    assert 'id="no-plan"' in html
    assert 'id="build"' not in html


def test_target_page_shows_three_views_and_the_verdict(client: Client, demo_plan: Plan) -> None:
    director = Person.objects.get(user__username="demo-director")
    response = login(client, director).get(reverse("plans:target"))
    html = response.content.decode()
    views = demo_plan.views
    assert data_value(html, "view-top-down") == Decimal(views["top_down"])
    assert data_value(html, "view-bottom-up") == Decimal(views["bottom_up"])
    for part in views["bottom_up_parts"]:
        assert str(BOTTOM_UP_PARTS[part["part"]]) in html
        assert f'data-value="{part["amount"]}"' in html
    # 3800万 last year; 31.6 % growth needed for 5000万.
    assert "3,800.00万" in html
    assert "31.6%" in html
    assert "未填写市场假设" in html
    assert str(VERDICTS[views["verdict"]]) in html
    assert f'data-verdict="{views["verdict"]}"' in html
    assert "比去年 3,800.00 万元需要增长 31.6%" in html
    assert 'id="build"' in html


def test_target_page_without_the_form_for_a_rep(client: Client, world_plan: Plan) -> None:
    html = login(client, Person.objects.get(name="王小明")).get(reverse("plans:target"))
    text = html.content.decode()
    assert html.status_code == 200
    assert 'id="view-top-down"' in text
    assert str(VERDICTS[world_plan.views["verdict"]]) in text
    assert 'id="build"' not in text


def test_a_named_plan_is_shown_and_an_unknown_one_is_404(
    client: Client, world: World, world_plan: Plan
) -> None:
    other = plan_build(year=2027, target=Decimal(9_000_000), as_of=TODAY, name="明年计划")
    login(client, world.director)
    html = client.get(reverse("plans:target"), {"plan": world_plan.pk}).content.decode()
    assert "测试计划 v1" in html
    assert "明年计划" not in html
    html = client.get(reverse("plans:target")).content.decode()
    assert "明年计划 v1" in html  # the latest year by default
    assert client.get(reverse("plans:target"), {"plan": other.pk + 99}).status_code == 404
    assert client.get(reverse("plans:target"), {"plan": "x"}).status_code == 404


def test_the_form_builds_a_draft_for_a_director(client: Client, world: World, today: date) -> None:
    response = login(client, world.director).post(
        reverse("plans:target"),
        {
            "year": "2026",
            "target": "4,800万",
            "growth": "30%",
            "name": "冲刺计划",
            "new_product_share": "25%",
            "market_size": "2亿",
            "market_growth": "0.1",
            "market_share": "25%",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.name == "冲刺计划"
    assert plan.year == 2026
    assert plan.target == Decimal(48_000_000)
    assert plan.as_of == today
    assert plan.created_by == world.director.user
    assert Decimal(plan.assumptions["wanted_growth"]) == Decimal("0.3")
    assert Decimal(plan.assumptions["new_product_share"]) == Decimal("0.25")
    market = {k: Decimal(v) for k, v in plan.assumptions["market"].items()}
    assert market == {
        "size": Decimal(200_000_000),
        "growth": Decimal("0.1"),
        "share": Decimal("0.25"),
    }
    # Market view: 2亿 × (1 + 10 %) × 25 % = 5500万.
    assert Decimal(plan.views["market"]) == Decimal(55_000_000)
    assert PlanChange.objects.get(plan=plan).who == world.director.user
    page = client.get(response["Location"]).content.decode()
    assert "已生成计划草稿：冲刺计划" in page
    target = client.get(reverse("plans:target"), {"plan": plan.pk}).content.decode()
    assert data_value(target, "view-market") == Decimal("55000000.00")
    assert "没有去年的签单数据" in target  # the world has no history before 2026


def test_the_form_takes_plain_yuan_and_defaults(client: Client, world: World, today: date) -> None:
    response = login(client, world.admin).post(
        reverse("plans:target"), {"year": "2027", "target": "12345678.9"}
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.target == Decimal("12345678.90")
    assert plan.assumptions["wanted_growth"] is None
    assert plan.assumptions["market"] is None
    assert plan.name == "2027 年度计划"


@pytest.mark.parametrize("who", ["rep_a", "manager_south"])
def test_the_form_is_refused_to_others(client: Client, world: World, who: str) -> None:
    response = login(client, getattr(world, who)).post(
        reverse("plans:target"), {"year": "2026", "target": "5000万"}
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error_on", "message"),
    [
        ("target", "abc", "target", "不是金额"),
        ("target", "", "target", "这个字段是必填项"),
        ("target", "-5", "target", "金额不能为负数"),
        ("target", "0", "target", "金额必须大于零"),
        ("target", "1" * 41, "target", "内容过长"),
        ("year", "1999", "year", "2000"),
        ("year", "明年", "year", "输入整数"),
        ("growth", "很多", "growth", "不是比率"),
        ("growth", "-150%", "growth", "须大于 -100%"),
        ("new_product_share", "150%", "new_product_share", "须在 0% 到 100% 之间"),
        ("market_size", "2亿", "market_share", "还需要目标市场份额"),
        ("market_share", "30%", "market_size", "还需要市场容量"),
        ("market_growth", "5%", "market_size", "还需要市场容量和目标份额"),
    ],
)
def test_bad_input_shows_the_error_on_its_field(
    client: Client, world: World, field: str, value: str, error_on: str, message: str
) -> None:
    data = {"year": "2026", "target": "300万", field: value}
    with translation.override("zh-hans"):
        response = login(client, world.director).post(reverse("plans:target"), data)
    html = response.content.decode()
    assert response.status_code == 400
    block = html.split(f'for="id_{error_on}"', 1)[1].split('class="field', 1)[0]
    assert "errorlist" in block, f"the error is not on {error_on}"
    assert message in block
    assert f'value="{value}"' in html or not value  # what was typed is kept
    assert not Plan.objects.exists()


def test_a_plan_error_is_a_form_error(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_kwargs: object) -> Plan:
        raise PlanError("年度目标必须大于零")

    monkeypatch.setattr(read_views, "plan_build", refuse)
    response = login(client, world.director).post(
        reverse("plans:target"), {"year": "2026", "target": "300万"}
    )
    assert response.status_code == 400
    assert '<ul class="errors" role="alert"><li>年度目标必须大于零</li></ul>' in (
        response.content.decode()
    )


def test_pages_read_in_english_with_amounts_in_yuan(
    client: Client, world: World, world_plan: Plan
) -> None:
    Person.objects.filter(pk=world.director.pk).update(language="en")
    login(client, world.director)
    for url in (
        reverse("plans:list"),
        reverse("plans:target"),
        reverse("plans:detail", args=[world_plan.pk]),
        reverse("plans:person", args=[world_plan.pk, world.rep_a.pk]),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert '<html lang="en">' in html
        assert "¥" in html, url
    detail = client.get(reverse("plans:detail", args=[world_plan.pk])).content.decode()
    assert "¥3,000,000.00" in detail
