"""Writes of cross-functional requests: ask, answer, cancel.

Whoever may edit a project (``access.may_edit_project``) may open a request on it and record
the answer the department gave; times are aware datetimes passed in by the caller.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Project
from pacer.org.models import Person
from pacer.sla.models import (
    KIND_DEPARTMENT,
    Department,
    RequestKind,
    RequestStatus,
    ServiceRequest,
)

MAX_NOTE = 5000


class SlaError(ValueError):
    """A request that cannot be saved; the message says why, for people."""


class SlaForbiddenError(SlaError):
    """The caller may not change this project's requests."""


def _check_may_edit(actor: Actor, project: Project) -> None:
    if not access.may_edit_project(actor, project):
        raise SlaForbiddenError(_("您无权为这个项目登记跨部门请求"))


def service_request_create(
    *,
    actor: Actor,
    project: Project,
    kind: str,
    requested_at: datetime,
    department: str = "",
    subject: str = "",
) -> ServiceRequest:
    """Open a request on ``project`` (the department defaults from the kind)."""
    _check_may_edit(actor, project)
    if kind not in RequestKind.values:
        raise SlaError(_("未知的请求类型“%(kind)s”") % {"kind": kind})
    chosen = department or KIND_DEPARTMENT.get(RequestKind(kind), "")
    if not chosen:
        raise SlaError(_("“其他”类请求须选择对接部门"))
    if chosen not in Department.values:
        raise SlaError(_("未知的部门“%(department)s”") % {"department": department})
    if len(subject) > 300:
        raise SlaError(_("请求内容不能超过 300 个字"))
    requester = (
        Person.objects.filter(pk=actor.person_id).first() if actor.person_id is not None else None
    )
    with transaction.atomic():
        return ServiceRequest.objects.create(
            project=project,
            kind=kind,
            department=chosen,
            subject=subject.strip(),
            requested_by=requester,
            requested_at=requested_at,
        )


def service_request_respond(
    *,
    actor: Actor,
    request: ServiceRequest,
    responded_at: datetime,
    note: str = "",
    user_id: int | None = None,
) -> ServiceRequest:
    """Record the department's answer; an answer before the request was asked is refused."""
    _check_may_edit(actor, request.project)
    if responded_at < request.requested_at:
        raise SlaError(
            _("回复时间 %(answered)s 早于发起时间 %(asked)s")
            % {
                "answered": responded_at.isoformat(timespec="minutes"),
                "asked": request.requested_at.isoformat(timespec="minutes"),
            }
        )
    if len(note) > MAX_NOTE:
        raise SlaError(_("回复说明不能超过 %(max)s 个字") % {"max": MAX_NOTE})
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.OPEN:
            raise SlaError(_("这个请求已经回复或取消，不能再登记回复"))
        locked.responded_at = responded_at
        locked.response_note = note.strip()
        locked.responded_by_id = user_id
        locked.status = RequestStatus.ANSWERED
        locked.save()
    return locked
