"""Chart payloads of the progress pages, built in Python and drawn by ECharts.

Amounts travel as decimal strings: 万元 with two decimals when ``in_wan`` (Chinese), else yuan
with two decimals; a month not yet begun has no actual (``None``, drawn as a gap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from pacer.planning.money import to_money, to_wan
from pacer.progress.labels import month_label, source_label
from pacer.progress.report import NodeProgress
from pacer.tracking.lead_sources import SourceStats
from pacer.web.charts import AMOUNT_COLOUR, COUNT_COLOUR
from pacer.web.formatting import uses_wan

TARGET_COLOUR = "#cbd5e1"
ACTUAL_COLOUR = AMOUNT_COLOUR
CUMULATIVE_TARGET_COLOUR = "#64748b"
CUMULATIVE_ACTUAL_COLOUR = "#10b981"
WON_COLOUR = "#10b981"
RATE_COLOUR = "#ef4444"
GRID = {"left": 8, "right": 8, "top": 56, "bottom": 8, "containLabel": True}


def amount_text(value: Decimal, in_wan: bool) -> str:
    return str(to_money(to_wan(value) if in_wan else value))


def _amount_name(in_wan: bool) -> str:
    return gettext("金额（万元）") if in_wan else gettext("金额（元）")


@dataclass(frozen=True)
class MonthlyProgressChart:
    """Target and actual (signed orders) per month, with both running totals.

    ``actuals[i]`` and ``cumulative_actuals[i]`` are None for months starting on or after the
    reference day.
    """

    months: tuple[str, ...]
    targets: tuple[str, ...]
    actuals: tuple[str | None, ...]
    cumulative_targets: tuple[str, ...]
    cumulative_actuals: tuple[str | None, ...]
    in_wan: bool
    names: tuple[str, str, str, str]
    amount_name: str
    cumulative_name: str

    @classmethod
    def build(
        cls, node: NodeProgress, as_of: date, *, language: str | None = None
    ) -> MonthlyProgressChart:
        in_wan = uses_wan(language)
        targets, actuals, cum_targets, cum_actuals = [], [], [], []
        running_target = running_actual = Decimal(0)
        for m in node.months:
            running_target += m.target
            running_actual += m.actual
            started = m.period.start < as_of
            targets.append(amount_text(m.target, in_wan))
            actuals.append(amount_text(m.actual, in_wan) if started else None)
            cum_targets.append(amount_text(running_target, in_wan))
            cum_actuals.append(amount_text(running_actual, in_wan) if started else None)
        return cls(
            months=tuple(month_label(m.period.start) for m in node.months),
            targets=tuple(targets),
            actuals=tuple(actuals),
            cumulative_targets=tuple(cum_targets),
            cumulative_actuals=tuple(cum_actuals),
            in_wan=in_wan,
            names=(
                gettext("月目标"),
                gettext("月实际签单"),
                gettext("累计目标"),
                gettext("累计签单"),
            ),
            amount_name=_amount_name(in_wan),
            cumulative_name=gettext("累计（万元）") if in_wan else gettext("累计（元）"),
        )

    def to_echarts(self) -> dict[str, Any]:
        target, actual, cum_target, cum_actual = self.names
        bar = {"type": "bar", "barMaxWidth": 22}
        line = {"type": "line", "yAxisIndex": 1, "symbolSize": 6, "connectNulls": False}
        return {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": list(self.names), "top": 0},
            "grid": GRID,
            "xAxis": [{"type": "category", "data": list(self.months)}],
            "yAxis": [
                {"type": "value", "name": self.amount_name, "nameTextStyle": {"align": "left"}},
                {
                    "type": "value",
                    "name": self.cumulative_name,
                    "splitLine": {"show": False},
                    "nameTextStyle": {"align": "right"},
                },
            ],
            "series": [
                {
                    **bar,
                    "name": target,
                    "data": list(self.targets),
                    "itemStyle": {"color": TARGET_COLOUR, "borderRadius": [3, 3, 0, 0]},
                },
                {
                    **bar,
                    "name": actual,
                    "data": list(self.actuals),
                    "itemStyle": {"color": ACTUAL_COLOUR, "borderRadius": [3, 3, 0, 0]},
                },
                {
                    **line,
                    "name": cum_target,
                    "data": list(self.cumulative_targets),
                    "itemStyle": {"color": CUMULATIVE_TARGET_COLOUR},
                    "lineStyle": {"type": "dashed", "width": 2},
                },
                {
                    **line,
                    "name": cum_actual,
                    "data": list(self.cumulative_actuals),
                    "itemStyle": {"color": CUMULATIVE_ACTUAL_COLOUR},
                    "lineStyle": {"width": 3},
                },
            ],
        }


def _percent(part: int, whole: int) -> str | None:
    """``part ÷ whole`` in percent, one decimal, rounded once from the counts."""
    if whole <= 0:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LeadSourceChart:
    """Per source: leads, leads converted into projects, won; and conversion in percent with
    one decimal (None for a source without leads)."""

    sources: tuple[str, ...]
    leads: tuple[int, ...]
    converted: tuple[int, ...]
    won: tuple[int, ...]
    conversion: tuple[str | None, ...]
    names: tuple[str, str, str, str]
    count_name: str
    rate_name: str

    @classmethod
    def build(cls, rows: Sequence[SourceStats]) -> LeadSourceChart:
        return cls(
            sources=tuple(source_label(r.source) for r in rows),
            leads=tuple(r.leads for r in rows),
            converted=tuple(r.converted for r in rows),
            won=tuple(r.won for r in rows),
            conversion=tuple(_percent(r.converted, r.leads) for r in rows),
            names=(gettext("线索"), gettext("转为项目"), gettext("赢单"), gettext("转化率")),
            count_name=gettext("数量"),
            rate_name=gettext("转化率（%）"),
        )

    @property
    def is_empty(self) -> bool:
        return not any(self.leads)

    def to_echarts(self) -> dict[str, Any]:
        leads, converted, won, conversion = self.names
        bar = {"type": "bar", "barMaxWidth": 26, "label": {"show": True, "position": "top"}}
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": list(self.names), "top": 0},
            "grid": GRID,
            "xAxis": [{"type": "category", "data": list(self.sources)}],
            "yAxis": [
                {"type": "value", "name": self.count_name, "minInterval": 1},
                {
                    "type": "value",
                    "name": self.rate_name,
                    "splitLine": {"show": False},
                    "nameTextStyle": {"align": "right"},
                },
            ],
            "series": [
                {
                    **bar,
                    "name": leads,
                    "data": list(self.leads),
                    "itemStyle": {"color": COUNT_COLOUR},
                },
                {
                    **bar,
                    "name": converted,
                    "data": list(self.converted),
                    "itemStyle": {"color": AMOUNT_COLOUR},
                },
                {**bar, "name": won, "data": list(self.won), "itemStyle": {"color": WON_COLOUR}},
                {
                    "name": conversion,
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": list(self.conversion),
                    "symbolSize": 8,
                    "itemStyle": {"color": RATE_COLOUR},
                    "label": {"show": True, "position": "top"},
                },
            ],
        }
