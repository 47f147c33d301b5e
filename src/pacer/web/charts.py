"""Typed chart payloads, built in Python and drawn in the browser by ECharts.

A payload holds exactly the numbers a chart shows; ``to_echarts()`` turns it into an ECharts
option (plain JSON: no functions), which a page embeds with ``json_script`` and
``web/charts.js`` draws. Amounts travel as decimal strings so that no fen is lost to floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from pacer.planning.money import to_money, to_wan
from pacer.web.formatting import uses_wan
from pacer.web.selectors import StageTotal

# One palette for every chart, matching the page's accent colours.
AMOUNT_COLOUR = "#2563eb"
COUNT_COLOUR = "#f59e0b"


@dataclass(frozen=True)
class PipelineByStage:
    """The open pipeline by funnel stage (线索 → 商务谈判), in funnel order.

    ``amounts[i]`` is the total amount of the open projects at ``stages[i]`` as a decimal
    string: 万元 with two decimals when ``in_wan`` (Chinese), else yuan with two decimals.
    ``counts[i]`` is the number of those projects.
    """

    stages: tuple[str, ...]
    amounts: tuple[str, ...]
    counts: tuple[int, ...]
    in_wan: bool
    amount_name: str
    count_name: str

    @classmethod
    def from_totals(
        cls, totals: Sequence[StageTotal], *, language: str | None = None
    ) -> PipelineByStage:
        """Labels in the active language; amounts in 万元 for Chinese, yuan otherwise."""
        in_wan = uses_wan(language)
        return cls(
            stages=tuple(str(total.stage.label) for total in totals),
            amounts=tuple(
                str(to_money(to_wan(total.amount) if in_wan else total.amount)) for total in totals
            ),
            counts=tuple(total.count for total in totals),
            in_wan=in_wan,
            amount_name=gettext("金额（万元）") if in_wan else gettext("金额（元）"),
            count_name=gettext("项目数"),
        )

    @property
    def is_empty(self) -> bool:
        return not any(self.counts)

    def to_echarts(self) -> dict[str, Any]:
        """An ECharts option: amount bars on the left axis, project-count bars on the right."""
        return {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"data": [self.amount_name, self.count_name], "top": 0},
            "grid": {"left": 8, "right": 8, "top": 48, "bottom": 8, "containLabel": True},
            "xAxis": [
                {
                    "type": "category",
                    "data": list(self.stages),
                    "axisTick": {"alignWithLabel": True},
                }
            ],
            "yAxis": [
                {
                    "type": "value",
                    "name": self.amount_name,
                    "position": "left",
                    "nameTextStyle": {"align": "left"},
                },
                {
                    "type": "value",
                    "name": self.count_name,
                    "position": "right",
                    "minInterval": 1,
                    "splitLine": {"show": False},
                    "nameTextStyle": {"align": "right"},
                },
            ],
            # Side by side, so that neither series' labels cover the other's.
            "series": [
                {
                    "name": self.amount_name,
                    "type": "bar",
                    "data": list(self.amounts),
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
