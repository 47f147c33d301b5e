"""Chart payloads of a plan, built in Python and drawn in the browser by ECharts.

Each payload holds exactly the numbers its chart shows and turns them into an ECharts option
(plain JSON) with ``to_echarts()``; see ``pacer.web.charts`` for the conventions. Amounts travel
as decimal strings: 万元 with two decimals when ``in_wan`` (Chinese), else yuan with two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from pacer.planning.money import to_money, to_wan
from pacer.web.charts import AMOUNT_COLOUR, COUNT_COLOUR
from pacer.web.formatting import uses_wan

RUN_RATE_COLOUR = "#93c5fd"
LAST_YEAR_COLOUR = "#f97316"
PALETTE = ("#2563eb", "#10b981", "#f59e0b", "#8b5cf6", "#ef4444", "#14b8a6")


def amount_text(value: Decimal, in_wan: bool) -> str:
    """Yuan as the chart's decimal string: 万元 or yuan, two decimals, half-up."""
    return str(to_money(to_wan(value) if in_wan else value))


def _amount_name(in_wan: bool) -> str:
    return gettext("金额（万元）") if in_wan else gettext("金额（元）")


def _legend_grid() -> dict[str, Any]:
    return {"left": 8, "right": 8, "top": 48, "bottom": 8, "containLabel": True}


@dataclass(frozen=True)
class MonthlyPlanChart:
    """The plan per month (identified + run-rate, stacked) against last year's orders per month.

    ``last_year[i]`` is the total of the orders signed in the same fiscal month a year before.
    """

    months: tuple[str, ...]
    identified: tuple[str, ...]
    run_rate: tuple[str, ...]
    last_year: tuple[str, ...]
    in_wan: bool
    names: tuple[str, str, str]
    amount_name: str

    @classmethod
    def build(
        cls,
        *,
        months: Sequence[str],
        identified: Sequence[Decimal],
        run_rate: Sequence[Decimal],
        last_year: Sequence[Decimal],
        language: str | None = None,
    ) -> MonthlyPlanChart:
        in_wan = uses_wan(language)
        return cls(
            months=tuple(months),
            identified=tuple(amount_text(v, in_wan) for v in identified),
            run_rate=tuple(amount_text(v, in_wan) for v in run_rate),
            last_year=tuple(amount_text(v, in_wan) for v in last_year),
            in_wan=in_wan,
            names=(gettext("项目支撑"), gettext("常规业务"), gettext("去年同期签单")),
            amount_name=_amount_name(in_wan),
        )

    def to_echarts(self) -> dict[str, Any]:
        identified, run_rate, last_year = self.names
        bar = {"type": "bar", "stack": "plan", "barMaxWidth": 36}
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": list(self.names), "top": 0},
            "grid": _legend_grid(),
            "xAxis": [{"type": "category", "data": list(self.months)}],
            "yAxis": [
                {"type": "value", "name": self.amount_name, "nameTextStyle": {"align": "left"}}
            ],
            "series": [
                {
                    **bar,
                    "name": identified,
                    "data": list(self.identified),
                    "itemStyle": {"color": AMOUNT_COLOUR},
                },
                {
                    **bar,
                    "name": run_rate,
                    "data": list(self.run_rate),
                    "itemStyle": {"color": RUN_RATE_COLOUR, "borderRadius": [4, 4, 0, 0]},
                },
                {
                    "name": last_year,
                    "type": "line",
                    "data": list(self.last_year),
                    "symbolSize": 7,
                    "itemStyle": {"color": LAST_YEAR_COLOUR},
                    "lineStyle": {"width": 2},
                },
            ],
        }


