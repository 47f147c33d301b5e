"""Checks on every API request before its parameters are read.

A NUL character (U+0000) in the path, a query parameter or a string of a JSON body is refused
with 422 naming where it is: PostgreSQL cannot store it in text, and no business text has one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from pacer.api.errors import field_errors

if TYPE_CHECKING:
    from ninja import NinjaAPI

NUL = "\x00"
Location = tuple[str | int, ...]


def _nul_in(value: Any, where: Location) -> Iterator[Location]:
    """Where in a parsed JSON value a string (or an object key) holds a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*where, key.replace(NUL, "\\u0000"))
            yield from _nul_in(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_in(item, (*where, index))


def nul_location(request: HttpRequest) -> Location | None:
    """The first place of ``request`` that holds a NUL, as a 422 ``loc``; None if none does."""
    if NUL in request.path:
        return ("path",)
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in v for v in values):
            return ("query", name.replace(NUL, "\\u0000"))
    if request.content_type == "application/json" and request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            return None  # not JSON: the operation answers 400 itself
        return next(_nul_in(body, ("body", "payload")), None)
    return None


def refusing_nul(api: NinjaAPI) -> Callable[[Callable[..., HttpResponse]], Callable[..., Any]]:
    """A view decorator for ``api`` that answers 422 to a request holding a NUL character."""

    def decorator(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            where = nul_location(request)
            if where is None:
                return run(request, *args, **kwargs)
            message = gettext("文本中不能含有空字符（\\u0000）")
            (error,) = field_errors({"_": message})
            error["loc"] = list(where)
            return api.create_response(request, {"detail": [error]}, status=422)

        return guarded

    return decorator
