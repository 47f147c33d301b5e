"""Submissions, system snapshots and manager adjustments: the writes of the rolling forecast.

- ``submission_create``: a person submits their number for the current cycle's window, beside
  the system's roll-up; a number that differs from the system's commit needs a reason. Every
  submission is a new row (a later one in the same cycle supersedes the earlier one for the
  forecast, and both are kept).
- ``system_snapshot_take``: the system's own view of a person for a cycle, once per cycle.
- ``adjustment_create``: a person's direct manager (or a director) sets another number for the
  person's latest submission of the current cycle, with a reason; the submission row and the
  projects behind it are never touched.
Once a cycle is over its forecasts are closed: nothing more is submitted or adjusted for it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.forecasts.cycles import Cycle, cycle_containing, cycle_settings
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.lines import Line, open_amounts, snapshot_lines
from pacer.forecasts.models import ForecastSubmission, ManagerAdjustment, SubmissionSource
from pacer.forecasts.rollups import Components, signed_by_person
from pacer.org.models import Person
from pacer.planning.money import FEN
from pacer.tracking.forecast import Rollup

MAX_NUMBER = Decimal(10) ** 14


def parse_number(value: object, field: str) -> Decimal:
    """A forecast number in yuan: a non-negative amount, kept to the fen."""
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ForecastInputError(
            field, gettext("“%(value)s”不是金额（元）。") % {"value": value}
        ) from None
    if not number.is_finite() or number < 0 or number >= MAX_NUMBER:
        raise ForecastInputError(
            field, gettext("金额须为不小于 0 的数字：%(value)s") % {"value": value}
        )
    return number.quantize(FEN)


def system_view(person: Person, cycle: Cycle, *, as_of: date) -> tuple[Rollup, list[Line]]:
    """The system's roll-up of ``person``'s own projects and orders for the cycle's window.

    Read through ``pacer.access`` as the person: what they own, nothing of their reports.
    """
    own = access.actor_for_person(person)
    settings = cycle_settings()
    projects = access.projects_for(own).filter(owner_id=person.pk)
    lines = snapshot_lines(
        projects, as_of=as_of, closed_since=as_of - timedelta(days=settings.window_days)
    )
    orders = access.orders_for(own).filter(
        signed_date__gte=cycle.window_start,
        signed_date__lt=cycle.window_end,
        signed_date__lte=as_of,
    )
    signed = signed_by_person(list(orders.values_list("person_id", "customer__owner_id", "amount")))
    parts = Components(
        signed.get(person.pk, Decimal(0)), open_amounts(lines, cycle.window_end).get(person.pk, {})
    )
    return parts.rollup(), lines


def _snapshot_row(
    person: Person, cycle: Cycle, *, as_of: date, at: datetime, source: str
) -> ForecastSubmission:
    totals, lines = system_view(person, cycle, as_of=as_of)
    return ForecastSubmission(
        person=person,
        source=source,
        cycle_start=cycle.start,
        window_start=cycle.window_start,
        window_end=cycle.window_end,
        as_of=as_of,
        system_closed=totals.closed,
        system_commit=totals.commit,
        system_best_case=totals.best_case,
        system_pipeline=totals.pipeline,
        number=totals.commit,
        lines=[line.to_json() for line in lines],
        submitted_at=at,
    )


def submission_create(
    *,
    actor: Actor,
    user: User | None,
    number: object,
    reason: str,
    today: date,
    at: datetime,
) -> ForecastSubmission:
    """The actor's own forecast for the current cycle's window (a new row every time)."""
    if actor.person_id is None:
        raise ForecastRefusedError(gettext("只有关联了人员的账号才能提交预测。"))
    person = access.person_for(actor, actor.person_id)
    amount = parse_number(number, "number")
    cycle = cycle_containing(today, cycle_settings())
    with transaction.atomic():
        row = _snapshot_row(person, cycle, as_of=today, at=at, source=SubmissionSource.PERSON)
        reason = reason.strip()
        if amount != row.system_commit and not reason:
            raise ForecastInputError(
                "reason",
                gettext("你的预测 %(number)s 元与系统承诺数 %(commit)s 元不同，请写明原因。")
                % {"number": amount, "commit": row.system_commit},
            )
        row.number = amount
        row.reason = reason
        row.submitted_by = user
        row.save()
    return row


def system_snapshot_take(*, person: Person, today: date, at: datetime) -> ForecastSubmission | None:
    """The system's snapshot of ``person`` for the cycle of ``today``; None if already taken."""
    cycle = cycle_containing(today, cycle_settings())
    with transaction.atomic():
        taken = ForecastSubmission.objects.filter(
            person=person, cycle_start=cycle.start, source=SubmissionSource.SYSTEM
        )
        if taken.exists():
            return None
        row = _snapshot_row(person, cycle, as_of=today, at=at, source=SubmissionSource.SYSTEM)
        row.save()
    return row


def may_adjust(actor: Actor, submission: ForecastSubmission) -> bool:
    """A person's direct manager, or a director or admin, never the person themselves."""
    if submission.source != SubmissionSource.PERSON or actor.person_id == submission.person_id:
        return False
    if actor.is_director_or_admin:
        return True
    return actor.person_id is not None and actor.person_id == submission.person.manager_id


def adjustment_create(
    *,
    actor: Actor,
    user: User | None,
    submission: ForecastSubmission,
    number: object,
    reason: str,
    today: date,
    at: datetime,
) -> ManagerAdjustment:
    """A manager's number for a report's latest submission of the current cycle."""
    if actor.person_id is None or not may_adjust(actor, submission):
        raise ForecastRefusedError(gettext("只有直属上级或总监可以调整他人的预测。"))
    if cycle_containing(today, cycle_settings()).start != submission.cycle_start:
        raise ForecastRefusedError(gettext("这一期的预测已结束，不能再调整。"))
    amount = parse_number(number, "number")
    reason = reason.strip()
    if not reason:
        raise ForecastInputError("reason", gettext("调整预测必须写明原因。"))
    with transaction.atomic():
        latest = (
            ForecastSubmission.objects.filter(
                person_id=submission.person_id,
                cycle_start=submission.cycle_start,
                source=SubmissionSource.PERSON,
            )
            .order_by("-submitted_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if latest != submission.pk:
            raise ForecastRefusedError(gettext("此人本期已有更新的提交，请调整最新的一次。"))
        return ManagerAdjustment.objects.create(
            submission=submission,
            manager_id=actor.person_id,
            user=user,
            number=amount,
            reason=reason,
            at=at,
        )


def effective_number(submission: ForecastSubmission) -> Decimal:
    """The latest adjustment's number, else the submission's own."""
    adjustments = sorted(submission.adjustments.all(), key=lambda a: (a.at, a.pk))
    number: Decimal = adjustments[-1].number if adjustments else submission.number
    return number
