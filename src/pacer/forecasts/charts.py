"""Chart payloads of the forecast pages, built in Python and drawn by ECharts.

Each payload holds exactly the numbers its chart shows and turns them into an ECharts option
(plain JSON) with ``to_echarts()``. Amounts travel as decimal strings: 万元 with two decimals
for Chinese, yuan otherwise (``pacer.web.formatting.uses_wan``); ratios as percentages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from pacer.forecasts.accuracy import AccuracyHistory
from pacer.forecasts.finance import PaymentsForecast
from pacer.forecasts.probability import LEVEL_NAMES, ProbabilityResult
from pacer.planning.money import WAN, to_money
from pacer.web.charts import AMOUNT_COLOUR, COUNT_COLOUR
from pacer.web.formatting import uses_wan

ACTUAL_COLOUR = "#16a34a"
LINE_COLOUR = "#dc2626"
# Histogram bars by the highest level they reach: none, base, stretch, breakthrough.
LEVEL_COLOURS = ("#94a3b8", "#f59e0b", "#2563eb", "#16a34a")


def _amount(value: Decimal | float, in_wan: bool) -> str:
    amount = Decimal(str(value))
    return str(to_money(amount / WAN if in_wan else amount))


def _amount_name(in_wan: bool) -> str:
    return gettext("金额（万元）") if in_wan else gettext("金额（元）")


@dataclass(frozen=True)
class AccuracyChart:
    """Forecast and actual per closed window (bars) and accuracy in percent (line)."""

    windows: tuple[str, ...]
    forecasts: tuple[str, ...]
    actuals: tuple[str, ...]
    accuracy: tuple[str, ...]
    amount_name: str
    names: tuple[str, str, str]

    @classmethod
    def from_history(
        cls, history: AccuracyHistory, *, language: str | None = None
    ) -> AccuracyChart:
        in_wan = uses_wan(language)
        return cls(
            windows=tuple(r.window_start.strftime("%m-%d") for r in history.rows),
            forecasts=tuple(_amount(r.forecast, in_wan) for r in history.rows),
            actuals=tuple(_amount(r.actual, in_wan) for r in history.rows),
            accuracy=tuple(str((r.accuracy * 100).quantize(Decimal("0.1"))) for r in history.rows),
            amount_name=_amount_name(in_wan),
            names=(gettext("预测"), gettext("实际"), gettext("准确率（%）")),
        )

    def to_echarts(self) -> dict[str, Any]:
        forecast, actual, rate = self.names
        return {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": list(self.names), "top": 0},
            "grid": {"left": 8, "right": 8, "top": 48, "bottom": 8, "containLabel": True},
            "xAxis": [{"type": "category", "data": list(self.windows)}],
            "yAxis": [
                {"type": "value", "name": self.amount_name},
                {"type": "value", "name": rate, "min": 0, "max": 100, "splitLine": {"show": False}},
            ],
            "series": [
                {
                    "name": forecast,
                    "type": "bar",
                    "data": list(self.forecasts),
                    "itemStyle": {"color": AMOUNT_COLOUR},
                },
                {
                    "name": actual,
                    "type": "bar",
                    "data": list(self.actuals),
                    "itemStyle": {"color": ACTUAL_COLOUR},
                },
                {
                    "name": rate,
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": list(self.accuracy),
                    "itemStyle": {"color": LINE_COLOUR},
                },
            ],
        }


@dataclass(frozen=True)
class ProbabilityChart:
    """The distribution of the year's simulated total: trials per bucket, coloured by level."""

    buckets: tuple[str, ...]
    counts: tuple[int, ...]
    reached: tuple[int, ...]  # 0 = below base, 1 = base, 2 = stretch, 3 = breakthrough
    amount_name: str
    count_name: str

    @classmethod
    def from_result(
        cls, result: ProbabilityResult, *, language: str | None = None
    ) -> ProbabilityChart:
        in_wan = uses_wan(language)
        year_levels = result.levels[-1]
        thresholds = [float(year_levels[name]) for name in LEVEL_NAMES]
        return cls(
            buckets=tuple(_amount(edge, in_wan) for edge, _count in result.histogram),
            counts=tuple(count for _edge, count in result.histogram),
            reached=tuple(sum(1 for t in thresholds if edge >= t) for edge, _c in result.histogram),
            amount_name=_amount_name(in_wan),
            count_name=gettext("模拟次数"),
        )

    def to_echarts(self) -> dict[str, Any]:
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 8, "right": 8, "top": 32, "bottom": 8, "containLabel": True},
            "xAxis": [{"type": "category", "name": self.amount_name, "data": list(self.buckets)}],
            "yAxis": [{"type": "value", "name": self.count_name, "minInterval": 1}],
            "series": [
                {
                    "name": self.count_name,
                    "type": "bar",
                    "barCategoryGap": "5%",
                    "data": [
                        {"value": count, "itemStyle": {"color": LEVEL_COLOURS[level]}}
                        for count, level in zip(self.counts, self.reached, strict=True)
                    ],
                }
            ],
        }


@dataclass(frozen=True)
class PaymentsChart:
    """Expected payments per week, stacked: from signed orders and from commit projects."""

    weeks: tuple[str, ...]
    from_orders: tuple[str, ...]
    from_commit: tuple[str, ...]
    amount_name: str
    names: tuple[str, str]

    @classmethod
    def from_forecast(
        cls, forecast: PaymentsForecast, *, language: str | None = None
    ) -> PaymentsChart:
        in_wan = uses_wan(language)
        return cls(
            weeks=tuple(w.week.start.strftime("%m-%d") for w in forecast.weeks),
            from_orders=tuple(_amount(w.from_orders, in_wan) for w in forecast.weeks),
            from_commit=tuple(_amount(w.from_commit, in_wan) for w in forecast.weeks),
            amount_name=_amount_name(in_wan),
            names=(gettext("已签订单未回款"), gettext("承诺项目")),
        )

    def to_echarts(self) -> dict[str, Any]:
        orders, commit = self.names
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": list(self.names), "top": 0},
            "grid": {"left": 8, "right": 8, "top": 48, "bottom": 8, "containLabel": True},
            "xAxis": [{"type": "category", "data": list(self.weeks)}],
            "yAxis": [{"type": "value", "name": self.amount_name}],
            "series": [
                _stacked(orders, self.from_orders, AMOUNT_COLOUR),
                _stacked(commit, self.from_commit, COUNT_COLOUR),
            ],
        }


def _stacked(name: str, data: Sequence[str], colour: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "bar",
        "stack": "payments",
        "data": list(data),
        "itemStyle": {"color": colour},
    }
