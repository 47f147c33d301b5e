"""Refusing a change made on numbers that are no longer current (optimistic locking).

Every write to a draft plan carries the ``edit_version`` its author saw; when the plan has
moved on, the change is refused with who changed it last, when and why, and the node's current
amount against the one the author sent.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from pacer.org.display import when_label, who_label
from pacer.planning.money import money_text
from pacer.plans.models import Plan, PlanChange, PlanNode, PlanStatus
from pacer.plans.services import PlanError


class PlanConflictError(PlanError):
    """The plan changed since the user opened it (stale ``edit_version``).

    The message names who changed it last and when, and the node's current amount against the
    one the user sent; nothing of the user's change is saved.
    """


def plan_conflict(
    plan: Plan, edit_version: int, *, node: PlanNode | None = None, yours: Decimal | None = None
) -> PlanConflictError:
    """The refusal of a change made on ``edit_version`` of a plan that has moved on since.

    ``yours`` is the amount (yuan) the user wanted for ``node``.
    """
    since = (
        PlanChange.objects.filter(plan=plan, after__edit_version__gt=edit_version)
        .select_related("who", "who__person")
        .order_by("-at", "-pk")
    )
    latest = since.first()
    if latest is None:
        text = gettext("您打开这个计划之后，有人修改了它。")
    else:
        changed = {
            "who": change_author(latest),
            "when": date_format(timezone.localtime(latest.at), "Y-m-d H:i"),
            "reason": latest.reason,
            "count": since.count(),
        }
        if changed["count"] == 1:
            text = (
                gettext("您打开这个计划之后，%(who)s 于 %(when)s 修改了它（原因：%(reason)s）。")
                % changed
            )
        else:
            text = (
                gettext(
                    "您打开这个计划之后，它又被修改了 %(count)s 次，最近一次是 %(who)s 于"
                    " %(when)s（原因：%(reason)s）。"
                )
                % changed
            )
    if node is not None and yours is not None:
        current = PlanNode.objects.filter(pk=node.pk).values_list("amount", flat=True).first()
        if current is not None:
            text += gettext("「%(label)s」现在是 %(current)s 元，您提交的是 %(yours)s 元。") % {
                "label": node.label,
                "current": money_text(current),
                "yours": money_text(yours),
            }
    text += gettext("您的修改没有保存：请查看最新的数字后再调整。")
    return PlanConflictError(text)


def change_author(change: PlanChange) -> str:
    """Who made ``change``: the person's name, else the login, else "系统"."""
    return who_label(change.who)


def plan_decided(plan: Plan) -> PlanConflictError:
    """The refusal to approve ``plan`` again: who approved it and when, or what replaced it."""
    if plan.status == PlanStatus.APPROVED and plan.approved_at is not None:
        return PlanConflictError(
            gettext("这个版本已由 %(who)s 于 %(when)s 批准；只有草稿可以批准。")
            % {"who": who_label(plan.approved_by), "when": when_label(plan.approved_at)}
        )
    return PlanConflictError(
        gettext("只有草稿可以批准：这个版本现在是“%(status)s”。")
        % {"status": plan.get_status_display()}
    )
