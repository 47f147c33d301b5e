"""Progress against the plan (docs/track-json.md), as the caller may see it.

- ``GET /track``: the whole report (the same JSON as ``pacer track --format json``);
- ``GET /track/nodes/{node_id}``: one node with its gap attribution, children and funnel;
- ``GET /track/lead-sources``: lead-source effectiveness over a window.
Org nodes outside the caller's scope are left out (a node asked for by id is *not found*);
slipped projects the caller may not see carry no id or name.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError

from pacer.api.auth import actor_of
from pacer.api.schemas.common import Day, PathId, RecordId
from pacer.progress.report import track_report
from pacer.progress.selectors import node_for, track_data, tracked_plan
from pacer.progress.serialize import node_detail_json, sources_json
from pacer.progress.sources import lead_source_report, window_from
from pacer.web import clock

router = Router(tags=["track"])

# Ten years: the report has a row per month of the window.
MAX_WINDOW = timedelta(days=3653)


@router.get("/track", response=dict[str, Any])
def track(
    request: HttpRequest, plan_id: RecordId | None = None, as_of: Day | None = None
) -> dict[str, Any]:
    """Progress at every visible node (default plan: the one of ``as_of``'s fiscal year)."""
    actor = actor_of(request)
    day = as_of or clock.today()
    plan = tracked_plan(actor, plan_id, day)
    if plan is None:
        raise Http404
    return track_data(plan, day, actor)


@router.get("/track/nodes/{node_id}", response=dict[str, Any])
def track_node(request: HttpRequest, node_id: PathId, as_of: Day | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    node = node_for(actor, node_id)
    report = track_report(node.plan, as_of or clock.today(), actor)
    progress = report.node(node.pk)
    if progress is None:  # pragma: no cover - node_for checked it is visible
        raise Http404
    return node_detail_json(report, progress)


@router.get("/track/lead-sources", response=dict[str, Any])
def track_lead_sources(
    request: HttpRequest,
    as_of: Day | None = None,
    start: Day | None = None,
    end: Day | None = None,
) -> dict[str, Any]:
    """Leads of the caller's scope obtained in ``[start, end)`` (default: the 12 months before
    ``as_of``), what became of them by ``as_of``, and where to move budget. The window is at
    most ``MAX_WINDOW`` long."""
    day = as_of or clock.today()
    window = window_from(start, end, day)
    if window is None:
        raise HttpError(422, gettext("开始日期（start）必须早于结束日期（end）"))
    if window.end - window.start > MAX_WINDOW:
        raise HttpError(422, gettext("统计窗口最长 10 年：请缩短 start 到 end 的区间"))
    return sources_json(lead_source_report(actor_of(request), day, window))
