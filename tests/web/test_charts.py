"""The pipeline chart's payload: numbers recomputed from the rows, funnel order, translated."""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils import translation

from pacer import access
from pacer.crm.models import OPEN_STAGES, Project, Stage
from pacer.planning.money import WAN
from pacer.web.charts import PipelineByStage
from pacer.web.selectors import pipeline_by_stage
from tests.world import World


def _add_projects(world: World) -> None:
    """Besides the world's three 方案 projects: leads, a negotiation, and closed ones."""
    for name, stage, amount, owner in (
        ("线索一", Stage.LEAD, "123456.78", world.rep_a),
        ("线索二", Stage.LEAD, "10000.01", world.rep_c),
        ("谈判一", Stage.NEGOTIATION, "2000000", world.rep_b),
        ("已签", Stage.WON, "900000", world.rep_a),
        ("已丢", Stage.LOST, "700000", world.rep_a),
    ):
        Project.objects.create(name=name, stage=stage, amount=Decimal(amount), owner=owner)


def _expected(actor: access.Actor) -> dict[str, tuple[int, Decimal]]:
    """Recompute count and amount per open stage straight from the visible rows."""
    result = {stage.value: (0, Decimal(0)) for stage in OPEN_STAGES}
    for project in access.projects_for(actor):
        if project.stage in result:
            count, amount = result[project.stage]
            result[project.stage] = (count + 1, amount + project.amount)
    return result


def test_payload_equals_a_recomputation_from_the_rows(world: World) -> None:
    _add_projects(world)
    actor = access.actor_for(world.director.user)
    expected = _expected(actor)
    with translation.override("zh-hans"):
        chart = PipelineByStage.from_totals(pipeline_by_stage(actor))
    assert chart.in_wan
    assert chart.counts == tuple(expected[s.value][0] for s in OPEN_STAGES) == (2, 0, 3, 1)
    assert chart.amounts == tuple(
        str((expected[s.value][1] / WAN).quantize(Decimal("0.01"))) for s in OPEN_STAGES
    )
    assert chart.amounts == ("13.35", "0.00", "150.00", "200.00")


def test_english_amounts_are_full_yuan(world: World) -> None:
    _add_projects(world)
    actor = access.actor_for(world.director.user)
    with translation.override("en"):
        chart = PipelineByStage.from_totals(pipeline_by_stage(actor))
    assert not chart.in_wan
    assert chart.amounts == ("133456.79", "0.00", "1500000.00", "2000000.00")


def test_payload_respects_the_scope(world: World) -> None:
    _add_projects(world)
    actor = access.actor_for(world.rep_a.user)
    chart = PipelineByStage.from_totals(pipeline_by_stage(actor), language="zh-hans")
    assert chart.counts == (1, 0, 1, 0)
    assert chart.amounts == ("12.35", "0.00", "50.00", "0.00")


def test_stages_follow_the_funnel_and_are_translated(world: World) -> None:
    actor = access.actor_for(world.director.user)
    with translation.override("zh-hans"):
        chinese = PipelineByStage.from_totals(pipeline_by_stage(actor))
    with translation.override("en"):
        english = PipelineByStage.from_totals(pipeline_by_stage(actor))
    assert chinese.stages == ("线索", "需求对接", "方案", "商务谈判")
    assert english.stages == ("Lead", "Needs", "Proposal", "Negotiation")
    assert chinese.amount_name == "金额（万元）"
    assert english.amount_name == "Amount (CNY)"
    assert english.count_name == "Projects"


def test_echarts_option_carries_the_payload_as_json(world: World) -> None:
    actor = access.actor_for(world.director.user)
    chart = PipelineByStage.from_totals(pipeline_by_stage(actor), language="zh-hans")
    option = json.loads(json.dumps(chart.to_echarts()))
    assert option["xAxis"][0]["data"] == list(chart.stages)
    amounts, counts = option["series"]
    assert amounts["type"] == "bar"
    assert amounts["data"] == ["0.00", "0.00", "150.00", "0.00"]
    assert amounts.get("yAxisIndex", 0) == 0
    assert counts["yAxisIndex"] == 1
    assert counts["data"] == [0, 0, 3, 0]
    assert [axis["name"] for axis in option["yAxis"]] == ["金额（万元）", "项目数"]


def test_no_open_projects_is_an_empty_chart(db: None) -> None:
    chart = PipelineByStage.from_totals(pipeline_by_stage(access.NOBODY), language="zh-hans")
    assert chart.is_empty
    assert chart.counts == (0, 0, 0, 0)
    assert chart.stages == ("线索", "需求对接", "方案", "商务谈判")
