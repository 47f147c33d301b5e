"""The interactive API docs page, served without any outside network access.

django-ninja ships Swagger UI's files inside its package; they are served from there by
``docs_asset`` below, so the docs page also works on a laptop that is offline.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}
)
ASSET_MAX_AGE = 60 * 60 * 24


class OfflineSwagger(DocsBase):
    """Swagger UI pointing at this API's OpenAPI schema; CSRF header added for session calls."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        namespace = api.urls_namespace
        context = {
            "api": api,
            "swagger_settings": json.dumps(settings),
            "assets": {
                name.replace("-", "_").replace(".", "_"): reverse(
                    f"{namespace}:docs-asset", kwargs={"name": name}
                )
                for name in ASSETS
            },
        }
        return render(request, "api/docs.html", context)


def docs_asset(name: str) -> FileResponse:
    """One of Swagger UI's files by name; anything not on the list is a 404."""
    if name not in ASSETS:
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}"
    return response
