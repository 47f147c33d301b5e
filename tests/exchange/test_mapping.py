"""Mapping files: another system's files, columns and values onto Pacer's entities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pacer.crm.models import Customer, Order, Project, Region
from pacer.org.models import Person
from tests.exchange.helpers import problem_at, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

DEALS = [
    ["Deal", "Client", "Client name", "Area", "Phase", "Value (k)", "Opened", "Rep"],
    ["D1", "K1", "Alpha Ltd", "North", "Won", "12.5", "03/15/2026", "r1"],
    ["D2", "K2", "Beta Co", "South", "Engaging", "1,200", "04/01/2026", "r1"],
    ["D3", "K1", "Alpha Ltd (typo)", "North", "Prospecting", "", "04/20/2026", "r2"],
]

MAPPING_TOML = """
ignore = ["readme"]

[regions]
file = "deals"
distinct = true
columns = { code = "Area", name = "Area" }

[customers]
file = "deals.csv"
distinct = true
columns = { external_id = "Client", name = "Client name", region = "Area" }

[[people]]
file = "deals"
distinct = true
columns = { external_id = "Rep", name = "Rep" }
constants = { access_role = "rep", position = "客户经理" }

[projects]
file = "deals"
date_format = "%m/%d/%Y"
unit = "千"
[projects.columns]
external_id = "Deal"
"项目名称" = "Deal"
customer = "Client"
owner = "Rep"
stage = "Phase"
amount = "Value (k)"
created_date = "Opened"
[projects.values.stage]
Engaging = "needs"
Prospecting = "lead"
[projects.constants]
lead_source = "展会"

[orders]
file = "deals"
where = { Phase = "Won" }
date_format = "%m/%d/%Y"
unit = 1000
[orders.columns]
external_id = "Deal"
customer = "Client"
amount = "Value (k)"
signed_date = "Opened"
project = "Deal"
"""

MAPPING_YAML = """
ignore: [readme]
regions:
  file: deals
  distinct: true
  columns: {code: Area, name: Area}
customers:
  file: deals
  distinct: true
  columns: {external_id: Client, name: Client name, region: Area}
projects:
  file: deals
  date_format: "%m/%d/%Y"
  unit: 千
  columns: {external_id: Deal, name: Deal, customer: Client, stage: Phase, amount: Value (k)}
  values:
    stage: {Engaging: needs, Prospecting: lead}
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "crm"
    folder.mkdir()
    write_csv(folder / "deals.csv", DEALS)
    write_csv(folder / "readme.csv", [["anything"], ["at all"]])
    return folder


