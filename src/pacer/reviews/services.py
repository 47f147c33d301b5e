"""Writes of reviews: generate (or regenerate) one from the data, and fill in its fields.

Generating again rewrites only the generated snapshot; reasons, next week's changes, resource
changes and comments stay as people wrote them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.access import Actor, actor_for
from pacer.org.display import when_label, who_label
from pacer.org.models import AccessRole, DataScope, Person, Team
from pacer.planning.periods import Period
from pacer.reviews.models import Review, ReviewKind
from pacer.reviews.monthly import monthly_data
from pacer.reviews.subjects import SubjectError, person_subject, team_subject
from pacer.reviews.weekly import weekly_data
from pacer.tracking.review_periods import calendar_month, iso_week

# The command line acts for the operator, who sees everything.
OPERATOR = Actor(
    user_id=None, person_id=None, role=AccessRole.ADMIN, scope=DataScope.ALL, people=None
)
MAX_TEXT = 5000


class ReviewError(ValueError):
    """A review that cannot be generated or saved; the message says why, for people."""


class ReviewConflictError(ReviewError):
    """The review was changed by someone else after the writer read it (nothing was saved)."""


def review_period(kind: str, day: date) -> Period:
    """The week (Monday to Monday) or calendar month holding ``day``."""
    if kind == ReviewKind.WEEKLY:
        return iso_week(day)
    if kind == ReviewKind.MONTHLY:
        return calendar_month(day)
    raise ReviewError(_("未知的复盘类型“%(kind)s”（应为 weekly 或 monthly）") % {"kind": kind})


def _actor(user: User | None) -> Actor:
    return OPERATOR if user is None else actor_for(user)


def review_generate(
    *,
    kind: str,
    period_start: date,
    person: Person | None = None,
    team: Team | None = None,
    user: User | None = None,
) -> Review:
    """Generate the review of ``person`` or ``team`` for the period holding ``period_start``.

    ``user`` must see the whole subject (a team: every one of its people); without a user the
    operator acts. The review is created, or its snapshot rewritten when it exists.
    """
    if (person is None) == (team is None):
        raise ReviewError(_("复盘对象须是一个人员或一个团队（二选一）"))
    period = review_period(kind, period_start)
    actor = _actor(user)
    try:
        if person is not None:
            subject = person_subject(actor, person.pk)
        else:
            assert team is not None
            subject = team_subject(actor, team.pk)
    except SubjectError as exc:
        raise ReviewError(str(exc)) from exc
    builder = weekly_data if kind == ReviewKind.WEEKLY else monthly_data
    data = builder(actor, subject, period)
    by = user if user is not None and user.pk is not None else None
    with transaction.atomic():
        review, _created = Review.objects.select_for_update().update_or_create(
            kind=kind,
            person=person,
            team=team,
            period_start=period.start,
            defaults={
                "period_end": period.end,
                "data": data,
                "generated_at": timezone.now(),
                "updated_by": by,
            },
            create_defaults={
                "period_end": period.end,
                "data": data,
                "generated_at": timezone.now(),
                "author": by,
                "updated_by": by,
            },
        )
    return review


def action_keys(review: Review) -> set[str]:
    return {row["key"] for row in review.data.get("actions", [])}


def review_update(
    *,
    review: Review,
    user: User | None,
    reasons: dict[str, str] | None = None,
    next_week: str | None = None,
    resource_changes: str | None = None,
    comments: str | None = None,
    seen_updated_at: datetime | None = None,
) -> Review:
    """Save what people wrote. A reason is kept per action key; an empty reason removes it.

    Fields left ``None`` are not changed. Keys that are not actions of the review are refused.
    ``seen_updated_at`` is the review's ``updated_at`` as the writer read it: when given and the
    review has changed since, nothing is saved (``ReviewConflictError`` names who changed it).
    """
    known = action_keys(review) | set(review.reasons)
    changes: dict[str, Any] = {}
    texts = {"next_week": next_week, "resource_changes": resource_changes, "comments": comments}
    for name, value in texts.items():
        if value is not None:
            changes[name] = _text(value, name)
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if seen_updated_at is not None and _ms(locked.updated_at) != _ms(seen_updated_at):
            raise _changed_meanwhile(locked)
        merged = dict(locked.reasons)
        for key, text in (reasons or {}).items():
            if key not in known:
                raise ReviewError(_("“%(key)s”不是这份复盘中的动作") % {"key": key})
            cleaned = _text(text, key)
            if cleaned:
                merged[key] = cleaned
            else:
                merged.pop(key, None)
        locked.reasons = merged
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_by = user if user is not None and user.pk is not None else None
        previous = locked.updated_at
        locked.save()
        _advance_version(locked, previous)
    return locked


def _advance_version(review: Review, previous: datetime) -> None:
    """Make the saved ``updated_at`` at least a millisecond later than ``previous``.

    ``updated_at`` is the version a writer quotes back; two saves within one millisecond (or a
    clock that steps back) would otherwise leave the version unchanged and let a stale writer in.
    """
    floor = _ms(previous) + timedelta(milliseconds=1)
    if review.updated_at < floor:
        Review.objects.filter(pk=review.pk).update(updated_at=floor)
        review.updated_at = floor


def _ms(moment: datetime) -> datetime:
    """``moment`` to the millisecond, the precision JSON answers carry it with."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _changed_meanwhile(review: Review) -> ReviewConflictError:
    return ReviewConflictError(
        _("您打开这份复盘之后，%(who)s 于 %(when)s 修改了它；您的修改没有保存，请刷新后再填写。")
        % {"who": who_label(review.updated_by), "when": when_label(review.updated_at)}
    )


def _text(value: str, place: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > MAX_TEXT:
        raise ReviewError(
            _("“%(place)s”超过 %(max)s 个字（现为 %(length)s 个）")
            % {"place": place, "max": MAX_TEXT, "length": len(cleaned)}
        )
    return cleaned
