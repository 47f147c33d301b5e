"""The one write of incentives: compute (or recompute) a month's statements.

Recomputing a month when late data has arrived makes a new version of a person's statement only
if something changed (the scheme values, an input or a line); the earlier version stays,
marked superseded and pointing to the new one. An identical result writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from pacer.access import actor_for
from pacer.incentives.inputs import load_month
from pacer.incentives.models import IncentiveStatement, StatementStatus
from pacer.incentives.months import month_end, month_text
from pacer.incentives.schemes import scheme_for, scheme_snapshot, schemes_in_force
from pacer.incentives.statements import Payload, fingerprint, month_payload
from pacer.org.models import Person


class IncentiveError(Exception):
    """A computation that cannot be done; the message says why."""


@dataclass(frozen=True)
class ComputeResult:
    """The month computed: new versions written, and every current statement of the month."""

    month: date
    as_of: date
    created: tuple[IncentiveStatement, ...]
    unchanged: tuple[IncentiveStatement, ...]

    @property
    def statements(self) -> tuple[IncentiveStatement, ...]:
        return tuple(
            sorted((*self.created, *self.unchanged), key=lambda s: (s.person.name, s.person_id))
        )


def incentives_compute(
    *, month: date, as_of: date, user: User | AnonymousUser | None = None
) -> ComputeResult:
    """Compute the statements of ``month`` (any day of it) from the data known on ``as_of``.

    ``user`` is who asks (directors and admins only; ``None`` for the operator's command line).
    """
    start = month.replace(day=1)
    if start > as_of:
        raise IncentiveError(
            gettext("%(month)s 还没有开始（数据截止日 %(as_of)s），不能计算激励")
            % {"month": month_text(start), "as_of": as_of.isoformat()}
        )
    if user is not None and not actor_for(user).is_director_or_admin:
        raise PermissionDenied(gettext("只有总监或管理员可以计算激励。"))
    login = user if isinstance(user, User) else None
    try:
        with transaction.atomic():
            return _compute(start, as_of, login)
    except IntegrityError as exc:
        raise IncentiveError(
            gettext("另一次计算刚刚写入了 %(month)s 的结算单，请重试。")
            % {"month": month_text(start)}
        ) from exc


def _compute(start: date, as_of: date, user: User | None) -> ComputeResult:
    end = month_end(start)
    data = load_month(start, as_of)
    schemes = schemes_in_force(start, end)
    people = Person.objects.filter(
        Q(active_from__isnull=True) | Q(active_from__lt=end),
        Q(active_to__isnull=True) | Q(active_to__gt=start),
    ).order_by("pk")
    month_rows = IncentiveStatement.objects.filter(month=start)
    current = {
        s.person_id: s
        for s in month_rows.filter(status=StatementStatus.CURRENT)
        .select_related("person")
        .select_for_update(of=("self",))
    }
    versions = dict(
        month_rows.values("person_id")
        .annotate(last=Max("version"))
        .order_by("person_id")
        .values_list("person_id", "last")
    )
    now = timezone.now()
    created: list[IncentiveStatement] = []
    unchanged: list[IncentiveStatement] = []
    for person in people:
        scheme = scheme_for(person, schemes)
        if scheme is None:
            continue
        payload = month_payload(person.pk, scheme_snapshot(scheme), data)
        old = current.get(person.pk)
        if old is not None and _same(old, payload):
            unchanged.append(old)
            continue
        if old is not None:
            old.status = StatementStatus.SUPERSEDED
            old.save(update_fields=["status"])
        new = IncentiveStatement.objects.create(
            person=person,
            month=start,
            version=versions.get(person.pk, 0) + 1,
            scheme=scheme,
            scheme_snapshot=payload.scheme,
            inputs=payload.inputs,
            lines=payload.lines,
            sales=payload.sales,
            weighted_sales=payload.weighted_sales,
            attainment=payload.attainment,
            total=payload.total,
            as_of=as_of,
            computed_at=now,
            computed_by=user,
        )
        if old is not None:
            old.superseded_by = new
            old.save(update_fields=["superseded_by"])
        created.append(new)
    return ComputeResult(start, as_of, tuple(created), tuple(unchanged))


def _same(stored: IncentiveStatement, payload: Payload) -> bool:
    return (
        fingerprint(stored.scheme_snapshot, stored.inputs, stored.lines, stored.total)
        == payload.fingerprint()
    )
