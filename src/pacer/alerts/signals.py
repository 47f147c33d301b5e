"""Evaluate the alerts of a project, milestone, activity or customer again when it changes.

The evaluation runs after the change is committed, so it reads the saved data and a failure in
it never undoes the change (it is logged). Bulk writes (imports, the demo loader) send no
signals: run ``pacer alerts run`` after them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pacer.crm.models import Activity, Customer, Milestone, Project

WATCHED = (Project, Milestone, Activity, Customer)


def subjects_of(instance: Any) -> dict[str, set[int]]:
    """The subjects whose alerts may change when ``instance`` changes."""
    projects: set[int] = set()
    milestones: set[int] = set()
    customers: set[int] = set()
    if isinstance(instance, Project):
        projects.add(instance.pk)
        if instance.customer_id:
            customers.add(instance.customer_id)
    elif isinstance(instance, Milestone):
        milestones.add(instance.pk)
        projects.add(instance.project_id)
    elif isinstance(instance, Activity):
        if instance.project_id:
            projects.add(instance.project_id)
        if instance.customer_id:
            customers.add(instance.customer_id)
    elif isinstance(instance, Customer):
        customers.add(instance.pk)
    return {"projects": projects, "milestones": milestones, "customers": customers}


def refresh(subjects: dict[str, set[int]]) -> None:
    """Evaluate these subjects (and a project's milestones) for today."""
    from pacer.alerts.engine import alerts_refresh
    from pacer.web import clock

    milestones = set(subjects["milestones"])
    if subjects["projects"]:
        milestones |= set(
            Milestone.objects.filter(project_id__in=subjects["projects"]).values_list(
                "pk", flat=True
            )
        )
    alerts_refresh(
        as_of=clock.today(),
        projects=subjects["projects"],
        milestones=milestones,
        customers=subjects["customers"],
    )


def on_change(sender: type, instance: Any, **kwargs: Any) -> None:  # noqa: ARG001
    if kwargs.get("raw"):
        return
    subjects = subjects_of(instance)
    transaction.on_commit(partial(refresh, subjects), robust=True)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(on_change, sender=model, dispatch_uid=f"alerts-save-{model.__name__}")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"alerts-del-{model.__name__}")
