"""A review as an .xlsx workbook, one table per sheet (columns listed in docs/reviews.md).

Amounts are yuan as numbers (format ``#,##0.00``), ratios as percentages, days as dates. The
workbook is written in the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pacer.reviews.present import Presented

MONEY = "#,##0.00"
PERCENT = "0.0%"
DAY = "yyyy-mm-dd"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

Column = tuple[str, str | None]  # header, number format


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text[:10])


def _sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([header for header, _format in columns])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(list(row))
    for index, (header, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        widest = max([len(str(header)) * 2, *(len(str(r[index - 1] or "")) for r in rows)])
        sheet.column_dimensions[letter].width = min(60, max(10, widest + 2))
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"


def _summary(workbook: Workbook, p: Presented) -> None:
    review = p.review
    data = p.data
    plan = data.get("plan")
    rows: list[tuple[str, Any]] = [
        (_("复盘"), p.title),
        (_("对象"), data["subject"]["name"]),
        (_("期间"), p.period_text),
        (_("对照计划"), f"{plan['name']} v{plan['version']}" if plan else _("没有计划")),
        (_("生成时间"), timezone.localtime(review.generated_at).strftime("%Y-%m-%d %H:%M")),
    ]
    if p.is_weekly:
        summary = data["actions_summary"]
        rows += [
            (_("计划动作数"), summary["planned"]),
            (_("已完成动作数"), summary["met"]),
            (_("未完成动作数"), summary["missed"]),
            (_("本周活动数"), data["activities"]["total"]),
        ]
    else:
        rows += [(_("漏斗瓶颈"), p.bottleneck), (_("最有效的线索来源"), p.best_source)]
    if p.alerts is not None:
        rows += [
            (_("新增预警"), p.alerts["raised_count"]),
            (_("解除预警"), p.alerts["cleared_count"]),
        ]
    if p.is_weekly:
        rows.append((_("下周改进"), review.next_week))
    else:
        rows.append((_("资源调整"), review.resource_changes))
    rows.append((_("备注"), review.comments))
    _sheet(workbook, _("概要"), [(_("项目"), None), (_("内容"), None)], rows)


def _weekly(workbook: Workbook, p: Presented) -> None:
    _sheet(
        workbook,
        _("动作"),
        [
            (_("人员"), None),
            (_("阶段"), None),
            (_("计划数量"), None),
            (_("已完成"), None),
            (_("差额"), None),
            (_("截止日期"), DAY),
            (_("统计起始"), DAY),
            (_("统计截止"), DAY),
            (_("是否完成"), None),
            (_("未完成原因"), None),
        ],
        [
            (
                a["person"],
                a["stage_label"],
                a["count"],
                a["done"],
                a["remaining"],
                _day(a["due"]),
                _day(a["window_start"]),
                date.fromordinal(date.fromisoformat(a["window_end"]).toordinal() - 1),
                _("是") if a["met"] else _("否"),
                a["reason"],
            )
            for a in p.actions
        ],
    )
    _sheet(
        workbook,
        _("关键节点"),
        [
            (_("项目"), None),
            (_("节点"), None),
            (_("截止日期"), DAY),
            (_("完成日期"), DAY),
            (_("按时完成"), None),
        ],
        [
            (
                m["project"],
                m["name"],
                _day(m["due"]),
                _day(m["done"]),
                _("是") if m["on_time"] else _("否"),
            )
            for m in p.data.get("milestones", [])
        ],
    )
    _sheet(
        workbook,
        _("下周动作"),
        [(_("人员"), None), (_("阶段"), None), (_("数量"), None), (_("截止日期"), DAY)],
        [(a["person"], a["stage_label"], a["count"], _day(a["due"])) for a in p.next_actions],
    )


def _measure_row(m: dict[str, Any]) -> tuple[Any, ...]:
    return (
        m["name"],
        m["target"],
        m["signed"],
        m["signed_attainment"],
        m["paid"],
        m["paid_attainment"],
        m["gap"],
    )


def _measure_columns(first: str) -> list[Column]:
    return [
        (first, None),
        (_("目标(元)"), MONEY),
        (_("签单(元)"), MONEY),
        (_("签单完成率"), PERCENT),
        (_("回款(元)"), MONEY),
        (_("回款完成率"), PERCENT),
        (_("签单差额(元)"), MONEY),
    ]


def _monthly(workbook: Workbook, p: Presented) -> None:
    _sheet(
        workbook, _("目标进度"), _measure_columns(_("范围")), [_measure_row(m) for m in p.measures]
    )
    _sheet(workbook, _("成员"), _measure_columns(_("姓名")), [_measure_row(m) for m in p.people])
    _sheet(
        workbook,
        _("漏斗"),
        [(_("阶段"), None), (_("计划"), None), (_("完成"), None), (_("完成率"), PERCENT)],
        [(s["stage_label"], s["planned"], s["done"], s["ratio"]) for s in p.stages],
    )
    _sheet(
        workbook,
        _("线索来源"),
        [
            (_("来源"), None),
            (_("本月线索"), None),
            (_("转为项目"), None),
            (_("已赢单"), None),
            (_("转化率"), PERCENT),
            (_("本月赢单项目"), None),
            (_("本月赢单金额(元)"), MONEY),
        ],
        [
            (
                s["label"],
                s["leads"],
                s["converted"],
                s["won"],
                s["conversion"],
                s["won_projects"],
                s["won_amount"],
            )
            for s in p.sources
        ],
    )


def _alerts(workbook: Workbook, p: Presented) -> None:
    if p.alerts is None:
        return
    rows = [
        (
            _("新增"),
            a["rule_label"],
            a["signal_label"],
            a["status_label"],
            a["text"],
            _day(a["raised"]),
            _day(a["cleared"]),
        )
        for a in p.alerts["raised"]
    ] + [
        (
            _("解除"),
            a["rule_label"],
            a["signal_label"],
            a["status_label"],
            a["text"],
            _day(a["raised"]),
            _day(a["cleared"]),
        )
        for a in p.alerts["cleared"]
    ]
    _sheet(
        workbook,
        _("预警"),
        [
            (_("类别"), None),
            (_("规则"), None),
            (_("信号"), None),
            (_("状态"), None),
            (_("说明"), None),
            (_("预警日期"), DAY),
            (_("解除日期"), DAY),
        ],
        rows,
    )


def review_workbook(p: Presented) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, p)
    if p.is_weekly:
        _weekly(workbook, p)
    else:
        _monthly(workbook, p)
    _alerts(workbook, p)
    return workbook


def review_export(target: IO[bytes] | Path, p: Presented) -> None:
    """Write the presented review as .xlsx to ``target`` (a path or a binary file)."""
    review_workbook(p).save(target)
