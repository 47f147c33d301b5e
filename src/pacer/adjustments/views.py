"""Pages: the list of adjustment proposals, one proposal, and the director's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from pacer.access import actor_for
from pacer.adjustments.risk_texts import risk_line
from pacer.adjustments.risks import plan_risks
from pacer.adjustments.selectors import adjustments_for, trigger_sentence, visible_rows
from pacer.adjustments.services import adjustment_approve, adjustment_reject, may_decide
from pacer.plans.selectors import latest_plan
from pacer.plans.services import PlanError
from pacer.web.clock import today


@login_required
@require_GET
def adjustment_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    items = [(a, trigger_sentence(a)) for a in adjustments_for(actor)[:200]]
    risks = []
    plan = latest_plan(today().year) if actor.is_director_or_admin else None
    if plan is not None:
        risks = [risk_line(r) for r in plan_risks(plan, today())]
    return render(
        request, "adjustments/list.html", {"items": items, "risks": risks, "risk_plan": plan}
    )


@login_required
@require_GET
def adjustment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    adjustment = get_object_or_404(adjustments_for(actor), pk=pk)
    context = {
        "adjustment": adjustment,
        "sentence": trigger_sentence(adjustment),
        "rows": visible_rows(actor, adjustment),
        "may_decide": may_decide(request.user) and adjustment.is_open,
    }
    return render(request, "adjustments/detail.html", context)


@login_required
@require_POST
def adjustment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    adjustment = get_object_or_404(adjustments_for(actor), pk=pk)
    if not may_decide(request.user):
        return HttpResponse(gettext("只有总监和管理员可以决定目标调整"), status=403)
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("decision") == "approve":
            plan = adjustment_approve(adjustment=adjustment, user=request.user, reason=reason)
            messages.success(
                request, gettext("已批准：生成计划 v%(version)s") % {"version": plan.version}
            )
        else:
            adjustment_reject(adjustment=adjustment, user=request.user, reason=reason)
            messages.success(request, gettext("已驳回"))
    except PlanError as exc:
        messages.error(request, str(exc))
    return redirect("adjustments:detail", pk=pk)
