"""A review made ready for people: labels in the reader's language, amounts as ``Decimal``.

The page, the printable page, the text report and the workbook all read this, so they say the
same thing. Call it inside the language the reader wants (``translation.override``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pacer.crm.models import ActivityKind, LeadSource
from pacer.plans.acceptance import STAGE_LABELS
from pacer.reviews.models import Review
from pacer.web.formatting import pct_text


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def source_label(source: str) -> str:
    if not source:
        return _("未注明来源")
    return str(LeadSource(source).label) if source in LeadSource.values else source


def kind_label(kind: str) -> str:
    return str(ActivityKind(kind).label) if kind in ActivityKind.values else kind


def _money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _ratio(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def bottleneck_sentence(found: dict[str, str] | None) -> str:
    """Where the funnel narrows most this month, as one sentence (empty when it does not)."""
    if found is None:
        return ""
    if not found["from_stage"]:
        return _("线索只完成计划的 %(pct)s：瓶颈在漏斗顶端，线索不足") % {
            "pct": pct_text(Decimal(found["to_ratio"]))
        }
    return _(
        "%(from)s完成计划的 %(from_pct)s，%(to)s只完成 %(to_pct)s：瓶颈在 %(from)s → %(to)s"
    ) % {
        "from": stage_label(found["from_stage"]),
        "to": stage_label(found["to_stage"]),
        "from_pct": pct_text(Decimal(found["from_ratio"])),
        "to_pct": pct_text(Decimal(found["to_ratio"])),
    }


@dataclass
class Presented:
    """What every rendering of a review shows (``data`` is the stored snapshot)."""

    review: Review
    data: dict[str, Any]
    title: str
    period_text: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    orphan_reasons: list[tuple[str, str]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    next_actions: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    bottleneck: str = ""
    best_source: str = ""
    alerts: dict[str, Any] | None = None

    @property
    def is_weekly(self) -> bool:
        return self.review.kind == "weekly"


def _period_text(data: dict[str, Any]) -> str:
    period = data["period"]
    last = date.fromordinal(date.fromisoformat(period["end"]).toordinal() - 1)
    return _("%(label)s（%(start)s 至 %(end)s）") % {
        "label": period["label"],
        "start": period["start"],
        "end": last.isoformat(),
    }


def _weekly(p: Presented, reasons: dict[str, str]) -> None:
    data = p.data
    for row in data.get("actions", []):
        p.actions.append(
            {**row, "stage_label": stage_label(row["stage"]), "reason": reasons.get(row["key"], "")}
        )
    p.missed = [a for a in p.actions if not a["met"]]
    known = {a["key"] for a in p.actions}
    p.orphan_reasons = sorted((k, v) for k, v in reasons.items() if k not in known)
    p.stages = [
        {**s, "stage_label": stage_label(s["stage"]), "ratio": _ratio(s["ratio"])}
        for s in data.get("actions_summary", {}).get("stages", [])
    ]
    p.activities = [
        {**a, "label": kind_label(a["kind"])} for a in data.get("activities", {}).get("by_kind", [])
    ]
    p.next_actions = [
        {**a, "stage_label": stage_label(a["stage"])}
        for a in data.get("next_week", {}).get("actions", [])
    ]
    p.people = list(data.get("people", []))


def _measure(name: str, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "target": _money(m["target"]),
        "signed": _money(m["signed"]),
        "paid": _money(m["paid"]),
        "signed_attainment": _ratio(m["signed_attainment"]),
        "paid_attainment": _ratio(m["paid_attainment"]),
        "gap": _money(m["gap"]),
    }


def _monthly(p: Presented) -> None:
    data = p.data
    progress = data["progress"]
    p.measures = [
        _measure(_("本月"), progress["month"]),
        _measure(_("本年累计"), progress["year_to_date"]),
    ]
    p.people = [{**_measure(row["name"], row), "id": row["id"]} for row in data.get("people", [])]
    funnel = data.get("funnel", {})
    p.stages = [
        {**s, "stage_label": stage_label(s["stage"]), "ratio": _ratio(s["ratio"])}
        for s in funnel.get("stages", [])
    ]
    p.bottleneck = bottleneck_sentence(funnel.get("bottleneck"))
    p.sources = [
        {
            **s,
            "label": source_label(s["source"]),
            "conversion": _ratio(s["conversion"]),
            "won_amount": _money(s["won_amount"]),
        }
        for s in data.get("lead_sources", [])
    ]
    best = data.get("best_source")
    p.best_source = source_label(best) if best else ""


def present(review: Review) -> Presented:
    data = review.data
    subject = data.get("subject", {}).get("name", review.subject_name)
    title = (
        _("%(subject)s 周复盘 %(label)s")
        if review.kind == "weekly"
        else _("%(subject)s 月复盘 %(label)s")
    ) % {"subject": subject, "label": data.get("period", {}).get("label", "")}
    p = Presented(review=review, data=data, title=title, period_text=_period_text(data))
    p.alerts = data.get("alerts")
    if review.kind == "weekly":
        _weekly(p, dict(review.reasons))
    else:
        _monthly(p)
    return p
