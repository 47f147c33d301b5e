"""Small builders of import files for the exchange tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from pacer.exchange.loader import ImportResult, data_import
from pacer.exchange.operator import OPERATOR

Sheet = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: dict[str, Sheet]) -> Path:
    """A workbook with one sheet per entry; the first row of each is its header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def csv_bytes(rows: Sheet, *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: Sheet, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_bytes(rows, encoding=encoding))
    return path


def run(path: Path, *, mapping: Path | None = None, dry_run: bool = False) -> ImportResult:
    return data_import(path=path, mapping=mapping, dry_run=dry_run, actor=OPERATOR)


def problem_at(result: ImportResult, **where: Any) -> str:
    """The reason of the one problem at ``where`` (file/sheet/row/column/value); fails otherwise."""
    found = [
        p for p in result.problems if all(getattr(p, key) == value for key, value in where.items())
    ]
    assert len(found) == 1, f"expected one problem at {where}, got:\n{result.report()}"
    return found[0].reason


# A small, complete company in Pacer's own workbook shape (Chinese sheet names and headers).
COMPANY: dict[str, Sheet] = {
    "团队": [
        ["外部编号", "团队名称", "上级团队编号", "负责人编号"],
        ["T1", "销售部", None, "P1"],
        ["T2", "华南组", "T1", "P2"],
    ],
    "人员": [
        ["外部编号", "姓名", "登录名", "团队编号", "直属上级编号", "岗位", "系统角色", "入职日期"],
        ["P1", "张总", "zhang", "T1", None, "销售总监", "总监", "2020-01-01"],
        ["P2", "李经理", None, "T2", "P1", "区域经理", "经理", "2021/03/15"],
        ["P3", "王小明", "wang", "T2", "P2", "客户经理", "销售代表", "2024-07-01"],
    ],
    "行业": [["代码", "行业名称", "战略行业"], ["3c", "3C电子", "是"], ["li", "锂电设备", "否"]],
    "区域": [["代码", "区域名称"], ["prd", "珠三角"], ["yrd", "长三角"]],
    "产品线": [["代码", "产品线名称", "新产品"], ["std", "标准PLC", "否"], ["hi", "高端PLC", "是"]],
    "产品": [
        ["代码", "产品名称", "产品线代码", "标准价(元)"],
        ["S100", "S100 控制器", "std", "12,800"],
        ["H900", "H900 控制器", "hi", "¥86000"],
    ],
    "渠道商": [
        ["外部编号", "渠道商名称", "区域代码", "渠道负责人编号"],
        ["PT1", "华南代理", "prd", "P2"],
    ],
    "客户": [
        ["外部编号", "客户名称", "行业代码", "区域代码", "负责人编号", "渠道商编号", "指定分层"],
        ["C1", "深圳精密", "3c", "prd", "P3", None, "A"],
        ["C2", "宁德动力", "li", "yrd", "P3", "PT1", None],
    ],
    "联系人": [
        ["外部编号", "客户编号", "姓名", "职务", "邮箱"],
        ["CT1", "C1", "陈工", "设备部长", "chen@example.com"],
    ],
    "项目": [
        [
            "外部编号",
            "项目名称",
            "客户编号",
            "负责人编号",
            "产品线代码",
            "业务类型",
            "金额(元)",
            "阶段",
            "赢单概率(%)",
            "预计签约日期",
            "线索来源",
            "有竞争对手",
        ],
        [
            "PJ1",
            "产线改造",
            "C1",
            "P3",
            "std",
            "存量复购",
            "50万",
            "方案",
            None,
            "2026-09-30",
            "展会",
            "是",
        ],
        [
            "PJ2",
            "新电池线",
            "C2",
            "P3",
            "hi",
            "新产品销售",
            1200000,
            "negotiation",
            "80%",
            "2026-11-15",
            "referral",
            "否",
        ],
    ],
    "关键节点": [
        ["外部编号", "项目编号", "节点名称", "截止日期", "验收标准", "负责人编号"],
        ["M1", "PJ1", "技术交流", "2026-06-30", "客户确认方案", "P3"],
    ],
    "活动": [
        ["外部编号", "类型", "日期", "人员编号", "客户编号", "项目编号", "结果"],
        ["A1", "拜访", "2026-05-10", "P3", "C1", "PJ1", "约定演示"],
    ],
    "线索": [
        ["外部编号", "来源", "获取日期", "跟进人编号", "公司名称"],
        ["L1", "展会", "2026-03-01", "P3", "东莞新厂"],
    ],
    "订单": [
        ["外部编号", "客户编号", "项目编号", "签单人编号", "产品线代码", "金额(元)", "签约日期"],
        ["O1", "C1", None, "P3", "std", "120000.00", "2026-03-10"],
        ["O2", "C2", "PJ2", "P3", "hi", "30万", "2026-04-02"],
    ],
    "回款": [
        ["外部编号", "订单编号", "金额(元)", "回款日期"],
        ["PAY1", "O1", "60000", "2026-04-10"],
    ],
}
