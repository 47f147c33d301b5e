"""A team's monthly review on the demo company (June 2026): progress against the plan's months,
the funnel and the lead sources recounted from the rows; the workbook read back."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from pacer.crm.models import Lead, Order, Payment
from pacer.org.models import Team
from pacer.plans.models import Plan, PlanAction, PlanPeriod
from pacer.reviews.excel import review_export
from pacer.reviews.present import present
from pacer.reviews.services import review_generate, review_update

JUNE, JULY, JANUARY = date(2026, 6, 1), date(2026, 7, 1), date(2026, 1, 1)


def _team() -> Team:
    """The demo's largest team without sub-teams."""
    teams = [t for t in Team.objects.all() if not t.children.exists() and t.members.exists()]
    return max(teams, key=lambda t: (t.members.count(), -t.pk))


def _credited(person_id: int | None, owner_id: int | None, members: set[int]) -> bool:
    return person_id in members if person_id is not None else owner_id in members


def _signed(members: set[int], start: date, end: date) -> Decimal:
    orders = Order.objects.filter(signed_date__gte=start, signed_date__lt=end)
    return sum(
        (
            o.amount
            for o in orders.select_related("customer")
            if _credited(o.person_id, o.customer.owner_id, members)
        ),
        Decimal(0),
    ).quantize(Decimal("0.01"))


def _paid(members: set[int], start: date, end: date) -> Decimal:
    payments = Payment.objects.filter(date__gte=start, date__lt=end).select_related(
        "order__customer"
    )
    return sum(
        (
            p.amount
            for p in payments
            if _credited(p.order.person_id, p.order.customer.owner_id, members)
        ),
        Decimal(0),
    ).quantize(Decimal("0.01"))


def _target(plan: Plan, key: str, *, year_to_date: bool = False) -> Decimal:
    periods = PlanPeriod.objects.filter(node__plan=plan, node__tree="org", node__key=key)
    periods = periods.filter(start__lt=JULY) if year_to_date else periods.filter(start=JUNE)
    return sum((p.amount for p in periods), Decimal(0))


def test_monthly_review_of_a_team_matches_the_rows(demo_plan: Plan) -> None:
    team = _team()
    members = set(team.members.values_list("pk", flat=True))
    review = review_generate(kind="monthly", team=team, period_start=date(2026, 6, 20))
    data = review.data
    assert (review.period_start, review.period_end) == (JUNE, JULY)
    assert data["period"]["label"] == "2026-06"
    assert data["subject"] == {"type": "team", "id": team.pk, "name": team.name}

    month, ytd = data["progress"]["month"], data["progress"]["year_to_date"]
    target = _target(demo_plan, f"team:{team.pk}")
    assert target > 0
    assert Decimal(month["target"]) == target
    assert Decimal(month["signed"]) == _signed(members, JUNE, JULY)
    assert Decimal(month["paid"]) == _paid(members, JUNE, JULY)
    assert Decimal(month["signed_attainment"]) == (_signed(members, JUNE, JULY) / target).quantize(
        Decimal("0.0001")
    )
    assert Decimal(ytd["target"]) == _target(demo_plan, f"team:{team.pk}", year_to_date=True)
    assert Decimal(ytd["signed"]) == _signed(members, JANUARY, JULY) > 0
    assert Decimal(ytd["paid"]) == _paid(members, JANUARY, JULY) > 0

    people = {row["id"]: row for row in data["people"]}
    assert set(people) == members
    for pid, row in people.items():
        assert Decimal(row["signed"]) == _signed({pid}, JUNE, JULY)
        assert Decimal(row["target"]) == _target(demo_plan, f"person:{pid}")
    assert sum(Decimal(r["signed"]) for r in data["people"]) == Decimal(month["signed"])

    planned = Counter()
    for action in PlanAction.objects.filter(
        plan=demo_plan, person_id__in=members, due__gte=JUNE, due__lt=JULY
    ):
        planned[action.stage] += action.count
    assert {s["stage"]: s["planned"] for s in data["funnel"]["stages"]} == dict(planned)

    leads = Lead.objects.filter(person_id__in=members, date__gte=JUNE, date__lt=JULY)
    by_source = {s["source"]: s for s in data["lead_sources"]}
    for source, count in Counter(leads.values_list("source", flat=True)).items():
        assert by_source[source]["leads"] == count
        converted = leads.filter(source=source, project__isnull=False).count()
        assert by_source[source]["converted"] == converted
    assert sum(s["leads"] for s in data["lead_sources"]) == leads.count()


def test_monthly_fields_kept_and_exported(demo_plan: Plan) -> None:
    team = _team()
    review = review_generate(kind="monthly", team=team, period_start=JUNE)
    review_update(review=review, user=None, resource_changes="7 月起增加一名售前工程师")
    again = review_generate(kind="monthly", team=team, period_start=JUNE)
    assert again.resource_changes == "7 月起增加一名售前工程师"

    buffer = BytesIO()
    review_export(buffer, present(again))
    book = load_workbook(BytesIO(buffer.getvalue()))
    assert book.sheetnames[:5] == ["概要", "目标进度", "成员", "漏斗", "线索来源"]
    summary = {row[0]: row[1] for row in book["概要"].iter_rows(min_row=2, values_only=True)}
    assert summary["资源调整"] == "7 月起增加一名售前工程师"
    header, month_row, ytd_row = list(book["目标进度"].iter_rows(values_only=True))
    assert header[:3] == ("范围", "目标(元)", "签单(元)")
    progress = again.data["progress"]
    assert month_row[0] == "本月"
    assert Decimal(str(month_row[1])) == Decimal(progress["month"]["target"])
    assert Decimal(str(month_row[2])) == Decimal(progress["month"]["signed"])
    assert Decimal(str(ytd_row[4])) == Decimal(progress["year_to_date"]["paid"])
    people = list(book["成员"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in people) == sorted(p["name"] for p in again.data["people"])
