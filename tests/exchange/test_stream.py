"""A large CSV file is checked and written row by row, with the in-memory path's results."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model

from pacer.crm.models import Order, Project
from pacer.exchange import stream
from pacer.exchange.loader import ImportResult
from pacer.exchange.schema import BY_NAME
from tests.exchange.helpers import run, write_csv

pytestmark = pytest.mark.django_db

REFS = {
    "人员.csv": [["外部编号", "姓名"], ["P1", "张三"], ["P2", "李四"]],
    "行业.csv": [["代码", "行业名称"], ["3c", "3C电子"]],
    "产品线.csv": [["代码", "产品线名称"], ["std", "标准PLC"]],
    "客户.csv": [
        ["外部编号", "客户名称", "行业代码", "负责人编号"],
        ["C1", "深圳精密", "3c", "P1"],
        ["C2", "宁德动力", "3c", "P2"],
    ],
}
ORDERS = [
    ["外部编号", "客户编号", "签单人编号", "产品线代码", "业务类型", "金额(元)", "签约日期"],
    ["O1", "C1", "P1", "std", "存量复购", "1,234.50", "2026-01-31"],
    ["O2", "C2", "", "", "new_customer", "12.5万", "2026/2/1"],
    [],
    ["O3", " C1 ", "P2", "std", "", "100.123456", "20260301"],
]
PROJECTS = [
    ["外部编号", "项目名称", "客户编号", "阶段", "赢单概率(%)", "金额(元)", "有竞争对手"],
    ["PJ1", "产线改造", "C1", "方案", "", "50万", "是"],
    ["PJ2", "新电池线", "C2", "won", "80%", "1200000", ""],
    ["PJ3", "旧线升级", "", "", "", "", "否"],
]


@pytest.fixture
def refs(tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    folder.mkdir()
    for name, rows in REFS.items():
        write_csv(folder / name, rows)
    result = run(folder)
    assert result.ok, result.report()


def streamed(monkeypatch: pytest.MonkeyPatch, *, on: bool) -> None:
    monkeypatch.setattr(stream, "STREAM_BYTES", 0 if on else 10**12)


def stored(model: type[Model]) -> list[dict[str, Any]]:
    rows = model._default_manager.order_by("external_id").values()
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def shown(result: ImportResult) -> tuple[Any, ...]:
    return (result.ok, result.written, result.entities, result.notes, result.problems)


@pytest.mark.usefixtures("refs")
@pytest.mark.parametrize(
    ("name", "rows", "model"), [("订单.csv", ORDERS, Order), ("项目.csv", PROJECTS, Project)]
)
def test_streamed_rows_equal_the_in_memory_import(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    rows: list[list[str]],
    model: type[Model],
) -> None:
    path = write_csv(tmp_path / name, rows)
    streamed(monkeypatch, on=True)
    assert stream.open_csv(path, name) is not None
    by_stream = run(path)
    assert by_stream.ok, by_stream.report()
    rows_by_stream = stored(model)
    model._default_manager.all().delete()
    streamed(monkeypatch, on=False)
    in_memory = run(path)
    assert shown(by_stream) == shown(in_memory)
    assert rows_by_stream == stored(model)
    assert len(rows_by_stream) == 3


@pytest.mark.usefixtures("refs")
def test_amounts_are_exact_and_dates_are_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed(monkeypatch, on=True)
    result = run(write_csv(tmp_path / "订单.csv", ORDERS))
    assert result.ok, result.report()
    assert result.counts() == {"orders": (3, 0)}
    o3 = Order.objects.get(external_id="O3")
    assert o3.amount == Decimal("100.1235")
    assert str(o3.signed_date) == "2026-03-01"
    assert o3.customer.external_id == "C1"
    assert Order.objects.get(external_id="O2").amount == Decimal(125000)
    assert "四舍五入" in result.summary()


@pytest.mark.usefixtures("refs")
def test_a_second_import_updates_only_what_the_file_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed(monkeypatch, on=True)
    assert run(write_csv(tmp_path / "项目.csv", PROJECTS)).ok
    Project.objects.filter(external_id="PJ2").update(probability=90)
    changed = [
        PROJECTS[0],
        ["PJ1", "产线改造二期", "C2", "方案", "", "60万", "否"],
        ["PJ2", "新电池线", "C2", "won", "", "1200000", ""],
    ]
    result = run(write_csv(tmp_path / "项目.csv", changed))
    assert result.ok, result.report()
    assert result.counts() == {"projects": (0, 2)}
    pj1 = Project.objects.get(external_id="PJ1")
    assert (pj1.name, pj1.customer.external_id, pj1.amount) == (
        "产线改造二期",
        "C2",
        Decimal(600000),
    )
    assert Project.objects.get(external_id="PJ2").probability == 100  # from its stage, as in memory


@pytest.mark.usefixtures("refs")
def test_problems_are_those_of_the_in_memory_import_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        [*ORDERS[0], ""],
        ["O1", "C1", "P1", "std", "存量复购", "-5", "2026-01-31"],
        ["O2", "C9", "P1", "std", "存量复购", "100", "2026-02-30"],
        ["O1", "C1", "P1", "std", "买断", "100", "2026-01-31", "多余"],
        ["O4", "", "P7", "std", "存量复购", "1234,50", ""],
        ["O5", "C1", "P1", "std", "存量复购", "100", "2026-01-31"],
        ["O5", "C2", "P1", "std", "存量复购", "100", "2026-01-31"],
        ["x" * 101, "C1", "P1", "std", "存量复购", "100", "2026-01-31"],
    ]
    path = write_csv(tmp_path / "订单.csv", rows)
    streamed(monkeypatch, on=True)
    by_stream = run(path)
    streamed(monkeypatch, on=False)
    in_memory = run(path)
    assert not by_stream.ok
    assert by_stream.report() == in_memory.report()
    assert len(by_stream.problems) >= 10
    assert not Order.objects.exists()


@pytest.mark.usefixtures("refs")
def test_problems_beyond_the_limit_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed(monkeypatch, on=True)
    monkeypatch.setattr(stream, "PROBLEM_LIMIT", 5)
    rows = [ORDERS[0], *([f"O{i}", "C1", "P1", "std", "", "-1", "2026-01-31"] for i in range(12))]
    result = run(write_csv(tmp_path / "订单.csv", rows))
    assert result.omitted == 7
    assert len(result.problems) == 6
    assert [p.row for p in result.problems[:5]] == [2, 3, 4, 5, 6]
    assert result.problems[-1].reason == "另有 7 个问题未列出"
    assert not Order.objects.exists()


@pytest.mark.usefixtures("refs")
def test_a_dry_run_counts_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed(monkeypatch, on=True)
    result = run(write_csv(tmp_path / "订单.csv", ORDERS), dry_run=True)
    assert result.ok
    assert not result.written
    assert result.counts() == {"orders": (3, 0)}
    assert result.entities[0].preview[0][:3] == ("O1", "C1", "P1")
    assert not Order.objects.exists()


def test_a_malformed_file_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "订单.csv"
    path.write_text(f"外部编号,客户编号\nO1,{'C' * 200_000}\n", encoding="utf-8")
    streamed(monkeypatch, on=True)
    by_stream = run(path)
    streamed(monkeypatch, on=False)
    assert by_stream.report() == run(path).report()
    assert by_stream.problems[0].row == 2
    assert "CSV" in by_stream.problems[0].reason


def test_teams_people_and_small_files_are_read_in_memory(tmp_path: Path) -> None:
    assert not stream.streamable(BY_NAME["teams"])
    assert not stream.streamable(BY_NAME["people"])
    assert stream.streamable(BY_NAME["orders"])
    assert stream.streamable(BY_NAME["projects"])
    path = write_csv(tmp_path / "订单.csv", ORDERS)
    assert stream.open_csv(path, "订单.csv") is None  # below STREAM_BYTES


@pytest.mark.usefixtures("refs")
def test_a_large_load_keeps_every_foreign_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from pacer.exchange import stream_write

    streamed(monkeypatch, on=True)
    monkeypatch.setattr(stream_write, "BULK_ROWS", 1)
    with connection.cursor() as cursor:
        before = connection.introspection.get_constraints(cursor, Order._meta.db_table)
    result = run(write_csv(tmp_path / "订单.csv", ORDERS))
    assert result.ok, result.report()
    with connection.cursor() as cursor:
        after = connection.introspection.get_constraints(cursor, Order._meta.db_table)
    assert {n for n, c in after.items() if c["foreign_key"]} == {
        n for n, c in before.items() if c["foreign_key"]
    }
    assert Order.objects.get(external_id="O1").person.external_id == "P1"


@pytest.mark.usefixtures("refs")
@pytest.mark.parametrize("dropped", ["金额(元)", "外部编号"])
def test_a_missing_column_is_named_as_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: str
) -> None:
    at = ORDERS[0].index(dropped)
    rows = [[*row[:at], *row[at + 1 :]] for row in ORDERS if row]
    path = write_csv(tmp_path / "订单.csv", rows)
    streamed(monkeypatch, on=True)
    by_stream = run(path)
    streamed(monkeypatch, on=False)
    in_memory = run(path)
    assert f"缺少必填列「{dropped}」" in by_stream.report()
    if dropped != "外部编号":
        assert by_stream.report() == in_memory.report()
    assert not Order.objects.exists()
