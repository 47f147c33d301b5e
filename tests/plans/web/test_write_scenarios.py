"""Scenario pages: create a scenario with changed assumptions and compare it side by side."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pacer.plans.models import Plan


def client_for(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=f"demo-{name}"))
    return client


def test_a_director_creates_a_scenario_and_sees_the_comparison(demo_plan: Plan) -> None:
    client = client_for("director")
    url = reverse("plans:scenarios", args=[demo_plan.pk])
    assert 'id="scenario-form"' in client.get(url).content.decode()

    response = client.post(
        url, {"name": "平均节奏 + 增长 15%", "seasonality_source": "even", "wanted_growth": "15"}
    )

    scenario = Plan.objects.get(scenario_of=demo_plan)
    assert scenario.name == "平均节奏 + 增长 15%"
    assert scenario.assumptions["seasonality_source"] == "even"
    assert scenario.assumptions["wanted_growth"] == "0.15"
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:scenario_compare", args=[demo_plan.pk, scenario.pk]
    )

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026-03" in html
    assert "平均分配" in html
    assert 'data-differs="true"' in html
    months = next(s for s in page.context["sections"] if s.title == "月份")
    assert months.differences > 0

    listing = client.get(url).content.decode()
    assert "平均节奏 + 增长 15%" in listing
    source_page = client.get(reverse("plans:scenarios", args=[scenario.pk])).content.decode()
    assert 'id="scenario-source"' in source_page


def test_bad_scenario_input_is_shown_on_the_form(demo_plan: Plan) -> None:
    client = client_for("director")
    url = reverse("plans:scenarios", args=[demo_plan.pk])
    response = client.post(url, {"win_rate_factor": "0", "new_product_share": "abc"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "win_rate_factor" in errors
    assert "new_product_share" in errors
    response = client.post(url, {"name": "什么都不改"})
    assert response.status_code == 400
    assert "至少要改变一项假设" in response.content.decode()
    assert not Plan.objects.filter(scenario_of=demo_plan).exists()


def test_reps_and_managers_see_scenarios_but_do_not_create_them(demo_plan: Plan) -> None:
    url = reverse("plans:scenarios", args=[demo_plan.pk])
    for who in ("rep01", "prd1"):
        client = client_for(who)
        page = client.get(url)
        assert page.status_code == 200
        assert 'id="scenario-form"' not in page.content.decode()
        assert client.post(url, {"seasonality_source": "even"}).status_code == 403
    assert not Plan.objects.filter(scenario_of=demo_plan).exists()


def test_comparing_unknown_plans_is_not_found(demo_plan: Plan) -> None:
    client = client_for("director")
    url = reverse("plans:scenario_compare", args=[demo_plan.pk, demo_plan.pk + 50])
    assert client.get(url).status_code == 404
    same = client.get(reverse("plans:scenario_compare", args=[demo_plan.pk, demo_plan.pk]))
    assert same.status_code == 200
    assert 'data-differs="true"' not in same.content.decode()
