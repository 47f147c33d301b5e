"""Versions of a plan: a new draft from an approved plan, and approval of a checked draft.

An approved plan is never changed in place: ``plan_revise`` copies it (nodes, months, actions,
JSON fields) into a new draft version of the same lineage, and ``plan_version_approve``
approves a draft only when every sum holds, superseding the version it replaces.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext

from pacer.access import actor_for
from pacer.plans.conflicts import plan_decided
from pacer.plans.edits import (
    PlanForbiddenError,
    PlanInvalidError,
    User,
    _editor,
    _login,
    _reason,
)
from pacer.plans.models import Plan, PlanAction, PlanChange, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.services import PlanError, plan_approve
from pacer.plans.validation import plan_validate


@transaction.atomic
def plan_revise(*, plan: Plan, user: User, reason: str) -> Plan:
    """A new draft version of an approved plan: an exact copy the approved one never shares."""
    _editor(user)
    reason = _reason(reason)
    source = Plan.objects.select_for_update().get(pk=plan.pk)
    if source.status != PlanStatus.APPROVED:
        raise PlanError(gettext("只有已批准的计划需要新建版本；草稿可以直接修改"))
    # Lock the whole lineage so two people cannot both open version n+1.
    versions = list(
        Plan.objects.select_for_update().filter(lineage=source.lineage).order_by("version")
    )
    drafts = [p for p in versions if p.status == PlanStatus.DRAFT]
    if drafts:
        raise PlanError(
            gettext("这个计划已有草稿 v%(version)s，请直接修改它") % {"version": drafts[0].version}
        )
    newest = max(p.version for p in versions)
    revision = Plan.objects.create(
        **_copied(source, exclude={"id", "version", "previous", "status", "created_by"}),
        version=newest + 1,
        previous=source,
        status=PlanStatus.DRAFT,
        created_by=_login(user),
        approved_by=None,
        approved_at=None,
        reason=reason,
        edit_version=0,
    )
    _copy_rows(source, revision)
    PlanChange.objects.create(
        plan=revision,
        action="revise",
        who=revision.created_by,
        reason=reason,
        before={"plan": source.pk, "version": source.version, "status": source.status},
        after={"plan": revision.pk, "version": revision.version, "status": revision.status},
    )
    return revision


def _copied(row: Model, *, exclude: set[str]) -> dict[str, Any]:
    """A row's stored values (foreign keys by id), JSON deep-copied, without ``exclude``."""
    skip = exclude | {"created_at", "approved_by", "approved_at", "reason", "edit_version"}
    values = {}
    for field in row._meta.concrete_fields:
        if field.name in skip or field.attname in skip:
            continue
        values[field.attname] = copy.deepcopy(getattr(row, field.attname))
    return values


def _copy_rows(source: Plan, revision: Plan) -> None:
    nodes = list(PlanNode.objects.filter(plan=source).order_by("tree", "position", "pk"))
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    new_id: dict[int, int] = {}
    level = children[None]
    while level:
        created = PlanNode.objects.bulk_create(
            PlanNode(
                **_copied(n, exclude={"id", "plan", "parent"}),
                plan=revision,
                parent_id=new_id.get(n.parent_id) if n.parent_id else None,
            )
            for n in level
        )
        new_id.update({old.pk: row.pk for old, row in zip(level, created, strict=True)})
        level = [c for n in level for c in children[n.pk]]
    PlanPeriod.objects.bulk_create(
        PlanPeriod(**_copied(p, exclude={"id", "node"}), node_id=new_id[p.node_id])
        for p in PlanPeriod.objects.filter(node__plan=source).order_by("node", "start")
    )
    PlanAction.objects.bulk_create(
        PlanAction(**_copied(x, exclude={"id", "plan"}), plan=revision)
        for x in PlanAction.objects.filter(plan=source).order_by("pk")
    )


@transaction.atomic
def plan_version_approve(*, plan: Plan, user: User, reason: str) -> Plan:
    """Approve a draft whose sums all hold; the version it replaces is superseded."""
    actor = actor_for(user)
    if not actor.is_director_or_admin:
        raise PlanForbiddenError(gettext("只有总监和管理员可以批准计划"))
    reason = _reason(reason)
    # Locked first, so two approvals of one draft (or an approval racing an edit) queue up and
    # the second is refused with who approved it and when.
    locked = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("approved_by__person")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.DRAFT:
        raise plan_decided(locked)
    problems = plan_validate(locked)
    if problems:
        raise PlanInvalidError(
            gettext("计划有 %(count)s 处数字对不上，不能批准") % {"count": len(problems)},
            problems,
        )
    login = _login(user)
    if login is None:
        raise PlanForbiddenError(gettext("只有总监和管理员可以批准计划"))
    approved = plan_approve(plan=locked, user=login, reason=reason)
    plan.refresh_from_db()
    return approved
