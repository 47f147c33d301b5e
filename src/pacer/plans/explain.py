"""Drivers (a rule's code and values) as translated sentences: "see the math"."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from pacer.planning.explain import Driver


def driver_json(driver: Driver) -> dict[str, Any]:
    return {"code": driver.code, "values": {k: str(v) for k, v in driver.values.items()}}


def _wan(value: str) -> str:
    try:
        return f"{Decimal(value) / 10000:,.2f}"
    except InvalidOperation:
        return value


def _pct(value: str) -> str:
    try:
        return f"{Decimal(value) * 100:.1f}%"
    except InvalidOperation:
        return value


def _plain(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return f"{number:,.2f}" if number != number.to_integral_value() else f"{number:,.0f}"


def explain(driver: dict[str, Any]) -> str:
    """One sentence for a stored driver; an unknown code shows its raw values."""
    v = driver.get("values", {})
    w = {k: _wan(x) for k, x in v.items()}
    p = {k: _pct(x) for k, x in v.items()}
    code = driver.get("code", "")
    sentences: dict[str, Callable[[], str]] = {
        "annual_target": lambda: _("年度目标 %(target)s 万元") % w,
        "repeat_potential": lambda: (
            _(
                "存量客户近12个月采购 %(base)s 万元 × 复购保持率 %(retention)s，"
                "加上今年到期的设备更新潜力 %(renewals)s 万元"
            )
            % {"base": w["base"], "retention": p["retention"], "renewals": w["renewals"]}
        ),
        "new_product_plan": lambda: (
            _("新产品上市计划 %(plan)s 万元，且不低于目标的 %(min_share)s")
            % {"plan": w["plan"], "min_share": p["min_share"]}
        ),
        "remainder": lambda: _("目标减去存量复购和新产品之后的部分：新客户开发要补上的增长"),
        "scaled_to_target": lambda: _("潜力之和超过目标 %(target)s 万元，已按比例缩减") % w,
        "share_set": lambda: _("按设定的占比 %(share)s") % p,
        "weight_share": lambda: _("按历史与在跟项目的权重，占 %(share)s") % p,
        "no_history_even": lambda: _("没有历史和项目可依，在 %(count)s 个行业间平均分配") % v,
        "team_capacity": lambda: _("按团队成员的产能，占 %(share)s") % p,
        "person_capacity": lambda: (
            _("按个人近12个月签单 %(capacity)s 万元的产能，占 %(share)s；个人指标 %(quota)s 万元")
            % {"capacity": w["capacity"], "share": p["share"], "quota": w["quota"]}
        ),
        "new_hire_ramp": lambda: (
            _(
                "新人：按成熟销售的典型产能 %(capacity)s 万元 × 全年平均爬坡系数 %(ramp)s，"
                "占 %(share)s；个人指标 %(quota)s 万元"
            )
            % {
                "capacity": w["capacity"],
                "ramp": p["ramp"],
                "share": p["share"],
                "quota": w["quota"],
            }
        ),
        "growth_needed": lambda: (
            _("比去年 %(last_year)s 万元需要增长 %(growth)s")
            % {"last_year": w["last_year"], "growth": p["growth"]}
        ),
        "best_history_growth": lambda: _("历史上最好的年增长是 %(growth)s") % p,
        "backing": lambda: (
            _("自下而上可支撑 %(bottom_up)s 万元，是目标的 %(backing)s")
            % {"bottom_up": w["bottom_up"], "backing": p["backing"]}
        ),
        "market_view": lambda: _("按市场容量和目标份额测算为 %(market)s 万元") % w,
        "backing_short": lambda: _("自下而上的支撑不足目标的七成"),
        "growth_beyond_history": lambda: _("要求的增长远超历史最好水平"),
        "beyond_market": lambda: _("目标超出市场视角的测算"),
        "below_potential": lambda: _("目标低于自下而上的潜力 %(bottom_up)s 万元，偏保守") % w,
        "reachable_stretch": lambda: _("目标高于历史和潜力但有支撑：跳一跳够得着"),
        "no_seasonal_history": lambda: _("没有完整年度的历史，月度节奏按平均分配"),
        "business_types_scaled": lambda: _("存量复购与新产品的潜力超过目标，已按比例缩减"),
        "period_not_backed": lambda: _("%(month)s 没有任何在跟项目支撑") % v,
        "low_coverage": lambda: (
            _("%(month)s 的项目覆盖只有 %(coverage)s 倍，低于 3 倍")
            % {"month": v["month"], "coverage": _plain(v["coverage"])}
        ),
        "even_no_history": lambda: _("没有历史可依，平均分配"),
    }
    make = sentences.get(code)
    if make is None:
        return f"{code} {v}"
    try:
        return make()
    except KeyError:
        return f"{code} {v}"
