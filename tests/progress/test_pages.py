"""The progress pages on the demo company, per role; the monthly chart's payload."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pacer.crm.models import Project
from pacer.planning.money import to_money
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.progress.charts import MonthlyProgressChart
from pacer.progress.report import track_report
from tests.plans.conftest import DEMO_DAY
from tests.progress.conftest import client_for, person

REP = "demo-rep01"  # 付秀, reports to 姜凯 (demo-prd1) with 罗勇 and 黄秀凯
OTHER_REP = "demo-rep04"  # 邹敏亮, in 方娜欣's team
MANAGER = "demo-prd1"


def _person_node(plan: Plan, login: str) -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree="org", person=person(login))


def _rows(html: str) -> int:
    return html.count('class="track-row"')


def test_director_sees_every_node_and_the_drill_down(demo_plan: Plan, demo_today: object) -> None:
    client = client_for("demo-director")
    page = client.get("/track/")
    assert page.status_code == 200
    html = page.content.decode()
    assert _rows(html) == PlanNode.objects.filter(plan=demo_plan, tree="org").count()
    for node in PlanNode.objects.filter(plan=demo_plan, tree="org", dimension="person"):
        assert f'data-node-link="{node.pk}"' in html
    market = client.get("/track/?tree=market").content.decode()
    assert _rows(market) == PlanNode.objects.filter(plan=demo_plan, tree="market").count()
    # Below the first level with a choice, rows start hidden until opened.
    assert market.count("hidden>") > 0
    # Without scripts, ?open= opens a team: its people's rows are no longer hidden.
    node = _person_node(demo_plan, OTHER_REP)
    team = node.parent
    assert team is not None
    closed = client.get("/track/").content.decode()
    assert re.search(rf'data-node="{node.pk}"[^>]*hidden>', closed)
    opened_ids = ",".join(str(pk) for pk in (team.parent.parent_id, team.parent_id, team.pk))
    opened = client.get(f"/track/?open={opened_ids}").content.decode()
    assert re.search(rf'data-node="{node.pk}"[^>]*"\s*>', opened)
    assert not re.search(rf'data-node="{node.pk}"[^>]*hidden>', opened)
    detail = client.get(f"/track/nodes/{node.pk}/")
    assert detail.status_code == 200
    assert 'data-chart="node-chart-data"' in detail.content.decode()
    assert detail.context["n"].node.id == node.pk


def test_rep_sees_only_their_own_chain_and_not_another_reps_node(
    demo_plan: Plan, demo_today: object
) -> None:
    client = client_for(REP)
    html = client.get("/track/").content.decode()
    own = _person_node(demo_plan, REP)
    assert f'data-node-link="{own.pk}"' in html
    others = PlanNode.objects.filter(plan=demo_plan, tree="org", dimension="person").exclude(
        pk=own.pk
    )
    for node in others:
        assert f'data-node-link="{node.pk}"' not in html
        assert node.label not in html
        assert client.get(f"/track/nodes/{node.pk}/").status_code == 404
    assert client.get(f"/track/nodes/{own.pk}/").status_code == 200


def test_manager_sees_their_reports_and_not_another_team(
    demo_plan: Plan, demo_today: object
) -> None:
    client = client_for(MANAGER)
    html = client.get("/track/").content.decode()
    for login in (MANAGER, REP, "demo-rep02", "demo-rep03"):
        node = _person_node(demo_plan, login)
        assert f'data-node-link="{node.pk}"' in html
        assert client.get(f"/track/nodes/{node.pk}/").status_code == 200
    other = _person_node(demo_plan, OTHER_REP)
    assert f'data-node-link="{other.pk}"' not in html
    assert client.get(f"/track/nodes/{other.pk}/").status_code == 404


def test_slipped_project_names_only_for_those_who_may_see_the_project(
    demo_plan: Plan, demo_today: object
) -> None:
    other = person(OTHER_REP)
    period = next(
        p
        for p in PlanPeriod.objects.filter(node__plan=demo_plan, node__person=other)
        .exclude(project_ids=[])
        .order_by("start")
        if p.start > DEMO_DAY
    )
    project = Project.objects.get(pk=period.project_ids[0])
    project.expected_sign_date = period.end + timedelta(days=31)
    project.save()
    company = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    as_rep = client_for(REP).get(f"/track/nodes/{company.pk}/").content.decode()
    as_owner = client_for(OTHER_REP).get(f"/track/nodes/{company.pk}/").content.decode()
    as_director = client_for("demo-director").get(f"/track/nodes/{company.pk}/").content.decode()
    assert project.name in as_owner
    assert project.name in as_director
    assert project.name not in as_rep
    assert "（您无权查看的项目）" in as_rep
    assert f'data-slipped="{project.pk}"' not in as_rep


def test_sources_page_shows_the_recommendation(demo_plan: Plan, demo_today: object) -> None:
    page = client_for("demo-director").get("/track/sources/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "建议把预算从线上转向展会" in html
    assert 'data-chart="sources-chart-data"' in html
    bad = client_for("demo-director").get("/track/sources/?start=2026-13-01&end=2026-01-01")
    assert bad.status_code == 200
    assert "2026-13-01" in bad.content.decode()


def test_bad_input_and_no_login(demo_plan: Plan, demo_today: object) -> None:
    client = client_for("demo-director")
    page = client.get("/track/?as_of=2026-02-30&plan=abc&tree=nope")
    assert page.status_code == 200
    assert "2026-02-30" in page.content.decode()
    assert page.context["as_of"] == DEMO_DAY
    assert client.get("/track/?plan=999999").context["plan"] is None
    assert client.get("/track/nodes/999999/").status_code == 404
    assert Client().get("/track/").status_code == 302
    lonely = User.objects.create_user(username="nobody", password="x")
    anon = Client()
    anon.force_login(lonely)
    assert "尚未关联" in anon.get("/track/").content.decode()
    assert "尚未关联" in anon.get("/track/sources/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_monthly_chart_payload_equals_the_rows(demo_plan: Plan, language: str) -> None:
    node = _person_node(demo_plan, REP)
    progress = track_report(demo_plan, DEMO_DAY).node(node.pk)
    assert progress is not None
    chart = MonthlyProgressChart.build(progress, DEMO_DAY, language=language)
    option = chart.to_echarts()
    unit = Decimal(10_000) if language == "zh-hans" else Decimal(1)
    periods = list(PlanPeriod.objects.filter(node=node).order_by("start"))
    targets, actuals, cumulative_target, cumulative_actual = option["series"]
    assert targets["data"] == [str(to_money(p.amount / unit)) for p in periods]
    running = Decimal(0)
    for i, month in enumerate(progress.months):
        running += month.actual
        if month.period.start < DEMO_DAY:
            assert actuals["data"][i] == str(to_money(month.actual / unit))
            assert cumulative_actual["data"][i] == str(to_money(running / unit))
        else:
            assert actuals["data"][i] is None
            assert cumulative_actual["data"][i] is None
    total = sum((p.amount for p in periods), Decimal(0))
    assert cumulative_target["data"][-1] == str(to_money(total / unit))
    assert len(option["xAxis"][0]["data"]) == 12


def test_a_large_tree_carries_only_its_shown_rows_and_opens_by_link(
    demo_plan: Plan, demo_today: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacer.progress import pages

    client = client_for("demo-director")
    whole = client.get("/track/").content.decode()
    shown_in_whole = len(re.findall(r'class="track-row"[^>]*"\s*>', whole))
    assert 0 < shown_in_whole < _rows(whole)  # some rows start hidden

    monkeypatch.setattr(pages, "FULL_TREE_ROWS", 3)
    large = client.get("/track/").content.decode()
    assert "data-partial" in large
    assert _rows(large) == shown_in_whole  # the hidden rows are left off
    assert "hidden>" not in large
    node = _person_node(demo_plan, OTHER_REP)
    team = node.parent
    assert team is not None
    assert f'data-node="{node.pk}"' not in large
    # The team's toggle opens it with a request: its people come with the page.
    toggle = re.search(rf'href="([^"]*)" data-toggle="{team.pk}"', large)
    assert toggle is not None
    opened = client.get("/track/" + toggle.group(1).replace("&amp;", "&")).content.decode()
    assert f'data-node="{node.pk}"' in opened
    assert "hidden>" not in opened


def test_the_overview_reads_a_slim_report_with_the_same_figures(
    demo_plan: Plan, demo_today: object
) -> None:
    from pacer.access import actor_for
    from pacer.progress.pages import overview_report

    director = person("demo-director")
    full = track_report(demo_plan, DEMO_DAY, actor_for(director.user))
    slim = overview_report(full)

    for tree, nodes in full.trees.items():
        assert [(n.node, n.windows, n.funnel) for n in slim.trees[tree]] == [
            (n.node, n.windows, n.funnel) for n in nodes
        ]
        assert all(n.months == () and n.slipped == () for n in slim.trees[tree])
    assert any(n.months for n in full.trees["org"])  # there was something to leave out
    page = client_for("demo-director").get("/track/")
    assert page.context["report"].funnels == {}
    assert page.context["root"].year == full.trees["org"][0].year


def test_the_people_furthest_behind_come_first_and_the_list_is_capped(
    demo_plan: Plan, demo_today: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacer.access import actor_for
    from pacer.progress import pages

    director = person("demo-director")
    report = track_report(demo_plan, DEMO_DAY, actor_for(director.user))
    shown, count = pages.most_behind(report, "org")
    everyone = [n for n in report.trees["org"] if n.node.dimension == "person"]
    assert count == sum(1 for n in everyone if n.year.pace_gap < 0)
    assert count >= 2, "the demo has people behind pace"
    gaps = [n.year.pace_gap for n in shown]
    assert gaps == sorted(gaps)
    assert all(gap < 0 for gap in gaps)

    monkeypatch.setattr(pages, "BEHIND_SHOWN", 1)
    html = client_for("demo-director").get("/track/").content.decode()
    assert html.count("data-behind=") == 1
    assert f'data-behind-count="{count}"' in html
    assert f'data-behind="{shown[0].node.id}"' in html


def test_a_node_page_lists_the_largest_slipped_projects_with_the_count_of_all(
    demo_plan: Plan, demo_today: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from pacer.access import actor_for
    from pacer.crm.models import OPEN_STAGES
    from pacer.progress import pages

    # Three of the projects behind the company's months now expect to sign next year.
    periods = PlanPeriod.objects.filter(node__plan=demo_plan, node__tree="org", node__parent=None)
    backing = [pid for period in periods for pid in period.project_ids]
    moved = Project.objects.filter(pk__in=backing, stage__in=OPEN_STAGES).order_by("pk")[:3]
    Project.objects.filter(pk__in=[p.pk for p in moved]).update(expected_sign_date=date(2027, 3, 1))
    director = person("demo-director")
    report = track_report(demo_plan, DEMO_DAY, actor_for(director.user))
    root = report.trees["org"][0]
    assert len(root.slipped) >= 3
    monkeypatch.setattr(pages, "SLIPPED_SHOWN", 2)

    page = pages.node_page(report, root.node.id)

    assert page is not None
    assert page.slipped_count == len(root.slipped)
    assert page.slipped_amount == sum((s.amount for s in root.slipped), Decimal(0))
    amounts = sorted((s.amount for s in root.slipped), reverse=True)
    assert sorted((s.amount for s in page.progress.slipped), reverse=True) == amounts[:2]
    assert all(c.months == () for c in page.children)
    html = client_for("demo-director").get(f"/track/nodes/{root.node.id}/").content.decode()
    assert html.count("data-slipped=") == 2
    assert f'data-slipped-count="{len(root.slipped)}"' in html
