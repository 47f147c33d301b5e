from __future__ import annotations

from django.http import HttpRequest

from pacer.access import actor_for


def navigation(request: HttpRequest) -> dict[str, object]:
    actor = actor_for(getattr(request, "user", None))
    return {"actor": actor}
