"""Pacer's REST API (django-ninja), mounted at /api/ by the root URLconf.

- routes: /api/v1/… (see docs/api.md);
- OpenAPI schema: /api/openapi.json; interactive docs: /api/docs.
Every route needs a logged-in session or a bearer token, and reads and writes user-owned data
only through ``pacer.access`` (via ``pacer.api.scoping`` and the services).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from pacer.api import routers
from pacer.api.auth import SessionAuth, TokenAuth
from pacer.api.docs import OfflineSwagger, docs_asset
from pacer.api.errors import install_handlers
from pacer.api.guards import refusing_nul
from pacer.api.openapi import document_refusals
from pacer.api.routers import customers, master, org, projects, records


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese text as is, not as \\u escapes, so answers are readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


class PacerAPI(NinjaAPI):
    """The API whose schema also lists each operation's refusals (401, 403, 404, 409, 422…)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_refusals(schema)
        return schema


api = PacerAPI(
    title="Pacer API",
    version="1",
    description="Pacer 销售目标拆解与追踪 REST API. See docs/api.md.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=OfflineSwagger(),
    renderer=Utf8JSONRenderer(),
)
install_handlers(api)
api.add_decorator(refusing_nul(api), mode="view")

# The core routers first, then every other module of pacer.api.routers that has a ``router``,
# so a feature adds its routes by adding one module.
CORE_ROUTERS = (org, master, customers, projects, records)
for module in CORE_ROUTERS:
    api.add_router("/v1", module.router)
for info in sorted(pkgutil.iter_modules(routers.__path__), key=lambda i: i.name):
    feature = importlib.import_module(f"{routers.__name__}.{info.name}")
    if feature not in CORE_ROUTERS and hasattr(feature, "router"):
        api.add_router("/v1", feature.router)


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset_route(request: HttpRequest, name: str) -> FileResponse:  # noqa: ARG001
    return docs_asset(name)
