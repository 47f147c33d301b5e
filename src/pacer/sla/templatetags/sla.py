"""``{% load sla %}{% sla_flags project %}``: a project's open and breached requests.

Made for the project page: it shows nothing when the project has no open or breached request.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from pacer.access import actor_for
from pacer.crm.models import Project
from pacer.sla.selectors import project_flags

register = template.Library()


@register.inclusion_tag("sla/_project_flags.html", takes_context=True)
def sla_flags(context: dict[str, Any], project: Project) -> dict[str, Any]:
    request = context.get("request")
    actor = actor_for(getattr(request, "user", None))
    return {"project": project, "flags": project_flags(actor, project, now=timezone.now())}
