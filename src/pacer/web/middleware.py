"""Choose the interface language of each request.

A logged-in person's own choice (``Person.language``) wins; otherwise the language cookie set
by the switcher; otherwise zh-Hans. The browser's Accept-Language is deliberately ignored:
Pacer is Chinese first, and a company's shared screens should not change language by machine.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from pacer.org.models import Person

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request: HttpRequest) -> str:
    """The language code for ``request`` (one of ``settings.LANGUAGES``)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = Person.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
        if chosen in SUPPORTED:
            return str(chosen)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE


class PersonLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(language_for(request))
        request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
