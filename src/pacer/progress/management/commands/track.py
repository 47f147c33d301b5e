"""``pacer track [--plan ID] [--as-of DATE] [--format json|table]``: progress against the plan.

The JSON is documented in docs/track-json.md; the table shows the top levels of both trees and
every person, amounts in 万元.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.progress.labels import SIGNALS
from pacer.progress.selectors import track_data, tracked_plan

MARKET_DEPTH = 2  # company, business types and industries; the org tree is shown whole
LABEL_WIDTH = 28


class Command(BaseCommand):
    help = _("按计划追踪进度：各节点完成率、进度差距、预测、差距归因和线索来源")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, help=_("计划编号（默认：基准日所在财年的计划）"))
        parser.add_argument("--as-of", help=_("基准日 YYYY-MM-DD（默认今天）"))
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *_args: Any, **options: Any) -> None:
        as_of = _as_of(options["as_of"])
        plan = tracked_plan(None, options["plan"], as_of)
        if plan is None:
            if options["plan"] is not None:
                raise CommandError(_("没有编号为 %(id)s 的计划") % {"id": options["plan"]})
            raise CommandError(_("还没有计划；先运行 pacer plan build"))
        data = track_data(plan, as_of, None)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(data))


def _as_of(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": text}
        ) from None


def _wan(text: str) -> str:
    return f"{Decimal(text) / 10000:,.2f}"


def _pct(text: str | None) -> str:
    return "-" if text is None else f"{Decimal(text) * 100:.1f}%"


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 1)


def _right(text: str, width: int) -> str:
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * max(width - used, 1) + text


def _row(node: dict[str, Any]) -> str:
    label = "  " * node["depth"] + node["label"]
    return (
        f"{_pad(label, LABEL_WIDTH)}{_wan(node['target']):>12}{_wan(node['actual']):>12}"
        f"{_pct(node['attainment']):>9}{_wan(node['expected_to_date']):>12}"
        f"{_wan(node['pace_gap']):>12}{_wan(node['projection']):>12}  {SIGNALS[node['signal']]}"
    )


def _header() -> str:
    names = (_("目标"), _("实际"), _("完成率"), _("应达"), _("进度差距"), _("全年预测"))
    widths = (12, 12, 9, 12, 12, 12)
    columns = "".join(_right(n, w) for n, w in zip(names, widths, strict=True))
    return _pad(_("节点"), LABEL_WIDTH) + columns


def render_table(data: dict[str, Any]) -> str:
    """A plain-text summary (万元): the market tree's top levels, the org tree with every
    person, payments against the collection plan, gap attributions and lead sources."""
    plan = data["plan"]
    lines = [
        _("计划 #%(id)s %(name)s（v%(version)s）：截至 %(as_of)s，金额单位万元")
        % {**plan, "as_of": data["as_of"]},
        "",
        _header(),
    ]
    lines += [_row(n) for n in data["trees"]["market"] if n["depth"] <= MARKET_DEPTH]
    lines.append("")
    lines += [_row(n) for n in data["trees"]["org"]]
    root = data["trees"]["market"][0] if data["trees"]["market"] else None
    if root and root["payments"]["plan"]:
        ytd = root["payments"]["plan"]["ytd"]
        lines += [
            "",
            _("回款（今年订单）：%(actual)s / 回款计划 %(target)s，应达 %(expected)s")
            % {
                "actual": _wan(ytd["actual"]),
                "target": _wan(ytd["target"]),
                "expected": _wan(ytd["expected_to_date"]),
            },
        ]
    gaps = [g for g in data["gaps"] if g["funnel"] and g["funnel"]["bottleneck"]]
    if gaps:
        lines += ["", _("差距归因：")]
        lines += [
            f"  {g['label']}: {_wan(g['pace_gap'])}  {g['funnel']['bottleneck']['sentence']}"
            for g in gaps
        ]
    recommendations = data["lead_sources"]["recommendations"]
    if recommendations:
        lines += ["", _("线索来源：")]
        lines += [f"  · {r['sentence']}" for r in recommendations]
    return "\n".join(lines)
