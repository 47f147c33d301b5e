"""Writes to projects (opportunities) and their milestones.

A project belongs to its owner: a rep creates and edits only their own, a manager those of
their scope, a director or admin any. Neither a create nor an update may leave the project
owned by someone outside the caller's scope. Deleting a project is for directors and admins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.api.errors import ActionRefusedError, RecordInvalidError
from pacer.api.scoping import may_edit_milestone
from pacer.api.services.common import (
    Resolver,
    apply,
    clean_and_save,
    person_reference,
    reference,
    require_director_or_admin,
    require_in_scope,
)
from pacer.crm.models import STAGE_PROBABILITY, Milestone, Product, ProductLine, Project, Stage


def _project_refs(actor: Actor) -> dict[str, Resolver]:
    return {
        "customer_id": reference(access.customers_for(actor), "customer_id"),
        "owner_id": person_reference(actor, "owner_id"),
        "product_line_id": reference(ProductLine.objects.all(), "product_line_id"),
        "product_id": reference(Product.objects.all(), "product_id"),
    }


def _settle_product_line(project: Project, data: Mapping[str, Any]) -> None:
    """A product implies its product line; naming a different line is an error."""
    if project.product is None:
        return
    if "product_line_id" not in data or project.product_line_id is None:
        project.product_line_id = project.product.product_line_id
    elif project.product_line_id != project.product.product_line_id:
        raise RecordInvalidError(
            {"product_line_id": gettext("所选产品不属于该产品线。")},
        )


@transaction.atomic
def project_create(*, actor: Actor, data: Mapping[str, Any]) -> Project:
    """Create a project; the owner defaults to the caller, the probability to the stage's."""
    project = Project(owner_id=actor.person_id)
    apply(project, data, _project_refs(actor))
    if data.get("probability") is None:
        project.probability = STAGE_PROBABILITY[Stage(project.stage)]
    _settle_product_line(project, data)
    require_in_scope(actor, project.owner_id, "owner_id")
    return clean_and_save(project)


@transaction.atomic
def project_update(*, actor: Actor, project: Project, data: Mapping[str, Any]) -> Project:
    """Apply a partial change; a new stage without a probability takes the stage's default."""
    if not access.may_edit_project(actor, project):
        raise ActionRefusedError(gettext("你只能修改自己或下属负责的项目。"))
    previous_stage = project.stage
    apply(project, data, _project_refs(actor))
    # An invalid stage (e.g. ``null``) is left to full_clean, which names the field.
    stage_changed = project.stage != previous_stage and project.stage in Stage.values
    if stage_changed and data.get("probability") is None:
        project.probability = STAGE_PROBABILITY[Stage(project.stage)]
    _settle_product_line(project, data)
    require_in_scope(actor, project.owner_id, "owner_id")
    return clean_and_save(project)


@transaction.atomic
def project_delete(*, actor: Actor, project: Project) -> None:
    """Delete a project with its milestones; refused (409) while activities refer to it."""
    require_director_or_admin(actor)
    project.delete()


def _milestone_refs(actor: Actor) -> dict[str, Resolver]:
    return {
        "project_id": reference(access.projects_for(actor), "project_id"),
        "owner_id": person_reference(actor, "owner_id"),
    }


@transaction.atomic
def milestone_create(*, actor: Actor, data: Mapping[str, Any]) -> Milestone:
    """Add a milestone to a project the caller may edit; the owner defaults to the project's."""
    milestone = apply(Milestone(), data, _milestone_refs(actor))
    if not access.may_edit_project(actor, milestone.project):
        raise ActionRefusedError(gettext("你只能为自己或下属负责的项目添加关键节点。"))
    if "owner_id" not in data:
        milestone.owner_id = milestone.project.owner_id
    return clean_and_save(milestone)


@transaction.atomic
def milestone_update(*, actor: Actor, milestone: Milestone, data: Mapping[str, Any]) -> Milestone:
    if not may_edit_milestone(actor, milestone):
        raise ActionRefusedError(gettext("你只能修改自己或下属负责的关键节点。"))
    old_project = milestone.project
    apply(milestone, data, _milestone_refs(actor))
    # The owner of a milestone on someone else's project may mark it done, not move it away.
    if milestone.project_id != old_project.pk and not access.may_edit_project(actor, old_project):
        raise ActionRefusedError(gettext("只有项目负责人或其上级可以把关键节点移到别的项目。"))
    return clean_and_save(milestone)
