"""Plan pages: the list, target setting (with the build form), the grid, the math, a person.

Thin views: reads come from ``plans.web.read_*`` (through ``plans.selectors`` and
``pacer.access``), the one write is ``plans.services.plan_build``. A plan, node or person the
actor may not see is *not found* (404). htmx requests get only the fragment they swap in.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from pacer.access import Actor, actor_for
from pacer.plans.explain import explain
from pacer.plans.labels import DIMENSIONS, TREES
from pacer.plans.models import Plan, PlanNode
from pacer.plans.selectors import plans_for, visible_node_ids
from pacer.plans.services import PlanError, plan_build
from pacer.plans.web import read_chart_data as chart_data
from pacer.plans.web.read_forms import PlanBuildForm
from pacer.plans.web.read_math import node_math
from pacer.plans.web.read_person import person_plan
from pacer.plans.web.read_selectors import (
    GRAINS,
    TreeView,
    choice,
    chosen_plan,
    node_in_plan,
    parse_open,
    plan_for,
)
from pacer.plans.web.read_selectors import TREES as TREE_KEYS
from pacer.plans.web.read_target import target_views
from pacer.web import clock


def _personless(actor: Actor) -> bool:
    return actor.person_id is None and not actor.sees_all


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _fragment_or_page(
    request: HttpRequest, template: str, fragment: str, context: dict[str, object]
) -> HttpResponse:
    name = f"{template}#{fragment}" if _is_htmx(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    plans = list(plans_for(actor).order_by("-year", "-created_at", "-pk"))
    years: dict[int, list[Plan]] = {}
    for plan in plans:
        years.setdefault(plan.year, []).append(plan)
    return render(
        request,
        "plans/list.html",
        {"years": list(years.items()), "may_build": actor.is_director_or_admin},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target(request: HttpRequest) -> HttpResponse:
    """The three views and the verdict of a plan; directors and admins build a new draft."""
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    may_build = actor.is_director_or_admin
    today = clock.today()
    if request.method == "POST":
        if not may_build:
            raise PermissionDenied
        form = PlanBuildForm(request.POST)
        if form.is_valid():
            try:
                built = plan_build(
                    year=form.cleaned_data["year"],
                    target=form.cleaned_data["target"],
                    name=form.cleaned_data["name"],
                    as_of=today,
                    user=cast("User", request.user),
                    assumptions=form.assumptions(),
                )
            except PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, gettext("已生成计划草稿：%(name)s") % {"name": built.name}
                )
                return redirect("plans:detail", pk=built.pk)
    else:
        form = PlanBuildForm(initial={"year": today.year, "new_product_share": "20%"})
    plan = chosen_plan(actor, request.GET.get("plan"))
    context = {
        "plan": plan,
        "views": target_views(plan) if plan else None,
        "form": form,
        "may_build": may_build,
    }
    return render(request, "plans/target.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    plan = plan_for(actor, pk)
    tree = choice(request.GET.get("tree"), TREE_KEYS)
    grain = choice(request.GET.get("grain"), GRAINS)
    view = TreeView(actor, plan, tree)
    rows = view.rows(grain, parse_open(request.GET.get("open")))
    monthly, company = chart_data.plan_monthly_chart(actor, plan)
    funnel = chart_data.funnel_chart(actor, plan)
    own_node = (
        actor.person_id is not None
        and PlanNode.objects.filter(plan=plan, tree="org", person_id=actor.person_id).exists()
    )
    context = {
        "plan": plan,
        "tree": tree,
        "grain": grain,
        "trees": [(key, TREES[key]) for key in TREE_KEYS],
        "rows": rows,
        "columns": rows[0].cells if rows else (),
        "levels": plan.views.get("levels", {}),
        "verdict": target_views(plan),
        "warnings": [explain(w) for w in plan.warnings],
        "monthly_chart": monthly.to_echarts(),
        "monthly_is_company": company,
        "business_type_chart": chart_data.business_type_chart(plan).to_echarts(),
        "tier_chart": chart_data.tier_chart(plan).to_echarts(),
        "funnel_chart": funnel.to_echarts(),
        "funnel_is_empty": funnel.is_empty,
        "own_person_id": actor.person_id if own_node else None,
    }
    return render(request, "plans/detail.html", context)


@login_required
@require_GET
def plan_rows(request: HttpRequest, pk: int, node_id: int) -> HttpResponse:
    """The children rows of a node (htmx); without htmx, the grid with the node expanded."""
    actor = actor_for(request.user)
    plan = plan_for(actor, pk)
    node = node_in_plan(actor, plan, node_id)
    grain = choice(request.GET.get("grain"), GRAINS)
    view = TreeView(actor, plan, node.tree)
    if not _is_htmx(request):
        opened = ",".join(str(n) for n in sorted({node.pk, *view.ancestors(node)}))
        query = urlencode({"tree": node.tree, "grain": grain, "open": opened})
        return redirect(f"{reverse('plans:detail', args=[plan.pk])}?{query}")
    context = {
        "plan": plan,
        "tree": node.tree,
        "grain": grain,
        "rows": view.child_rows(node, grain),
    }
    response = render(request, "plans/detail.html#rows", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def plan_math(request: HttpRequest, pk: int, node_id: int) -> HttpResponse:
    """ "See the math" for a node (no ``period``) or a cell (``?period=YYYY-MM`` or ``q1``..)."""
    actor = actor_for(request.user)
    plan = plan_for(actor, pk)
    node = node_in_plan(actor, plan, node_id)
    key = request.GET.get("period") or None
    math = node_math(actor, plan, node, key)
    context = {
        "plan": plan,
        "math": math,
        "period_unknown": key is not None and math.cell is None,
        "dimension_label": DIMENSIONS.get(node.dimension, node.dimension),
        "tree_label": TREES.get(node.tree, node.tree),
        "may_edit": plan.is_editable and (actor.is_director_or_admin or actor.is_manager),
    }
    return _fragment_or_page(request, "plans/math.html", "panel", context)


@login_required
@require_GET
def plan_person(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    plan = plan_for(actor, pk)
    data = person_plan(actor, plan, person_id)
    node_visible = data.node is not None and data.node.pk in visible_node_ids(actor, plan)
    context = {
        "plan": plan,
        "data": data,
        "node_visible": node_visible,
        "monthly_chart": data.chart.to_echarts(),
    }
    return render(request, "plans/person.html", context)
