"""Progress pages (namespace ``progress``): the overview tree, a node, lead sources.

Thin views: reads come from ``progress.report`` / ``progress.sources`` through
``plans.selectors`` and ``pacer.access``. A node the reader may not see is *not found* (404);
projects they may not see are listed without their name.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from pacer.access import Actor, actor_for
from pacer.ops.cache import cached, scope_key
from pacer.ops.dataversion import data_version_pinned
from pacer.plans.labels import DIMENSIONS, TREES
from pacer.plans.models import Plan
from pacer.progress.charts import LeadSourceChart, MonthlyProgressChart
from pacer.progress.config import pace_thresholds
from pacer.progress.labels import SIGNALS, STAGES, WINDOWS, shift_sentence, source_label
from pacer.progress.pages import (
    TREE_KEYS,
    NodePage,
    initial_open,
    most_behind,
    node_page,
    overview_report,
    parse_day,
    parse_open,
    parse_optional_day,
    rows_to_send,
    tree_rows,
)
from pacer.progress.report import TrackReport, track_report
from pacer.progress.selectors import node_for, tracked_plan
from pacer.progress.sources import default_window, lead_source_report, window_from
from pacer.web import clock


def _report_key(plan: Plan, actor: Actor) -> tuple[object, ...]:
    """What a report depends on besides the data: the plan, the viewer (role, person, exact
    scope), the pace thresholds from the settings and the language."""
    return (
        plan.pk,
        actor.role,
        actor.person_id,
        scope_key(actor),
        pace_thresholds(),
        get_language(),
    )


def _report(plan: Plan, as_of: date, actor: Actor) -> TrackReport:
    """The report, computed once per data version for the same plan, day and viewer.

    Reading a large company's actuals takes seconds; the data version (``pacer.ops``) changes
    with every write, so a cached report is never older than the data.
    """
    with data_version_pinned():
        return cached(
            ("track_report", *_report_key(plan, actor)),
            lambda: track_report(plan, as_of, actor),
            today=as_of,
        )


def _overview(plan: Plan, as_of: date, actor: Actor) -> TrackReport:
    """The overview's part of the report (``overview_report``), cached on its own so that the
    page reads back only what it shows."""
    with data_version_pinned():
        return cached(
            ("track_overview", *_report_key(plan, actor)),
            lambda: overview_report(_report(plan, as_of, actor)),
            today=as_of,
            in_process=True,
        )


def _node_page(plan: Plan, as_of: date, actor: Actor, node_id: int) -> NodePage | None:
    """A node's part of the report (``node_page``), cached on its own: the page then reads
    back one node and its neighbours, not the whole company's report."""
    with data_version_pinned():
        return cached(
            ("track_node", node_id, *_report_key(plan, actor)),
            lambda: node_page(_report(plan, as_of, actor), node_id),
            today=as_of,
        )


def _personless(actor: Actor) -> bool:
    return actor.person_id is None and not actor.sees_all


def _plan_id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    as_of, error = parse_day(request.GET.get("as_of"), clock.today())
    if error:
        messages.warning(request, error)
    plan = tracked_plan(actor, _plan_id(request.GET.get("plan")), as_of)
    if plan is None:
        return render(request, "progress/overview.html", {"plan": None, "as_of": as_of})
    tree = request.GET.get("tree")
    tree = tree if tree in TREE_KEYS else TREE_KEYS[0]
    report = _overview(plan, as_of, actor)
    opened = parse_open(request.GET.get("open"))
    rows, partial = rows_to_send(
        tree_rows(report, tree, initial_open(report, tree) if opened is None else opened)
    )
    root = rows[0].progress if rows else None
    behind, behind_count = most_behind(report, tree)
    context = {
        "plan": plan,
        "as_of": as_of,
        "report": report,
        "tree": tree,
        "trees": [(key, TREES[key]) for key in TREE_KEYS],
        "rows": rows,
        "partial": partial,
        "root": root,
        "windows": [(name, WINDOWS[name], root.windows[name]) for name in WINDOWS] if root else [],
        "signals": SIGNALS,
        "behind": behind,
        "behind_count": behind_count,
    }
    return render(request, "progress/overview.html", context)


@login_required
@require_GET
def node_detail(request: HttpRequest, node_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    node = node_for(actor, node_id)
    as_of, error = parse_day(request.GET.get("as_of"), clock.today())
    if error:
        messages.warning(request, error)
    page = _node_page(node.plan, as_of, actor, node.pk)
    if page is None:  # pragma: no cover - node_for checked it is visible
        raise Http404
    progress = page.progress
    chart = MonthlyProgressChart.build(progress, as_of, language=get_language())
    funnel = page.funnel
    context = {
        "plan": node.plan,
        "as_of": as_of,
        "n": progress,
        "dimension_label": DIMENSIONS.get(node.dimension, node.dimension),
        "windows": [(name, WINDOWS[name], progress.windows[name]) for name in WINDOWS],
        "payments": (
            [(name, WINDOWS[name], progress.payments[name]) for name in WINDOWS]
            if progress.payments
            else None
        ),
        "ancestors": page.ancestors,
        "children": page.children,
        "chart": chart.to_echarts(),
        "funnel": funnel,
        "stages": STAGES,
        "signals": SIGNALS,
        "slipped_amount": page.slipped_amount,
        "slipped_count": page.slipped_count,
    }
    return render(request, "progress/node.html", context)


@login_required
@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if _personless(actor):
        return render(request, "web/no_person.html")
    as_of, error = parse_day(request.GET.get("as_of"), clock.today())
    start, start_error = parse_optional_day(request.GET.get("start"), "start")
    end, end_error = parse_optional_day(request.GET.get("end"), "end")
    for message in (error, start_error, end_error):
        if message:
            messages.warning(request, message)
    window = window_from(start, end, as_of)
    if window is None:
        messages.warning(request, gettext("开始日期必须早于结束日期，已显示最近 12 个月。"))
        window = default_window(as_of)
    report = lead_source_report(actor, as_of, window)
    chart = LeadSourceChart.build(report.rows)
    context = {
        "as_of": as_of,
        "report": report,
        "chart": chart.to_echarts(),
        "chart_is_empty": chart.is_empty,
        "recommendations": [shift_sentence(s) for s in report.shifts],
        "rows": [{"stats": s, "label": source_label(s.source)} for s in report.rows],
    }
    return render(request, "progress/sources.html", context)
