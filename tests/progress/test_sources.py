"""Lead-source effectiveness on the demo company, counted again from the Lead rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.crm.models import Lead, Stage
from pacer.plans.models import Plan
from pacer.progress.charts import LeadSourceChart
from pacer.progress.selectors import track_data
from pacer.progress.sources import lead_source_report
from tests.plans.conftest import DEMO_DAY

WINDOW_START = date(2025, 6, 15)


def _counted() -> dict[str, dict[str, int]]:
    """Per source: leads in the window, qualified, converted, won — from the rows."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for lead in Lead.objects.select_related("project"):
        if not WINDOW_START <= lead.date < DEMO_DAY:
            continue
        row = counts[lead.source]
        row["leads"] += 1
        row["qualified"] += lead.qualified_date is not None and lead.qualified_date < DEMO_DAY
        project = lead.project
        if project is not None and (project.created_date or lead.date) < DEMO_DAY:
            row["converted"] += 1
            row["won"] += (
                project.stage == Stage.WON and (project.closed_date or lead.date) < DEMO_DAY
            )
    return counts


def test_conversion_per_source_equals_a_count_of_lead_rows(demo_plan: Plan) -> None:
    sources = track_data(demo_plan, DEMO_DAY, None)["lead_sources"]
    assert sources["window"] == {"start": "2025-06-15", "end": "2026-06-15"}
    counted = _counted()
    assert {s["source"] for s in sources["sources"] if s["leads"]} == set(counted)
    for row in sources["sources"]:
        expected = counted.get(row["source"], {})
        for field in ("leads", "qualified", "converted", "won"):
            assert row[field] == expected.get(field, 0), (row["source"], field)
        if row["leads"]:
            conversion = Decimal(expected["converted"]) / Decimal(expected["leads"])
            assert Decimal(row["conversion"]) == conversion.quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
        else:
            assert row["conversion"] is None
    # The months split the window: their leads add up to the window's.
    for row in sources["sources"]:
        per_month = [
            next(s["leads"] for s in m["sources"] if s["source"] == row["source"])
            for m in sources["months"]
        ]
        assert sum(per_month) == row["leads"]


def test_revenue_is_the_amount_of_the_won_projects_of_the_sources_leads(demo_plan: Plan) -> None:
    report = lead_source_report(None, DEMO_DAY)
    won: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for lead in Lead.objects.filter(
        date__gte=WINDOW_START, date__lt=DEMO_DAY, project__stage=Stage.WON
    ):
        won[lead.source][lead.project_id] = lead.project.amount  # type: ignore[union-attr,index]
    for row in report.rows:
        assert row.revenue == sum(won[row.source].values(), Decimal(0))
    assert any(row.revenue > 0 for row in report.rows)


def test_recommendation_when_exhibitions_convert_three_times_online(demo_plan: Plan) -> None:
    sources = track_data(demo_plan, DEMO_DAY, None)["lead_sources"]
    rows = {s["source"]: s for s in sources["sources"]}
    exhibition, online = (
        Decimal(rows["exhibition"]["conversion"]),
        Decimal(rows["online"]["conversion"]),
    )
    assert exhibition >= 3 * online  # about 30 % against about 5 %
    pair = next(
        r
        for r in sources["recommendations"]
        if (r["to_source"], r["from_source"]) == ("exhibition", "online")
    )
    assert Decimal(pair["ratio"]) == (exhibition / online).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert Decimal(pair["ratio"]) >= 3
    assert pair["sentence"].startswith("展会转化率 ")
    assert "建议把预算从线上转向展会" in pair["sentence"]
    # Every recommendation meets the rule; no pair below it is recommended.
    for r in sources["recommendations"]:
        assert Decimal(r["to_conversion"]) >= 3 * Decimal(r["from_conversion"])


def test_the_ratio_is_configurable(demo_plan: Plan, settings: SettingsWrapper) -> None:
    settings.PACER_LEAD_SOURCE_RULES = {"ratio": "6", "min_leads": 10}
    report = lead_source_report(None, DEMO_DAY)
    pairs = {(s.strong, s.weak) for s in report.shifts}
    assert ("exhibition", "online") not in pairs  # about 4.8×
    assert ("referral", "online") in pairs  # about 8.8×
    settings.PACER_LEAD_SOURCE_RULES = {"ratio": "1", "min_leads": 10}
    with pytest.raises(ValueError, match="ratio"):
        lead_source_report(None, DEMO_DAY)


def test_source_chart_payload_equals_the_rows(demo_plan: Plan) -> None:
    report = lead_source_report(None, DEMO_DAY)
    chart = LeadSourceChart.build(report.rows)
    option = chart.to_echarts()
    assert option["xAxis"][0]["data"] == ["展会", "转介绍", "线上", "渠道", "陌拜", "其他"]
    leads, converted, won, conversion = option["series"]
    assert leads["data"] == [r.leads for r in report.rows]
    assert converted["data"] == [r.converted for r in report.rows]
    assert won["data"] == [r.won for r in report.rows]
    assert conversion["data"][:5] == [
        str((Decimal(r.converted) / r.leads * 100).quantize(Decimal("0.1")))
        for r in report.rows[:5]
    ]
    assert conversion["data"][5] is None  # no lead from "other"
    assert not chart.is_empty