@dataclass(frozen=True)
class BusinessTypeChart:
    """The target split by business type (repeat / new customer / new product)."""

    labels: tuple[str, ...]
    amounts: tuple[str, ...]
    in_wan: bool
    title: str

    @classmethod
    def build(
        cls, parts: Sequence[tuple[str, Decimal]], *, language: str | None = None
    ) -> BusinessTypeChart:
        in_wan = uses_wan(language)
        return cls(
            labels=tuple(label for label, _ in parts),
            amounts=tuple(amount_text(amount, in_wan) for _, amount in parts),
            in_wan=in_wan,
            title=_amount_name(in_wan),
        )

    def to_echarts(self) -> dict[str, Any]:
        return {
            "tooltip": {"trigger": "item"},
            "legend": {"top": 0},
            "color": list(PALETTE),
            "series": [
                {
                    "name": self.title,
                    "type": "pie",
                    "radius": ["42%", "70%"],
                    "center": ["50%", "58%"],
                    "label": {"formatter": "{b}\n{d}%"},
                    "data": [
                        {"name": label, "value": amount}
                        for label, amount in zip(self.labels, self.amounts, strict=True)
                    ],
                }
            ],
        }


@dataclass(frozen=True)
class TierChart:
    """Customers per tier and the repeat business planned from each tier."""

    tiers: tuple[str, ...]
    counts: tuple[int, ...]
    planned: tuple[str, ...]
    in_wan: bool
    amount_name: str
    count_name: str

    @classmethod
    def build(
        cls, rows: Sequence[tuple[str, int, Decimal]], *, language: str | None = None
    ) -> TierChart:
        """``rows``: (tier label, customer count, planned repeat in yuan)."""
        in_wan = uses_wan(language)
        return cls(
            tiers=tuple(label for label, _, _ in rows),
            counts=tuple(count for _, count, _ in rows),
            planned=tuple(amount_text(amount, in_wan) for _, _, amount in rows),
            in_wan=in_wan,
            amount_name=gettext("计划复购（万元）") if in_wan else gettext("计划复购（元）"),
            count_name=gettext("客户数"),
        )

    def to_echarts(self) -> dict[str, Any]:
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": [self.amount_name, self.count_name], "top": 0},
            "grid": _legend_grid(),
            "xAxis": [{"type": "category", "data": list(self.tiers)}],
            "yAxis": [
                {"type": "value", "name": self.amount_name, "nameTextStyle": {"align": "left"}},
                {
                    "type": "value",
                    "name": self.count_name,
                    "minInterval": 1,
                    "splitLine": {"show": False},
                    "nameTextStyle": {"align": "right"},
                },
            ],
            "series": [
                {
                    "name": self.amount_name,
                    "type": "bar",
                    "data": list(self.planned),
                    "barMaxWidth": 48,
                    "label": {"show": True, "position": "top"},
                    "itemStyle": {"color": AMOUNT_COLOUR, "borderRadius": [4, 4, 0, 0]},
                },
                {
                    "name": self.count_name,
                    "type": "bar",
                    "yAxisIndex": 1,
                    "data": list(self.counts),
                    "barMaxWidth": 24,
                    "label": {"show": True, "position": "top"},
                    "itemStyle": {"color": COUNT_COLOUR, "borderRadius": [4, 4, 0, 0]},
                },
            ],
        }


@dataclass(frozen=True)
class FunnelActionsChart:
    """Funnel actions due per month, one series per stage: ``counts[stage][month]``."""

    months: tuple[str, ...]
    stages: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    count_name: str

    @classmethod
    def build(
        cls, months: Sequence[str], stages: Sequence[str], counts: Sequence[Sequence[int]]
    ) -> FunnelActionsChart:
        return cls(
            months=tuple(months),
            stages=tuple(stages),
            counts=tuple(tuple(row) for row in counts),
            count_name=gettext("动作数"),
        )

    @property
    def is_empty(self) -> bool:
        return not any(any(row) for row in self.counts)

    def to_echarts(self) -> dict[str, Any]:
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": list(self.stages), "top": 0},
            "grid": _legend_grid(),
            "color": list(PALETTE),
            "xAxis": [{"type": "category", "data": list(self.months)}],
            "yAxis": [
                {
                    "type": "value",
                    "name": self.count_name,
                    "minInterval": 1,
                    "nameTextStyle": {"align": "left"},
                }
            ],
            "series": [
                {"name": stage, "type": "bar", "stack": "actions", "data": list(row)}
                for stage, row in zip(self.stages, self.counts, strict=True)
            ],
        }
