"""Risk rules as sentences with their suggested response, for the adjustments page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from pacer.crm.models import Customer
from pacer.org.models import Person
from pacer.tracking.adjust import (
    CUSTOMER_CONCENTRATION,
    LEAD_POOL_LOW,
    NON_STRATEGIC_LOW,
    Risk,
)


@dataclass(frozen=True)
class RiskLine:
    sentence: str
    response: str


def _pct(text: str) -> str:
    return f"{Decimal(text) * 100:.0f}%"


def _name(subject: str) -> str:
    kind, _sep, pk = subject.partition(":")
    model = {"person": Person, "customer": Customer}.get(kind)
    if model is None or not pk.isdigit():
        return subject
    found = model._default_manager.filter(pk=int(pk)).values_list("name", flat=True).first()
    return found or subject


def risk_line(risk: Risk) -> RiskLine:
    """The risk and what to do about it, in the reader's language."""
    v = risk.values
    if risk.code == LEAD_POOL_LOW:
        return RiskLine(
            _("%(who)s 储备线索只有 %(open)s 条，低于本月所需 %(needed)s 条的 %(reserve)s")
            % {
                "who": _name(risk.subject),
                "open": v["open_leads"],
                "needed": v["leads_needed"],
                "reserve": _pct(v["reserve"]),
            },
            _("补充线索来源：参加展会、请老客户转介绍、让渠道商推荐"),
        )
    if risk.code == CUSTOMER_CONCENTRATION:
        return RiskLine(
            _("%(who)s 占剩余在跟项目的 %(share)s，超过 %(limit)s：目标过度依赖单一客户")
            % {"who": _name(risk.subject), "share": _pct(v["share"]), "limit": _pct(v["limit"])},
            _("拓宽项目储备：在其他客户中开发同等规模的项目"),
        )
    if risk.code == NON_STRATEGIC_LOW:
        return RiskLine(
            _("今年 %(new)s 家新客户中非战略行业只有 %(other)s 家（%(share)s），低于 %(floor)s")
            % {
                "new": v["new_customers"],
                "other": v["non_strategic"],
                "share": _pct(v["share"]),
                "floor": _pct(v["floor"]),
            },
            _("开拓新行业：在非战略行业中安排新客户开发，分散对单一行业的依赖"),
        )
    return RiskLine(f"{risk.code} {dict(v)}", risk.response)
