"""Exporting the demo company's 5000万 plan to a workbook, and reading it back."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation
from openpyxl import load_workbook

from pacer.plans.acceptance import ACCEPTANCE
from pacer.plans.excel.export import plan_export
from pacer.plans.excel.importer import workbook_check
from pacer.plans.models import Plan, PlanAction, PlanNode

ZH_SHEETS = ["总览", "业务类型", "行业区域", "月度", "个人", "客户分层", "漏斗动作", "预算", "回款"]
EN_SHEETS = [
    "Overview",
    "Business types",
    "Industry x region",
    "Monthly",
    "People",
    "Customer tiers",
    "Funnel actions",
    "Budget",
    "Collections",
]


def export(plan: Plan, path: Path, lang: str = "zh") -> Path:
    with path.open("wb") as target:
        plan_export(target, plan=plan, lang=lang)
    return path


def money(value: Any) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_every_table_of_the_plan_in_chinese(demo_plan: Plan, tmp_path: Path) -> None:
    wb = load_workbook(export(demo_plan, tmp_path / "plan.xlsx"))
    assert wb.sheetnames == ZH_SHEETS
    assert all(ws.freeze_panes and ws.freeze_panes.endswith("2") for ws in wb.worksheets)

    overview = {row[0]: row[1] for row in rows(wb["总览"])}
    assert overview["年度目标(元)"] == 50_000_000
    assert (overview["基础线(元)"], overview["突破线(元)"]) == (40_000_000, 60_000_000)
    assert overview["结论"] in {"跳一跳够得着", "目标偏低", "空中楼阁：缺乏支撑"}
    assert any(row[0] == "理由" and "增长" in row[1] for row in rows(wb["总览"]))

    types = wb["业务类型"]
    assert [c.value for c in types[1]] == [
        "业务类型",
        "目标(元)",
        "占比",
        "基础线(元)",
        "挑战线(元)",
        "突破线(元)",
        "拆解依据",
    ]
    stored = {
        n.label: n.amount
        for n in PlanNode.objects.filter(plan=demo_plan, dimension="business_type")
    }
    body = rows(types)[:-1]
    assert {r[0]: money(r[1]) for r in body} == stored
    assert sum(Decimal(repr(r[2])) for r in body) == 1  # shares add up to exactly 100 %
    assert types["B2"].number_format == "#,##0.00"
    assert types["C2"].number_format == "0.00%"
    assert "复购保持率" in types["G2"].value
    assert 20 < types.column_dimensions["G"].width <= 62
    assert rows(types)[-1][:3] == ("合计", 50_000_000, 1)

    markets = rows(wb["行业区域"])
    leaves = PlanNode.objects.filter(plan=demo_plan, tree="market", children__isnull=True)
    assert len(markets) == leaves.count()
    assert sum(money(r[3]) for r in markets) == Decimal(50_000_000)

    monthly = wb["月度"]
    assert [c.value for c in monthly[1]][4:] == [f"{m}月" for m in range(1, 13)] + [
        "全年(元)",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
    ]
    company = rows(monthly)[0]
    root = PlanNode.objects.get(plan=demo_plan, tree="market", parent=None)
    assert [money(v) for v in company[4:16]] == [p.amount for p in root.periods.order_by("start")]
    assert money(company[16]) == Decimal(50_000_000)
    assert money(company[17]) == sum(money(v) for v in company[4:7])
    teams = PlanNode.objects.filter(plan=demo_plan, tree="org").exclude(dimension="person")
    assert len(rows(monthly)) == 4 + teams.count()  # company and three business types

    people = rows(wb["个人"])[:-1]
    persons = PlanNode.objects.filter(plan=demo_plan, dimension="person")
    assert {r[1]: (money(r[2]), money(r[3])) for r in people} == {
        p.label: (p.amount, p.quota) for p in persons
    }
    assert all(sum(money(v) for v in r[7:19]) == money(r[2]) for r in people)

    actions = wb["漏斗动作"]
    assert [c.value for c in actions[1]] == [
        "负责人",
        "阶段",
        "数量",
        "截止日期",
        "对应签单月",
        "验收标准",
    ]
    assert len(rows(actions)) == PlanAction.objects.filter(plan=demo_plan).count()
    first = PlanAction.objects.filter(plan=demo_plan).order_by("person", "due", "pk").first()
    assert first is not None
    owner, stage, count, due, _feeds, acceptance = rows(actions)[0]
    assert (owner, count, acceptance) == (first.person.name, first.count, first.acceptance)
    assert stage in {"线索", "需求对接", "方案", "签单"}
    assert isinstance(due, datetime)
    assert due.date() == first.due

    tiers = rows(wb["客户分层"])
    assert [r[0] for r in tiers] == ["A", "B", "C", "合计"]
    assert tiers[0][5]  # the A tier's cadence
    assert tiers[-1][1] == sum(t["count"] for t in demo_plan.tiers)

    budget = rows(wb["预算"])
    assert money(budget[-1][1]) == sum(money(r[1]) for r in budget[:-1]) == Decimal(2_500_000)
    assert len(rows(wb["回款"])) == 13  # twelve months and what is collected next year


def test_an_exported_plan_reads_back_clean_and_a_changed_month_is_named(
    demo_plan: Plan, tmp_path: Path
) -> None:
    path = export(demo_plan, tmp_path / "plan.xlsx")
    result = workbook_check(path)
    assert result.problems == []
    assert result.summary is not None
    assert (
        result.summary.people == PlanNode.objects.filter(plan=demo_plan, dimension="person").count()
    )
    assert result.summary.target == Decimal(50_000_000)

    wb = load_workbook(path)
    people = wb["个人"]
    people["H2"] = people["H2"].value + 100  # the first person's January
    monthly = wb["月度"]
    monthly["E3"] = monthly["E3"].value - 0.01  # 存量复购's January
    wb.save(path)
    problems = {(p.where, p.parts, p.difference) for p in workbook_check(path).problems}
    assert problems == {
        ("个人!C2", "个人!H2:S2", Decimal(100)),
        ("月度!Q3", "月度!E3:P3", Decimal("-0.01")),
        ("月度!R3", "月度!E3:G3", Decimal("-0.01")),
    }


def test_english_workbook(demo_plan: Plan, tmp_path: Path) -> None:
    path = export(demo_plan, tmp_path / "plan.xlsx", lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == EN_SHEETS
    assert wb["Business types"]["A1"].value == "Business type"
    assert wb["Monthly"]["E1"].value == "Jan"
    stage = PlanAction.objects.filter(plan=demo_plan).order_by("person", "due", "pk")[0].stage
    with translation.override("en"):
        assert wb["Funnel actions"]["F2"].value == str(ACCEPTANCE[stage])
    assert workbook_check(path).problems == []