def _mapping(tmp_path: Path, text: str, name: str = "map.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_toml_mapping_reads_another_systems_files(tmp_path: Path) -> None:
    result = run(_folder(tmp_path), mapping=_mapping(tmp_path, MAPPING_TOML))
    assert result.ok, result.report()
    assert result.counts() == {
        "people": (2, 0),
        "regions": (2, 0),
        "customers": (2, 0),
        "projects": (3, 0),
        "orders": (1, 0),
    }
    # distinct: the first row with a key wins
    alpha = Customer.objects.get(external_id="K1")
    assert (alpha.name, alpha.region.code) == ("Alpha Ltd", "North")
    won = Project.objects.get(external_id="D1")
    assert (won.stage, won.amount, won.created_date) == ("won", Decimal(12500), date(2026, 3, 15))
    assert won.lead_source == "exhibition"
    assert won.owner == Person.objects.get(external_id="r1")
    assert Project.objects.get(external_id="D2").amount == Decimal(1200000)
    prospect = Project.objects.get(external_id="D3")
    assert (prospect.stage, prospect.amount, prospect.probability) == ("lead", 0, 10)
    order = Order.objects.get()
    assert (order.external_id, order.amount, order.project) == ("D1", Decimal(12500), won)
    assert Person.objects.get(external_id="r2").position == "account_executive"


def test_a_yaml_mapping_works_the_same(tmp_path: Path) -> None:
    result = run(_folder(tmp_path), mapping=_mapping(tmp_path, MAPPING_YAML, "map.yaml"))
    assert result.ok, result.report()
    assert Project.objects.get(external_id="D2").stage == "needs"
    assert Region.objects.count() == 2


def test_a_stage_the_value_map_misses_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    rows = [list(r) for r in DEALS]
    rows[2][4] = "Negotiating"
    write_csv(folder / "deals.csv", rows)
    result = run(folder, mapping=_mapping(tmp_path, MAPPING_TOML))
    assert "不是可选值" in problem_at(result, file="deals.csv", row=3, column="Phase")
    assert not Project.objects.exists()


def test_a_date_not_in_the_mapping_format_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    rows = [list(r) for r in DEALS]
    rows[1][6] = "2026-03-15"
    write_csv(folder / "deals.csv", rows)
    result = run(folder, mapping=_mapping(tmp_path, MAPPING_TOML))
    reason = problem_at(result, file="deals.csv", row=2, column="Opened", sheet="")
    assert "MM/DD/YYYY" in reason


def test_unlisted_files_are_errors_unless_ignored(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    text = MAPPING_TOML.replace('ignore = ["readme"]', "")
    result = run(folder, mapping=_mapping(tmp_path, text))
    assert "未知的工作表" in problem_at(result, file="readme.csv")


def test_a_missing_file_or_sheet_is_named(tmp_path: Path) -> None:
    text = MAPPING_TOML.replace('[orders]\nfile = "deals"', '[orders]\nfile = "won_deals"')
    result = run(_folder(tmp_path), mapping=_mapping(tmp_path, text))
    reason = problem_at(result, file="map.toml", column="orders.file")
    assert "won_deals" in reason


def test_a_missing_source_column_is_named(tmp_path: Path) -> None:
    text = MAPPING_TOML.replace('created_date = "Opened"', 'created_date = "Created"')
    result = run(_folder(tmp_path), mapping=_mapping(tmp_path, text))
    reason = problem_at(result, file="deals.csv", row=1, column="Created")
    assert "projects.columns.created_date" in reason


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        (("[regions]", "[regionz]"), "regionz", "未知的实体"),
        (
            ('columns = { code = "Area"', 'columns = { kode = "Area"'),
            "regions.columns.kode",
            "没有此字段",
        ),
        (('unit = "千"', 'unit = "dozens"'), "projects.unit", "金额单位"),
        (('"%m/%d/%Y"\nunit', '"mm/dd"\nunit'), "projects.date_format", "%Y"),
        (
            ("distinct = true\ncolumns = { code", 'distinct = "yes"\ncolumns = { code'),
            "regions.distinct",
            "true",
        ),
        (('external_id = "Client", name', "name"), "customers.columns", "external_id"),
    ],
)
def test_mistakes_in_the_mapping_are_named_by_key(
    tmp_path: Path, change: tuple[str, str], column: str, words: str
) -> None:
    assert change[0] in MAPPING_TOML
    text = MAPPING_TOML.replace(*change)
    result = run(_folder(tmp_path), mapping=_mapping(tmp_path, text))
    assert words in problem_at(result, file="map.toml", column=column)
    assert not Project.objects.exists()


def test_a_mapping_that_does_not_parse_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = run(folder, mapping=_mapping(tmp_path, "[projects\nfile = "))
    assert "无法解析" in problem_at(result, file="map.toml")
    other = _mapping(tmp_path, "x", "map.json")
    assert ".toml" in problem_at(run(folder, mapping=other), file="map.json")


def test_the_mapping_may_name_the_encoding(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    rows = [list(r) for r in DEALS]
    rows[1][2] = "阿尔法有限公司"
    write_csv(folder / "deals.csv", rows, encoding="gbk")
    wrong = _mapping(tmp_path, 'encoding = "utf-8"\n' + MAPPING_TOML)
    reason = problem_at(run(folder, mapping=wrong), file="deals.csv")
    assert "utf-8" in reason
    assert "字节" in reason
    right = _mapping(tmp_path, 'encoding = "gbk"\n' + MAPPING_TOML, "right.toml")
    assert run(folder, mapping=right).ok
    assert Customer.objects.get(external_id="K1").name == "阿尔法有限公司"


def test_a_mapping_reads_sheets_of_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "crm.xlsx", {"deals": DEALS, "readme": [["x"]]})
    result = run(path, mapping=_mapping(tmp_path, MAPPING_TOML))
    assert result.ok, result.report()
    assert Project.objects.count() == 3


def test_amounts_in_wan_and_value_maps_of_references(tmp_path: Path) -> None:
    rows = [["id", "客户", "金额（万元）", "日期"], ["1", "甲", "12.3456", "2026-01-02"]]
    folder = tmp_path / "erp"
    folder.mkdir()
    write_csv(folder / "合同.csv", rows)
    text = """
[customers]
file = "合同"
columns = { external_id = "客户", name = "客户" }
values.external_id = { "甲" = "C-甲" }

[orders]
file = "合同"
unit = "万"
columns = { external_id = "id", customer = "客户", amount = "金额（万元）", signed_date = "日期" }
values.customer = { "甲" = "C-甲" }
"""
    result = run(folder, mapping=_mapping(tmp_path, text))
    assert result.ok, result.report()
    assert Order.objects.get().amount == Decimal("123456.00")
    assert Order.objects.get().customer.external_id == "C-甲"
