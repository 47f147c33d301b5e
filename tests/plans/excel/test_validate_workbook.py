"""Checking a hand-made plan workbook: every broken sum is named by its cells, all of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from pacer.plans.excel.importer import WorkbookCheck, workbook_check
from pacer.plans.excel.problems import Cell, WorkbookProblem, cell_ranges, in_reading_order
from pacer.plans.excel.reading import parse_number
from tests.plans.excel.handmade import write_handmade


def check(
    tmp_path: Path, edit: Callable[[Workbook], None] | None = None, **kw: str
) -> WorkbookCheck:
    return workbook_check(write_handmade(tmp_path / "plan.xlsx", edit=edit, **kw))


def wheres(result: WorkbookCheck) -> set[str]:
    return {p.where for p in result.problems}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_consistent_workbook_is_valid_with_a_summary(tmp_path: Path, lang: str) -> None:
    result = check(tmp_path, lang=lang)
    assert result.problems == []
    assert result.valid
    assert result.summary is not None
    assert result.summary.target == Decimal(1_000_000)
    assert (result.summary.business_types, result.summary.market_rows) == (3, 4)
    assert (result.summary.teams, result.summary.people) == (2, 3)
    assert "1,000,000.00" in result.summary.line()
    assert result.market_tree is not None
    assert [c.amount for c in result.market_tree.children] == [
        Decimal(600_000),
        Decimal(300_000),
        Decimal(100_000),
    ]
    assert result.org_tree is not None
    assert result.org_tree.amount == Decimal(1_000_000)


def test_months_not_adding_up_to_the_year_are_rejected_with_the_cells_named(
    tmp_path: Path,
) -> None:
    def edit(wb: Workbook) -> None:
        wb["月度"]["N5"] = 11_000  # 新产品销售, October: 1,000 more than planned

    result = check(tmp_path, edit)
    assert not result.valid
    by_cell = {p.where: p for p in result.problems}
    assert set(by_cell) == {"月度!Q5", "月度!U5"}
    year = by_cell["月度!Q5"]
    assert year.parts == "月度!E5:P5"
    assert (year.amount, year.parts_total, year.difference) == (
        Decimal(100_000),
        Decimal(101_000),
        Decimal(1_000),
    )
    assert "新产品销售" in year.message
    assert "月度!E5:P5" in year.message
    assert "100,000.00" in year.message
    assert "101,000.00" in year.message
    assert "+1,000.00" in year.message
    quarter = by_cell["月度!U5"]
    assert quarter.parts == "月度!N5:P5"
    assert quarter.difference == Decimal(1_000)
    assert year.line().startswith("月度!Q5: ")


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["行业区域"]["D5"] = 99_000  # 新产品销售's only row
        wb["月度"]["R2"] = 160_001  # the company's Q1
        wb["个人"]["O4"] = 40_001  # 王五's December

    result = check(tmp_path, edit)
    assert wheres(result) == {"业务类型!B4", "月度!R2", "个人!C4"}
    by_cell = {p.where: p for p in result.problems}
    assert by_cell["业务类型!B4"].parts == "行业区域!D5"
    assert by_cell["业务类型!B4"].difference == Decimal(-1_000)
    assert by_cell["月度!R2"].parts == "月度!E2:G2"
    assert by_cell["月度!R2"].difference == Decimal(-1)
    assert by_cell["个人!C4"].parts == "个人!D4:O4"
    assert by_cell["个人!C4"].difference == Decimal(1)


def test_business_types_not_adding_up_to_the_target_or_their_total(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["业务类型"]["B3"] = 300_500
        wb["业务类型"]["E3"] = 300_500
        wb["业务类型"].delete_rows(5)  # no 合计 row: the types answer to the target itself

    result = check(tmp_path, edit)
    by_cell = {p.where: p for p in result.problems}
    target = by_cell["总览!B3"]
    assert target.parts == "业务类型!B2:B4"
    assert (target.amount, target.parts_total) == (Decimal(1_000_000), Decimal(1_000_500))
    assert by_cell["业务类型!B3"].parts == "行业区域!D4"  # its one 行业区域 row
    assert by_cell["月度!Q4"].parts == "业务类型!B3"  # the same amount in 月度
    assert "业务类型!C3" in by_cell  # its share no longer matches its amount
    assert by_cell["业务类型!D3"].parts == "业务类型!B3"  # its base level
    assert "业务类型!F3" in by_cell


def test_a_total_row_that_differs_from_the_target(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["业务类型"]["B5"] = 999_999

    result = check(tmp_path, edit)
    assert wheres(result) == {"业务类型!B5"}
    # Against its rows and against the target: two problems at the same cell.
    assert sorted((p.parts, p.difference) for p in result.problems) == [
        ("业务类型!B2:B4", Decimal(1)),
        ("总览!B3", Decimal(1)),
    ]


def test_people_not_adding_up_to_their_team_and_the_target(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["个人"]["C3"] = 200_000.5  # 李四, one jiao and a half more than their months

    result = check(tmp_path, edit)
    by_cell = {p.where: p for p in result.problems}
    assert set(by_cell) == {"个人!C3", "月度!Q7", "总览!B3"}
    assert by_cell["个人!C3"].parts == "个人!D3:O3"
    assert by_cell["月度!Q7"].parts == "个人!C2:C3"  # 华南组 = 张三 + 李四
    assert by_cell["月度!Q7"].difference == Decimal("0.50")
    assert by_cell["总览!B3"].parts == "个人!C2:C4"


def test_teams_not_adding_up_to_the_company(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["月度"]["Q8"] = 400_100  # 华东组's year

    result = check(tmp_path, edit)
    parts = {(p.where, p.parts) for p in result.problems}
    assert parts == {
        ("月度!Q6", "月度!Q7:Q8"),  # the company against its teams
        ("月度!Q8", "个人!C4"),  # the team against its people
        ("月度!Q8", "月度!E8:P8"),  # the team's year against its months
    }


def test_shares_not_adding_up_to_100_percent(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["业务类型"]["C3"] = "31%"

    result = check(tmp_path, edit)
    by_cell = {p.where: p for p in result.problems}
    assert set(by_cell) == {"业务类型!C2:C4", "业务类型!C3"}
    total = by_cell["业务类型!C2:C4"]
    assert total.parts_total == Decimal("1.01")
    assert "101.00%" in total.message
    assert "30.00%" in by_cell["业务类型!C3"].message


def test_the_same_number_in_two_places_must_agree(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        sheet = wb["月度"]
        sheet["E2"] = 49_000  # the company's January and year, consistently
        sheet["Q2"] = 999_000
        sheet["R2"] = 159_000

    result = check(tmp_path, edit)
    assert [(p.where, p.parts, p.difference) for p in result.problems] == [
        ("月度!Q2", "总览!B3", Decimal(1_000)),
    ]


def test_levels_must_be_the_amount_times_the_plans_rates(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["业务类型"]["D2"] = 470_000

    result = check(tmp_path, edit)
    [problem] = result.problems
    assert problem.where == "业务类型!D2"
    assert problem.parts_total == Decimal(480_000)
    assert "80.00%" in problem.message


def test_levels_out_of_order_in_the_overview(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["总览"]["B4"] = 1_100_000

    result = check(tmp_path, edit)
    assert wheres(result) == {"总览!B4:B6"}


def test_english_sheet_names_are_quoted_in_references(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["Industry x region"]["D5"] = 99_000

    result = check(tmp_path, edit, lang="en")
    [problem] = result.problems
    assert problem.where == "'Business types'!B4"
    assert problem.parts == "'Industry x region'!D5"


def test_unreadable_cells_are_named_and_left_out_of_their_sums(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["个人"]["H2"] = "abc"
        wb["月度"]["Q7"] = "=SUM(E7:P7)"  # written by a program: never calculated
        wb["行业区域"]["D2"] = date(2026, 1, 1)

    result = check(tmp_path, edit)
    by_cell = {p.where: p for p in result.problems}
    assert set(by_cell) == {"个人!H2", "月度!Q7", "行业区域!D2"}
    assert "abc" in by_cell["个人!H2"].message
    assert "5月" in by_cell["个人!H2"].message
    assert "公式" in by_cell["月度!Q7"].message
    assert "2026-01-01" in by_cell["行业区域!D2"].message


def test_numbers_written_as_text_are_read(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["行业区域"]["D2"] = "400,000.00"
        wb["行业区域"]["D3"] = "20万"
        wb["业务类型"]["C2"] = "60%"

    assert check(tmp_path, edit).valid


@pytest.mark.parametrize(
    ("raw", "percent", "expected"),
    [
        (1234, False, Decimal(1234)),
        (0.1, False, Decimal("0.1")),
        ("1,234.50", False, Decimal("1234.50")),
        ("¥5000元", False, Decimal(5000)),
        ("12万", False, Decimal(120_000)),
        ("35%", True, Decimal("0.35")),
        ("35%", False, None),
        ("abc", False, None),
        ("inf", False, None),
        (True, False, None),
        (date(2026, 1, 1), False, None),
    ],
)
def test_parse_number(raw: object, percent: bool, expected: Decimal | None) -> None:
    assert parse_number(raw, percent=percent) == expected


def test_cell_ranges_join_neighbours() -> None:
    cells = [Cell("月度", c, 5, None) for c in range(5, 17)]
    assert cell_ranges(cells) == "月度!E5:P5"
    down = [Cell("个人", 3, r, None) for r in (2, 3, 4, 7)]
    assert cell_ranges(down) == "个人!C2:C4, 个人!C7"
    assert cell_ranges([Cell("a b", 1, 1, None), Cell("c", 1, 2, None)]) == "'a b'!A1, c!A2"


# -- structure: names, parents, sheets, columns, files ------------------------------------------


def test_names_that_lead_nowhere(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["行业区域"]["A5"] = "新品"  # no such business type
        wb["个人"]["A4"] = "华北组"  # no such team
        wb["个人"]["B3"] = None  # a person without a name

    result = check(tmp_path, edit)
    by_cell = {p.where: p for p in result.problems}
    assert "「新品」不在工作表「业务类型」中" in by_cell["行业区域!A5"].message
    assert "华北组" in by_cell["个人!A4"].message
    assert "姓名" in by_cell["个人!B3"].message
    # 新产品销售 lost its only row; 华东组 lost its only person; 李四 is not counted.
    assert by_cell["业务类型!B4"].parts_total == Decimal(0)
    assert by_cell["月度!Q8"].parts_total == Decimal(0)
    assert by_cell["月度!Q7"].parts == "个人!C2"
    assert by_cell["总览!B3"].parts == "个人!C2, 个人!C4"


def test_parents_in_the_monthly_sheet(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        sheet = wb["月度"]
        sheet["D7"] = "华东组"  # 华南组 under 华东组 …
        sheet["D8"] = "华南组"  # … and 华东组 under 华南组: a loop
        sheet["C5"] = "存量复购"  # a repeated name
        sheet["A4"] = "其他"  # not a tree

    result = check(tmp_path, edit)
    messages = {p.where: p.message for p in result.problems}
    assert "圈" in messages["月度!D7"]
    assert "圈" in messages["月度!D8"]
    assert "重复" in messages["月度!C5"]
    assert "其他" in messages["月度!A4"]
    assert "新客户开发" in messages["业务类型!A3"]  # its monthly row is gone


def test_a_tree_needs_exactly_one_root(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["月度"]["D7"] = None
        wb["月度"]["D5"] = "无此上级"

    result = check(tmp_path, edit)
    messages = {p.where: p.message for p in result.problems}
    assert "找到 2 行" in messages["月度"]
    assert "无此上级" in messages["月度!D5"]


def test_missing_sheets_are_all_named(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    result = workbook_check(path)
    messages = [p.message for p in result.problems]
    for sheet in ("业务类型", "行业区域", "月度", "个人"):
        assert any(f"「{sheet}」" in m for m in messages), sheet
    assert any("年度目标" in m for m in messages)
    assert all(p.where == "empty.xlsx" for p in result.problems)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["行业区域"]["D1"] = "金额"
        wb["月度"].delete_cols(16)  # December
        wb["个人"]["C1"] = None

    result = check(tmp_path, edit)
    messages = {p.where: p.message for p in result.problems}
    assert "目标(元)" in messages["行业区域"]
    assert "找到 11 个" in messages["月度"]
    assert "目标(元)" in messages["个人"]


def test_files_that_are_not_workbooks(tmp_path: Path) -> None:
    missing = workbook_check(tmp_path / "nowhere.xlsx")
    assert [p.line() for p in missing.problems] == ["nowhere.xlsx: 文件不存在"]
    text = tmp_path / "plan.csv"
    text.write_text("a,b\n")
    assert ".xlsx" in workbook_check(text).problems[0].message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    [problem] = workbook_check(broken, name="上传.xlsx").problems
    assert problem.where == "上传.xlsx"
    assert "损坏" in problem.message


# -- optional sheets: tiers and budget ---------------------------------------------------------


def _tiers_and_budget(wb: Workbook) -> None:
    tiers = wb.create_sheet("客户分层")
    tiers.append(["分层", "客户数", "近12个月采购(元)", "占比", "计划复购(元)"])
    tiers.append(["A", 2, 500_000, "50%", 300_000])
    tiers.append(["B", 3, 300_000, "30%", 200_000])
    tiers.append(["C", 9, 200_000, "19%", 99_000])
    budget = wb.create_sheet("预算")
    budget.append(["预算项", "金额(元)", "预计线索"])
    budget.append(["展会", 30_000, 40])
    budget.append(["培训", 20_000, None])
    budget.append(["合计", 50_001])


def test_tiers_and_budget_are_checked_when_present(tmp_path: Path) -> None:
    result = check(tmp_path, _tiers_and_budget)
    by_cell = {p.where: p for p in result.problems}
    assert set(by_cell) == {"客户分层!D2:D4", "业务类型!B2", "预算!B4"}
    assert by_cell["客户分层!D2:D4"].parts_total == Decimal("0.99")
    assert by_cell["业务类型!B2"].parts == "客户分层!E2:E4"  # planned repeat vs 存量复购
    assert by_cell["业务类型!B2"].parts_total == Decimal(599_000)
    assert by_cell["预算!B4"].parts == "预算!B2:B3"


def test_problems_are_put_in_the_workbooks_reading_order() -> None:
    found = [
        WorkbookProblem("'Business types'!B10", "c"),
        WorkbookProblem("Overview!B3", "b"),
        WorkbookProblem("'Business types'!C2", "d"),
        WorkbookProblem("'Business types'", "sheet"),
        WorkbookProblem("plan.xlsx", "file"),
        WorkbookProblem("'Business types'!B2", "e"),
    ]
    ordered = in_reading_order(found, ["Overview", "Business types"])
    assert [p.message for p in ordered] == ["file", "b", "sheet", "e", "d", "c"]
