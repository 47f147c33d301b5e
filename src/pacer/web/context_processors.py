"""What every page's shell needs: who is acting, their person and which menus they get."""

from __future__ import annotations

from django.http import HttpRequest

from pacer import access
from pacer.access import actor_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    actor = actor_for(user)
    # ``first()`` rather than a 404: the shell also renders error pages and must never raise.
    person = (
        access.people_for(actor).filter(pk=actor.person_id).first()
        if actor.person_id is not None
        else None
    )
    match = getattr(request, "resolver_match", None)
    return {
        "actor": actor,
        "current_person": person,
        "nav_manage_data": access.may_manage_data(actor),
        "nav_admin_site": bool(user is not None and getattr(user, "is_staff", False)),
        "nav_audit": actor.is_admin,
        "nav_current": match.view_name if match else "",
    }
