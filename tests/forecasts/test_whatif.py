"""What-if: a scenario of the plan beside it, with funnel actions and the probability."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pacer.forecasts.whatif import WhatIfResult, whatif_run
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod
from pacer.plans.scenarios import CompareRow
from pacer.web import clock
from tests.plans.conftest import DEMO_DAY, demo, demo_plan  # noqa: F401

TRIALS = 500


@pytest.fixture
def plan(demo_plan: Plan) -> Plan:  # noqa: F811
    """The demo company's 5000万 plan for 2026, the baseline of every what-if here."""
    return demo_plan


def login(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


def run(plan: Plan, **changes: object) -> WhatIfResult:
    return whatif_run(
        plan=plan,
        changes=changes,
        user=login("director"),
        as_of=DEMO_DAY,
        trials=TRIALS,
        seed=7,
    )


def action(result: WhatIfResult, stage_label: str) -> CompareRow:
    section = next(s for s in result.sections if s.title == "漏斗动作合计")
    return next(r for r in section.rows if r.label == stage_label)


def won_by_person_month(plan: Plan) -> dict[tuple[int, date], int]:
    rows = PlanAction.objects.filter(plan=plan, stage="won").order_by("pk")
    return {(r.person_id, r.feeds_start): r.count for r in rows}


def test_a_higher_win_rate_needs_fewer_leads_and_raises_the_chance(plan: Plan) -> None:
    result = run(plan, win_rate_factor=Decimal("1.5"))

    leads = action(result, "线索")
    assert leads.b < leads.a
    assert result.win_rate_factor == Decimal("1.5")
    base, better = result.baseline_year, result.scenario_year
    # Same target, same seed: every trial wins at least what it won before.
    assert better.levels == base.levels
    assert better.probabilities["stretch"] > base.probabilities["stretch"]
    assert better.mean > base.mean


def test_a_doubled_deal_size_halves_the_signings_needed(plan: Plan) -> None:
    result = run(plan, deal_size_factor=Decimal(2))

    signings = action(result, "签单")
    assert signings.a > 10
    # Signings are whole numbers per person and month, each rounded up: halved within one.
    before, after = won_by_person_month(result.baseline), won_by_person_month(result.scenario)
    assert set(after) <= set(before)
    assert all(abs(after.get(key, 0) - count / 2) <= 1 for key, count in before.items())
    assert abs(signings.b - signings.a / 2) <= len(before)
    assert signings.b < signings.a
    assert result.scenario_year.mean > result.baseline_year.mean


def test_an_even_seasonality_gives_even_run_rate_months(plan: Plan) -> None:
    result = run(plan, seasonality_source="even")

    root = PlanNode.objects.get(plan=result.scenario, tree="market", parent=None)
    run_rates = [p.run_rate for p in PlanPeriod.objects.filter(node=root).order_by("start")]
    assert len(run_rates) == 12
    assert max(run_rates) - min(run_rates) <= Decimal("0.05")
    assert result.scenario.scenario_of_id == plan.pk
    assert result.scenario.assumptions["seasonality_source"] == "even"


def test_a_fixed_seed_reproduces_the_probabilities_exactly(plan: Plan) -> None:
    first = run(plan, win_rate_factor=Decimal("1.2"))
    second = run(plan, win_rate_factor=Decimal("1.2"))

    assert first.scenario.pk != second.scenario.pk
    assert first.baseline_year == second.baseline_year
    assert first.scenario_year == second.scenario_year


def test_the_page_shows_both_columns_for_a_director(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: DEMO_DAY)
    client = Client()
    client.force_login(login("director"))
    url = reverse("forecasts:whatif")

    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["plan"] == plan
    assert 'id="no-hires"' in form.content.decode()

    response = client.post(
        url,
        {
            "plan": plan.pk,
            "name": "赢单率提高两成",
            "win_rate_factor": "1.2",
            "trials": TRIALS,
            "seed": 3,
        },
    )
    scenario = Plan.objects.get(scenario_of=plan)
    assert response.status_code == 302
    assert f"scenario={scenario.pk}" in response["Location"]

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "赢单率提高两成" in html
    assert html.count('data-column="baseline"') == html.count('data-column="whatif"')
    assert html.count('data-column="whatif"') > 10
    assert 'data-level="stretch"' in html
    result = page.context["result"]
    assert result.baseline == plan
    assert result.scenario == scenario
    assert result.seed == 3


def test_bad_input_is_answered_with_a_message_not_a_crash(plan: Plan) -> None:
    client = Client()
    client.force_login(login("director"))
    url = reverse("forecasts:whatif")

    unchanged = client.post(url, {"plan": plan.pk, "trials": TRIALS, "seed": 0})
    assert unchanged.status_code == 400
    assert "至少要改变一项假设" in unchanged.content.decode()

    assert client.get(url, {"trials": "many"}).status_code == 400
    missing = client.get(url, {"scenario": plan.pk})
    assert missing.status_code == 400
    assert "找不到情景" in missing.content.decode()


def test_the_page_is_forbidden_to_a_rep(plan: Plan) -> None:
    client = Client()
    client.force_login(login("rep01"))
    url = reverse("forecasts:whatif")

    assert client.get(url).status_code == 403
    post = client.post(url, {"plan": plan.pk, "win_rate_factor": "2", "trials": 100})
    assert post.status_code == 403
    assert not Plan.objects.filter(scenario_of=plan).exists()
