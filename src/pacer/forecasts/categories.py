"""Changing a project's forecast category, logged with who, when, before, after and why.

The project's owner may change it, and so may whoever has the owner in their scope (their
managers) and directors and admins (``pacer.access.may_edit_project``). Only open projects
have a category to change: a won project counts as signed, a lost one not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Project
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.lines import default_category
from pacer.forecasts.models import CategoryChange, ProjectCategory
from pacer.tracking.forecast import Category


@dataclass(frozen=True)
class ProjectCategoryView:
    project: Project
    category: Category
    chosen: bool


def category_view(project: Project) -> ProjectCategoryView:
    row = ProjectCategory.objects.filter(project=project).first()
    if row is None:
        return ProjectCategoryView(project, default_category(project.stage), chosen=False)
    return ProjectCategoryView(project, Category(row.category), chosen=True)


def parse_category(value: object) -> Category:
    try:
        return Category(str(value))
    except ValueError:
        raise ForecastInputError(
            "category",
            gettext("“%(value)s”不是预测类别（commit / best_case / pipeline / omitted）。")
            % {"value": value},
        ) from None


def category_set(
    *,
    actor: Actor,
    user: User | None,
    project: Project,
    category: object,
    reason: str,
    at: datetime,
) -> ProjectCategoryView:
    """Set the category of a visible open project; a real change is logged, a same one is not."""
    if not access.may_edit_project(actor, project):
        raise ForecastRefusedError(gettext("你不能修改这个项目的预测类别。"))
    if not project.is_open:
        raise ForecastInputError("category", gettext("只有在跟项目才有预测类别。"))
    chosen = parse_category(category)
    with transaction.atomic():
        # The project row is the lock: two people changing one category queue up, so each
        # logged change starts from the category the previous one left (no change lost).
        Project.objects.select_for_update().filter(pk=project.pk).first()
        current = category_view(project)
        if current.category is chosen and current.chosen:
            return current
        ProjectCategory.objects.update_or_create(
            project=project, defaults={"category": chosen.value, "set_by": user, "set_at": at}
        )
        if current.category is not chosen:
            CategoryChange.objects.create(
                project=project,
                who=user,
                at=at,
                before=current.category.value,
                after=chosen.value,
                reason=reason.strip(),
            )
    return ProjectCategoryView(project, chosen, chosen=True)
