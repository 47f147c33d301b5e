"""Gap attribution on the demo company: the funnel bottleneck and projects that slipped."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from pacer.crm.models import BusinessType, Lead, Project, Stage
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod
from pacer.progress.report import track_report
from pacer.progress.selectors import track_data
from pacer.progress.serialize import node_detail_json
from tests.plans.conftest import DEMO_DAY

NEW_BUSINESS = (BusinessType.NEW_CUSTOMER, BusinessType.NEW_PRODUCT)


def _done(person_id: int, since: date) -> dict[str, int]:
    """Each stage done by ``person_id`` in ``[since, DEMO_DAY)``, counted from the rows."""
    leads = Lead.objects.filter(person_id=person_id, date__gte=since, date__lt=DEMO_DAY)
    projects = list(Project.objects.filter(owner_id=person_id, business_type__in=NEW_BUSINESS))

    def inside(day: date | None) -> bool:
        return day is not None and since <= day < DEMO_DAY

    return {
        "lead": leads.count(),
        "needs": sum(inside(p.created_date) for p in projects),
        "proposal": sum(inside(p.proposal_sent_date) for p in projects),
        "won": sum(p.stage == Stage.WON and inside(p.closed_date) for p in projects),
    }


def test_a_person_behind_pace_names_the_bottleneck_stage(demo_plan: Plan) -> None:
    data = track_data(demo_plan, DEMO_DAY, None)
    people = {n["id"]: n for n in data["trees"]["org"] if n["dimension"] == "person"}
    gaps = [g for g in data["gaps"] if g["node_id"] in people]
    assert gaps, "the demo has people behind pace"
    first_due = min(PlanAction.objects.filter(plan=demo_plan).values_list("due", flat=True))
    since = min(first_due.replace(day=1), date(2026, 1, 1))
    named = 0
    for gap in gaps:
        node = people[gap["node_id"]]
        assert node["signal"] in {"yellow", "red"}
        assert float(gap["pace_gap"]) < 0
        done = _done(node["person_id"], since)
        planned = {
            stage: sum(
                PlanAction.objects.filter(
                    plan=demo_plan, person_id=node["person_id"], stage=stage, due__lt=DEMO_DAY
                ).values_list("count", flat=True)
            )
            for stage in ("lead", "needs", "proposal", "won")
        }
        stages = {s["stage"]: s for s in gap["funnel"]["stages"]}
        assert {s: stages[s]["done"] for s in stages} == done, node["label"]
        assert {s: stages[s]["planned"] for s in stages} == planned, node["label"]
        bottleneck = gap["funnel"]["bottleneck"]
        if bottleneck is None:
            continue
        named += 1
        stage = bottleneck["to_stage"]
        assert stages[stage]["done"] < stages[stage]["planned"]
        label = {"lead": "线索", "needs": "需求对接", "proposal": "方案", "won": "签单"}[stage]
        assert label in bottleneck["sentence"]
        assert "瓶颈" in bottleneck["sentence"]
    assert named >= 1


def _backing(plan: Plan) -> tuple[PlanNode, PlanPeriod, Project]:
    """A person's future month backed by an open project."""
    periods = PlanPeriod.objects.filter(
        node__plan=plan, node__dimension="person", start__gte=date(2026, 7, 1)
    ).select_related("node")
    for period in periods.order_by("start", "node__position"):
        for pid in period.project_ids:
            project = Project.objects.get(pk=pid)
            if project.is_open and project.expected_sign_date in range_of(period):
                return period.node, period, project
    raise AssertionError


def range_of(period: PlanPeriod) -> list[date]:
    return [period.start + timedelta(days=i) for i in range((period.end - period.start).days)]


def _slipped_ids(plan: Plan, node_id: int) -> dict[int | None, str]:
    report = track_report(plan, DEMO_DAY)
    node = report.node(node_id)
    assert node is not None
    return {s.project_id: s.kind for s in node.slipped}


def test_a_project_moved_out_of_its_month_shows_up_as_slipped(demo_plan: Plan) -> None:
    node, period, project = _backing(demo_plan)
    assert project.pk not in _slipped_ids(demo_plan, node.pk)
    project.expected_sign_date = period.end + timedelta(days=20)
    project.save()
    report = track_report(demo_plan, DEMO_DAY)
    slipped_nodes = {
        n.node.id: s
        for nodes in report.trees.values()
        for n in nodes
        for s in n.slipped
        if s.project_id == project.pk
    }
    # The person's node and every node above it that counted on the project in that month.
    assert node.pk in slipped_nodes
    assert node.parent_id in slipped_nodes
    backed_elsewhere = {
        p.node_id
        for p in PlanPeriod.objects.filter(node__plan=demo_plan, start=period.start)
        if project.pk in p.project_ids
    }
    assert set(slipped_nodes) == backed_elsewhere
    slipped = slipped_nodes[node.pk]
    assert slipped.kind == "postponed"
    assert slipped.amount == project.amount
    assert slipped.period.start == period.start
    assert slipped.expected_sign_date == project.expected_sign_date
    assert slipped.name == project.name
    # The node's JSON (API and node page) lists it in its gap attribution.
    report_node = report.node(node.pk)
    assert report_node is not None
    gap = node_detail_json(report, report_node)["gap"]
    listed = {s["project_id"]: s for s in gap["slipped"]}
    assert listed[project.pk]["kind"] == "postponed"
    assert listed[project.pk]["name"] == project.name
    assert listed[project.pk]["month"] == period.start.isoformat()[:7]
    assert Decimal(gap["slipped_amount"]) == sum(
        (s.amount for s in report_node.slipped), Decimal(0)
    )

    project.stage = Stage.LOST
    project.save()
    assert _slipped_ids(demo_plan, node.pk)[project.pk] == "lost"


def test_a_backing_project_still_open_after_its_month_is_overdue(demo_plan: Plan) -> None:
    node, period, project = _backing(demo_plan)
    later = period.end + timedelta(days=3)
    assert _slipped_ids_on(demo_plan, node.pk, later)[project.pk] == "overdue"
    project.stage = Stage.WON
    project.save()
    assert project.pk not in _slipped_ids_on(demo_plan, node.pk, later)


def _slipped_ids_on(plan: Plan, node_id: int, day: date) -> dict[int | None, str]:
    node = track_report(plan, day).node(node_id)
    assert node is not None
    return {s.project_id: s.kind for s in node.slipped}
