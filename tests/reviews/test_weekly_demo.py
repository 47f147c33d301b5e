"""A rep's weekly review on the demo company (week 2026-W24, the week before the reference day):
every number recounted here from the rows, what people write kept across regeneration, and the
workbook read back."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db.models import Q
from openpyxl import load_workbook

from pacer.crm.models import Activity, Lead, Milestone, Project, Stage
from pacer.org.models import AccessRole, Person
from pacer.plans.models import Plan, PlanAction
from pacer.reviews.excel import review_export
from pacer.reviews.models import Review
from pacer.reviews.present import present
from pacer.reviews.services import ReviewError, review_generate, review_update
from pacer.tracking.review_periods import months_back

WEEK_START, WEEK_END = date(2026, 6, 8), date(2026, 6, 15)


def _rep_with_action(plan: Plan) -> Person:
    """The first rep (by id) with a funnel action due in the week."""
    ids = PlanAction.objects.filter(
        plan=plan, due__gte=WEEK_START, due__lt=WEEK_END, person__access_role=AccessRole.REP
    ).values_list("person_id", flat=True)
    return Person.objects.get(pk=min(ids))


def _done_in(person: Person, stage: str, first: date, last: date) -> int:
    """Units of ``stage`` the person did from ``first`` to ``last`` (both included)."""
    if stage == "lead":
        return Lead.objects.filter(person=person, date__gte=first, date__lte=last).count()
    projects = Project.objects.filter(owner=person)
    if stage == "needs":
        return projects.filter(created_date__gte=first, created_date__lte=last).count()
    if stage == "proposal":
        return projects.filter(proposal_sent_date__gte=first, proposal_sent_date__lte=last).count()
    return projects.filter(stage=Stage.WON, closed_date__gte=first, closed_date__lte=last).count()


def _expected_actions(plan: Plan, person: Person) -> list[dict[str, object]]:
    expected = []
    rows = PlanAction.objects.filter(plan=plan, person=person)
    for action in rows.filter(due__gte=WEEK_START, due__lt=WEEK_END).order_by("due", "stage"):
        earlier = rows.filter(stage=action.stage, due__lt=action.due).order_by("-due").first()
        first = (earlier.due if earlier else months_back(action.due, 1)) + timedelta(days=1)
        done = _done_in(person, action.stage, first, action.due)
        expected.append(
            {
                "key": f"{person.pk}:{action.stage}:{action.due.isoformat()}",
                "stage": action.stage,
                "count": action.count,
                "done": done,
                "met": done >= action.count,
                "window_start": first.isoformat(),
            }
        )
    return expected


def test_weekly_review_of_a_rep_matches_the_rows(demo_plan: Plan) -> None:
    rep = _rep_with_action(demo_plan)
    review = review_generate(kind="weekly", person=rep, period_start=date(2026, 6, 10))
    data = review.data
    assert (review.period_start, review.period_end) == (WEEK_START, WEEK_END)
    assert data["period"]["label"] == "2026-W24"
    assert data["plan"]["id"] == demo_plan.pk

    got = [
        {k: a[k] for k in ("key", "stage", "count", "done", "met", "window_start")}
        for a in data["actions"]
    ]
    expected = _expected_actions(demo_plan, rep)
    assert got == expected
    assert data["actions_summary"]["missed"] == sum(1 for a in expected if not a["met"]) >= 1

    activities = Activity.objects.filter(person=rep, date__gte=WEEK_START, date__lt=WEEK_END)
    assert data["activities"]["total"] == activities.count() > 0
    assert {a["kind"]: a["count"] for a in data["activities"]["by_kind"]} == {
        kind: activities.filter(kind=kind).count()
        for kind in set(activities.values_list("kind", flat=True))
    }
    milestones = (
        Milestone.objects.filter(Q(project__owner=rep) | Q(owner=rep))
        .filter(due_date__gte=WEEK_START, due_date__lt=WEEK_END)
        .exclude(project__stage=Stage.LOST)
        .distinct()
    )
    assert sorted(m["id"] for m in data["milestones"]) == sorted(m.pk for m in milestones)
    following = PlanAction.objects.filter(
        plan=demo_plan, person=rep, due__gte=WEEK_END, due__lt=WEEK_END + timedelta(days=7)
    )
    assert len(data["next_week"]["actions"]) == following.count()


def test_what_people_write_survives_regeneration_and_goes_into_the_workbook(
    demo_plan: Plan,
) -> None:
    rep = _rep_with_action(demo_plan)
    review = review_generate(kind="weekly", person=rep, period_start=WEEK_START)
    missed = [a for a in review.data["actions"] if not a["met"]]
    reasons = {a["key"]: f"客户推迟了会议（{a['stage']}）" for a in missed}
    review_update(
        review=review,
        user=None,
        reasons=reasons,
        next_week="每天上午集中约访两家老客户",
        comments="经理已确认",
    )
    again = review_generate(kind="weekly", person=rep, period_start=WEEK_START + timedelta(3))
    assert again.pk == review.pk
    assert Review.objects.count() == 1
    assert again.reasons == reasons
    assert (again.next_week, again.comments) == ("每天上午集中约访两家老客户", "经理已确认")
    assert again.generated_at >= review.generated_at

    buffer = BytesIO()
    review_export(buffer, present(again))
    book = load_workbook(BytesIO(buffer.getvalue()))
    assert book.sheetnames[:4] == ["概要", "动作", "关键节点", "下周动作"]
    summary = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["未完成动作数"] == len(missed)
    assert summary["下周改进"] == "每天上午集中约访两家老客户"
    rows = list(book["动作"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(again.data["actions"])
    for row, action in zip(rows, again.data["actions"], strict=True):
        assert row[0] == rep.name
        assert (row[2], row[3]) == (action["count"], action["done"])
        assert row[5].date() == date.fromisoformat(action["due"])
        assert row[9] == reasons.get(action["key"])


def test_reasons_for_unknown_actions_and_overlong_text_are_refused(demo_plan: Plan) -> None:
    rep = _rep_with_action(demo_plan)
    review = review_generate(kind="weekly", person=rep, period_start=WEEK_START)
    with pytest.raises(ReviewError, match="不是这份复盘中的动作"):
        review_update(review=review, user=None, reasons={"1:lead:2020-01-01": "x"})
    with pytest.raises(ReviewError, match="超过 5000 个字"):
        review_update(review=review, user=None, comments="长" * 5001)
    review.refresh_from_db()
    assert (review.reasons, review.comments) == ({}, "")
