"""The workbook read back, and ``pacer incentives`` as JSON and .xlsx."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pacer.incentives.export import statements_export
from pacer.incentives.models import IncentiveStatement, StatementStatus
from pacer.incentives.services import incentives_compute
from tests.incentives.factories import AS_OF, JULY, July, order


def run(*args: str) -> str:
    out = StringIO()
    call_command("incentives", *args, stdout=out)
    return out.getvalue()


def test_the_workbook_has_a_row_per_person_and_every_line(july: July) -> None:
    result = incentives_compute(month=JULY, as_of=AS_OF, user=None)
    buffer = BytesIO()
    statements_export(buffer, list(result.statements))
    book = load_workbook(BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["激励汇总", "激励明细"]
    totals = list(book["激励汇总"].iter_rows(values_only=True))
    assert totals[0][0] == "人员"
    by_person = {row[0]: row for row in totals[1:]}
    assert set(by_person) == {"王小明", "赵小红", "刘小刚"}
    a = by_person["王小明"]
    assert a[1] == "华南组"
    assert a[2] == "2026-07"
    assert Decimal(str(a[7])) == Decimal(500_000)  # target
    assert Decimal(str(a[8])) == Decimal(620_000)  # sales
    assert Decimal(str(a[11])) == Decimal(50500)  # total
    lines = list(book["激励明细"].iter_rows(values_only=True))
    assert lines[0] == ("人员", "月份", "版本", "代码", "项目", "金额(元)", "说明")
    rows_a = [row for row in lines[1:] if row[0] == "王小明"]
    assert [(row[3], Decimal(str(row[5]))) for row in rows_a] == [
        ("actions_complete", Decimal(500)),
        ("extra_proposals", Decimal(400)),
        ("commission", Decimal(18600)),
        ("accelerator", Decimal(31000)),
    ]
    assert rows_a[2][6] == "提成：加权销售额 62.00万 × 费率 3.0%（当月目标已达成，+1%）= 1.86万"
    assert len(lines) == 1 + 4 + 1 + 1


def test_command_prints_json_with_versions(july: July) -> None:
    data = json.loads(run("--month", "2026-07", "--as-of", "2026-08-05", "--format", "json"))
    assert data["month"] == "2026-07"
    assert data["as_of"] == "2026-08-05"
    assert len(data["created"]) == 3
    assert data["unchanged"] == []
    by_person = {s["person"]: s for s in data["statements"]}
    a = by_person["王小明"]
    assert a["total"] == "50500.00"
    assert a["attainment"] == "1.2400"
    assert [line["code"] for line in a["lines"]] == [
        "actions_complete",
        "extra_proposals",
        "commission",
        "accelerator",
    ]
    assert a["lines"][2]["label"] == "提成"
    assert a["versions"] == [
        {
            "id": a["id"],
            "version": 1,
            "status": "current",
            "total": "50500.00",
            "as_of": "2026-08-05",
            "computed_at": a["computed_at"],
        }
    ]
    # Again, after a late order: only rep_b changes, and rep_b's first version is listed.
    order(july.world, "b", "100000.00", date(2026, 7, 30))
    again = json.loads(run("--month", "2026-07", "--as-of", "2026-08-20"))
    assert len(again["created"]) == 1
    assert len(again["unchanged"]) == 2
    b = next(s for s in again["statements"] if s["person"] == "赵小红")
    assert b["version"] == 2
    assert [(v["version"], v["status"], v["total"]) for v in b["versions"]] == [
        (2, "current", "12000.00"),
        (1, "superseded", "6000.00"),
    ]


def test_command_writes_the_workbook(july: July, tmp_path: Path) -> None:
    path = tmp_path / "july.xlsx"
    message = run(
        "--month", "2026-07", "--as-of", "2026-08-05", "--format", "xlsx", "--out", str(path)
    )
    assert str(path) in message
    book = load_workbook(path)
    assert book["激励汇总"].max_row == 4
    assert IncentiveStatement.objects.filter(status=StatementStatus.CURRENT).count() == 3


def test_command_default_workbook_name(
    july: July, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("--month", "2026-07", "--as-of", "2026-08-05", "--format", "xlsx")
    assert (tmp_path / "incentives-2026-07.xlsx").exists()


def test_command_json_to_a_file(july: July, tmp_path: Path) -> None:
    path = tmp_path / "july.json"
    run("--month", "2026-07", "--as-of", "2026-08-05", "--out", str(path))
    assert len(json.loads(path.read_text(encoding="utf-8"))["statements"]) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "“2026-13”不是 YYYY-MM 格式的月份"),
        (["--month", "July"], "“July”不是 YYYY-MM 格式的月份"),
        (["--month", "2026-07", "--as-of", "08/05/2026"], "“08/05/2026”不是 YYYY-MM-DD"),
        (["--month", "2026-09", "--as-of", "2026-08-05"], "2026-09 还没有开始"),
        (
            ["--month", "2026-07", "--as-of", "2026-08-05", "--format", "xlsx", "--out", "x.csv"],
            ".xlsx 结尾",
        ),
    ],
)
def test_command_refuses_bad_input_clearly(july: July, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not IncentiveStatement.objects.exists()


def test_command_reports_an_unwritable_file(july: July, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法写入"):
        run("--month", "2026-07", "--as-of", "2026-08-05", "--out", str(tmp_path / "no" / "x.json"))
