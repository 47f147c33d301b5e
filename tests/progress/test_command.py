"""``pacer track``: its JSON equals the API's for a director; the table; bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pacer.api.services.tokens import api_token_create
from pacer.crm.models import Project
from pacer.plans.models import Plan, PlanNode, PlanPeriod
from pacer.progress.report import track_report
from pacer.progress.serialize import node_detail_json
from tests.json_docs import at, documented_keys
from tests.progress.conftest import person


def _track(*args: str) -> str:
    out = StringIO()
    call_command("track", *args, stdout=out)
    return out.getvalue()


DOC = Path(__file__).resolve().parents[2] / "docs" / "track-json.md"


def _slip_one_project(plan: Plan) -> PlanNode:
    """Postpone an open project backing a later month; the person node it backed."""
    for period in PlanPeriod.objects.filter(
        node__plan=plan, node__dimension="person", start__gt=date(2026, 6, 15)
    ).order_by("start", "pk"):
        for project in Project.objects.filter(pk__in=period.project_ids, stage="proposal"):
            project.expected_sign_date = period.end + timedelta(days=40)
            project.save()
            return period.node
    raise AssertionError


def test_cli_json_equals_api_json_for_a_director(demo_plan: Plan) -> None:
    slipped_node = _slip_one_project(demo_plan)
    cli = json.loads(_track("--as-of", "2026-06-15", "--format", "json"))
    director = person("demo-director")
    token = api_token_create(user=director.user, name="test").secret  # type: ignore[arg-type]
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(
        f"/api/v1/track?as_of=2026-06-15&plan_id={demo_plan.pk}"
    )
    assert response.status_code == 200
    assert response.json() == cli
    assert cli["plan"]["id"] == demo_plan.pk
    assert cli["as_of"] == "2026-06-15"
    assert cli["windows"]["quarter"] == {"start": "2026-04-01", "end": "2026-07-01"}
    assert cli["gaps"]
    assert cli["lead_sources"]["recommendations"]

    # Every key is documented in docs/track-json.md, and every documented key exists.
    report = track_report(demo_plan, date(2026, 6, 15))
    node = report.node(slipped_node.pk)
    assert node is not None
    detail = node_detail_json(report, node)
    sections = documented_keys(DOC)
    assert len(sections) >= 20
    for path, keys in sections.items():
        document, _, inner = path.rpartition(":")
        value = at(detail if document == "detail" else cli, inner)
        assert isinstance(value, dict), path
        assert keys == set(value), path
    node_keys = sections["trees.org[0]"]
    for tree in ("market", "org"):
        assert all(set(n) == node_keys for n in cli["trees"][tree])
    assert set(detail["node"]) == node_keys
    assert set(detail["gap"]) == sections["gaps[0]"]
    assert set(detail["funnel"]) == sections["funnel[0]"]
    figures = sections["trees.org[0].periods.year"]
    assert set(cli["trees"]["market"][0]["payments"]["plan"]["ytd"]) == figures
    assert (
        set(cli["lead_sources"]["months"][0]["sources"][0]) == sections["lead_sources.sources[0]"]
    )


def test_table_shows_top_levels_people_gaps_and_sources(demo_plan: Plan) -> None:
    table = _track("--as-of", "2026-06-15", "--plan", str(demo_plan.pk))
    assert f"计划 #{demo_plan.pk}" in table
    for label in ("存量复购", "新客户开发", "新产品销售", "3C电子行业组", "付秀", "侯鹏斌"):
        assert label in table
    assert "回款（今年订单）" in table
    assert "瓶颈" in table
    assert "建议把预算从线上转向展会" in table
    # Regions (the market tree's third level) are left to the JSON.
    labels = {line.split("  ")[0].strip() for line in table.splitlines() if "  " in line}
    labels |= {line.strip().split(" ")[0] for line in table.splitlines()}
    assert "3C电子" in labels
    assert "珠三角" not in labels
    assert "长三角" not in labels


def test_bad_input_is_a_clear_error(demo_plan: Plan) -> None:
    with pytest.raises(CommandError, match="2026-13-01"):
        _track("--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="999999"):
        _track("--plan", "999999")
    Plan.objects.all().delete()
    with pytest.raises(CommandError, match="pacer plan build"):
        _track()
