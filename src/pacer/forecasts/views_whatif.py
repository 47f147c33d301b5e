"""The what-if page: change assumptions of a plan and see plan, funnel and probability beside it.

GET shows the form (and, with ``?scenario=<pk>``, that scenario beside the plan it came from);
POST creates the scenario draft and redirects to it, so the result can be bookmarked and kept.
Directors and admins only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from pacer.access import actor_for
from pacer.forecasts.labels import LEVELS
from pacer.forecasts.probability import LEVEL_NAMES, ProbabilityError
from pacer.forecasts.views_team import ratio
from pacer.forecasts.whatif import WhatIfResult, default_baseline, whatif_compare, whatif_run
from pacer.plans.edits import PlanForbiddenError
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.services import PlanError
from pacer.plans.web.write_forms import ScenarioForm
from pacer.web import clock

PAGE_TRIALS = 2000
MAX_PAGE_TRIALS = 20_000


class WhatIfForm(ScenarioForm):
    """The scenario's changes plus the baseline and the simulation's size and seed."""

    plan = forms.ModelChoiceField(
        label=_("基准计划"),
        queryset=Plan.objects.exclude(status=PlanStatus.SUPERSEDED).order_by(
            "-year", "-created_at", "-pk"
        ),
    )
    trials = forms.IntegerField(
        label=_("模拟次数"), min_value=100, max_value=MAX_PAGE_TRIALS, initial=PAGE_TRIALS
    )
    seed = forms.IntegerField(label=_("随机种子"), min_value=0, max_value=2**32 - 1, initial=0)

    field_order = ("plan", "name")


def _whole(text: str | None, default: int, low: int, high: int) -> int | None:
    """``text`` as an integer in [low, high]; ``default`` when blank; None when invalid."""
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


@login_required
@require_http_methods(["GET", "POST"])
def whatif(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_director_or_admin:
        raise PermissionDenied
    today = clock.today()
    if request.method == "POST":
        return _run(request, today)
    trials = _whole(request.GET.get("trials"), PAGE_TRIALS, 100, MAX_PAGE_TRIALS)
    seed = _whole(request.GET.get("seed"), 0, 0, 2**32 - 1)
    context: dict[str, Any] = {"today": today}
    if trials is None or seed is None:
        context["form"] = WhatIfForm(initial=_initial(today.year))
        context["error"] = gettext("模拟次数应为 100 到 %(max)s 的整数，随机种子应为非负整数。") % {
            "max": MAX_PAGE_TRIALS
        }
        return render(request, "forecasts/whatif.html", context, status=400)
    scenario = _scenario(request.GET.get("scenario"))
    if request.GET.get("scenario") and scenario is None:
        context["error"] = gettext("找不到情景“%(value)s”，或它没有基准计划。") % {
            "value": request.GET.get("scenario")
        }
    if scenario is not None and scenario.scenario_of is not None:
        initial = {"plan": scenario.scenario_of, "trials": trials, "seed": seed}
        try:
            result = whatif_compare(
                baseline=scenario.scenario_of,
                scenario=scenario,
                user=request.user,
                as_of=today,
                trials=trials,
                seed=seed,
            )
        except ProbabilityError as exc:
            context["error"] = str(exc)
        else:
            context.update(_result_context(result))
    else:
        initial = _initial(today.year)
    context["form"] = WhatIfForm(initial=initial)
    status = 400 if request.GET.get("scenario") and scenario is None else 200
    return render(request, "forecasts/whatif.html", context, status=status)


def _initial(year: int) -> dict[str, Any]:
    return {"plan": default_baseline(year), "trials": PAGE_TRIALS, "seed": 0}


def _scenario(text: str | None) -> Plan | None:
    if not text or not text.isdigit():
        return None
    plan = Plan.objects.select_related("scenario_of").filter(pk=int(text)).first()
    return plan if plan is not None and plan.scenario_of is not None else None


def _run(request: HttpRequest, today: Any) -> HttpResponse:
    form = WhatIfForm(request.POST)
    if not form.is_valid():
        return render(request, "forecasts/whatif.html", {"form": form, "today": today}, status=400)
    data = form.cleaned_data
    try:
        result = whatif_run(
            plan=data["plan"],
            changes=form.changes(),
            user=request.user,
            as_of=today,
            trials=data["trials"],
            seed=data["seed"],
            name=data.get("name") or "",
        )
    except PlanForbiddenError as exc:
        raise PermissionDenied from exc
    except (PlanError, ProbabilityError) as exc:
        context = {"form": form, "today": today, "error": str(exc)}
        return render(request, "forecasts/whatif.html", context, status=400)
    messages.success(
        request,
        gettext("已保存情景草稿「%(name)s」。") % {"name": result.scenario.name},
    )
    query = f"?scenario={result.scenario.pk}&trials={result.trials}&seed={result.seed}"
    return redirect(reverse("forecasts:whatif") + query)


def _result_context(result: WhatIfResult) -> dict[str, Any]:
    rows = [
        {
            "label": str(LEVELS[name]),
            "a_level": result.baseline_year.levels[name],
            "b_level": result.scenario_year.levels[name],
            "a": ratio(result.baseline_year.probabilities[name]),
            "b": ratio(result.scenario_year.probabilities[name]),
            "name": name,
        }
        for name in LEVEL_NAMES
    ]
    return {"result": result, "chance_rows": rows}
