"""A review as plain text for a terminal (amounts in the reader's unit, see ``formatting``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pacer.reviews.present import Presented
from pacer.web.formatting import money_text, pct_text


def _weekly(p: Presented) -> list[str]:
    summary = p.data["actions_summary"]
    lines = [
        _("动作：计划 %(planned)s 项，完成 %(met)s 项，未完成 %(missed)s 项") % summary,
    ]
    for a in p.actions:
        mark = "✓" if a["met"] else "✗"
        lines.append(
            "  "
            + _("%(mark)s %(person)s %(stage)s：计划 %(count)s，完成 %(done)s，截止 %(due)s")
            % {
                "mark": mark,
                "person": a["person"],
                "stage": a["stage_label"],
                "count": a["count"],
                "done": a["done"],
                "due": a["due"],
            }
        )
        if a["reason"]:
            lines.append("    " + _("原因：%(reason)s") % {"reason": a["reason"]})
    activities = "、".join(f"{a['label']} {a['count']}" for a in p.activities) or "—"
    lines.append(
        _("本周活动 %(total)s 次：%(list)s")
        % {"total": p.data["activities"]["total"], "list": activities}
    )
    milestones = p.data.get("milestones", [])
    if milestones:
        lines.append(_("本周到期关键节点："))
        lines.extend(
            "  "
            + _("%(project)s · %(name)s，截止 %(due)s，%(state)s")
            % {
                "project": m["project"],
                "name": m["name"],
                "due": m["due"],
                "state": _("已完成") if m["done"] else _("未完成"),
            }
            for m in milestones
        )
    if p.next_actions:
        lines.append(_("下周计划动作："))
        lines.extend(
            "  "
            + _("%(person)s %(stage)s %(count)s，截止 %(due)s")
            % {
                "person": a["person"],
                "stage": a["stage_label"],
                "count": a["count"],
                "due": a["due"],
            }
            for a in p.next_actions
        )
    lines.append(_("下周改进：%(text)s") % {"text": p.review.next_week or "—"})
    return lines


def _measure_line(m: dict[str, Any]) -> str:
    return _(
        "%(name)s：目标 %(target)s，签单 %(signed)s（%(signed_pct)s），"
        "回款 %(paid)s（%(paid_pct)s）"
    ) % {
        "name": m["name"],
        "target": money_text(m["target"]),
        "signed": money_text(m["signed"]),
        "signed_pct": pct_text(m["signed_attainment"]),
        "paid": money_text(m["paid"]),
        "paid_pct": pct_text(m["paid_attainment"]),
    }


def _monthly(p: Presented) -> list[str]:
    lines = [_("目标进度：")]
    lines.extend("  " + _measure_line(m) for m in p.measures)
    if len(p.people) > 1:
        lines.append(_("成员："))
        lines.extend("  " + _measure_line(m) for m in p.people)
    if p.stages:
        lines.append(_("漏斗动作："))
        lines.extend(
            "  "
            + _("%(stage)s：计划 %(planned)s，完成 %(done)s（%(pct)s）")
            % {
                "stage": s["stage_label"],
                "planned": s["planned"],
                "done": s["done"],
                "pct": pct_text(s["ratio"]),
            }
            for s in p.stages
        )
    if p.bottleneck:
        lines.append("  " + p.bottleneck)
    if p.sources:
        lines.append(_("线索来源："))
        lines.extend(
            "  "
            + _(
                "%(source)s：线索 %(leads)s，转为项目 %(converted)s（%(pct)s），"
                "本月赢单 %(won)s 个 %(amount)s"
            )
            % {
                "source": s["label"],
                "leads": s["leads"],
                "converted": s["converted"],
                "pct": pct_text(s["conversion"]),
                "won": s["won_projects"],
                "amount": money_text(s["won_amount"]),
            }
            for s in p.sources
        )
    if p.best_source:
        lines.append(_("转化最好的来源：%(source)s") % {"source": p.best_source})
    lines.append(_("资源调整：%(text)s") % {"text": p.review.resource_changes or "—"})
    return lines


def review_text(p: Presented) -> str:
    plan = p.data.get("plan")
    lines = [
        p.title,
        p.period_text,
        _("对照计划：%(plan)s")
        % {"plan": f"{plan['name']} v{plan['version']}" if plan else _("没有计划")},
    ]
    lines.extend(_weekly(p) if p.is_weekly else _monthly(p))
    if p.alerts is not None:
        lines.append(
            _("预警：新增 %(raised)s 个，解除 %(cleared)s 个")
            % {"raised": p.alerts["raised_count"], "cleared": p.alerts["cleared_count"]}
        )
    lines.append(_("备注：%(text)s") % {"text": p.review.comments or "—"})
    return "\n".join(lines)
