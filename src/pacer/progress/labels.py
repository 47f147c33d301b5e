"""Names and sentences of tracking codes as people read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import LeadSource
from pacer.tracking.gap import Bottleneck, StageProgress
from pacer.tracking.lead_sources import BudgetShift
from pacer.web.formatting import pct_text

STAGES = {
    "lead": _("线索"),
    "needs": _("需求对接"),
    "proposal": _("方案"),
    "won": _("签单"),
}

WINDOWS = {
    "month": _("本月"),
    "quarter": _("本季度"),
    "ytd": _("年初至今"),
    "year": _("全年"),
}

SIGNALS = {
    "green": _("进度正常"),
    "yellow": _("略有落后"),
    "red": _("明显落后"),
}

SLIP_KINDS = {
    "postponed": _("延期到以后"),
    "overdue": _("到期未签"),
    "lost": _("已丢单"),
}


def stage_label(stage: str) -> str:
    return str(STAGES.get(stage, stage))


def source_label(source: str) -> str:
    return str(LeadSource(source).label) if source in LeadSource.values else source


def bottleneck_sentence(b: Bottleneck, stages: Sequence[StageProgress]) -> str:
    """ "线索完成计划的 120%，方案 60%：瓶颈在需求对接 → 方案" (the first planned stage's
    ratio, then the stage where it drops)."""
    first = next(p for p in stages if p.ratio is not None)
    if not b.from_stage:
        return gettext("%(stage)s只完成计划的 %(ratio)s：瓶颈在最前端，%(stage)s不足") % {
            "stage": stage_label(b.to_stage),
            "ratio": pct_text(b.to_ratio),
        }
    return gettext(
        "%(first)s完成计划的 %(first_ratio)s，%(stage)s %(ratio)s：瓶颈在%(from)s → %(to)s"
    ) % {
        "first": stage_label(first.stage),
        "first_ratio": pct_text(first.ratio),
        "stage": stage_label(b.to_stage),
        "ratio": pct_text(b.to_ratio),
        "from": stage_label(b.from_stage),
        "to": stage_label(b.to_stage),
    }


def shift_sentence(s: BudgetShift) -> str:
    """ "展会 30% vs 线上 5%：建议把预算从线上转向展会"."""
    values = {
        "strong": source_label(s.strong),
        "weak": source_label(s.weak),
        "strong_rate": pct_text(s.strong_rate, 1),
        "weak_rate": pct_text(s.weak_rate, 1),
        "ratio": "" if s.ratio is None else f"{s.ratio:.1f}",
    }
    if s.ratio is None:
        return (
            gettext(
                "%(strong)s转化率 %(strong_rate)s，%(weak)s没有转化："
                "建议把预算从%(weak)s转向%(strong)s"
            )
            % values
        )
    return (
        gettext(
            "%(strong)s转化率 %(strong_rate)s vs %(weak)s %(weak_rate)s（%(ratio)s 倍）："
            "建议把预算从%(weak)s转向%(strong)s"
        )
        % values
    )


def month_label(start: date) -> str:
    return gettext("%(month)s月") % {"month": start.month}
