"""Pacer's REST API (django-ninja), mounted at /api/ by the root URLconf.

- routes: /api/v1/… (see docs/api.md);
- OpenAPI schema: /api/openapi.json; interactive docs: /api/docs.
Every route needs a logged-in session or a bearer token, and reads and writes user-owned data
only through ``pacer.access`` (via ``pacer.api.scoping`` and the services).
"""

from __future__ import annotations

import importlib
import pkgutil

from django.http import FileResponse, HttpRequest
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from pacer.api import routers
from pacer.api.auth import SessionAuth, TokenAuth
from pacer.api.docs import OfflineSwagger, docs_asset
from pacer.api.errors import install_handlers
from pacer.api.routers import customers, master, org, projects, records


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese text as is, not as \\u escapes, so answers are readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Pacer API",
    version="1",
    description="Pacer 销售目标拆解与追踪 REST API. See docs/api.md.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=OfflineSwagger(),
    renderer=Utf8JSONRenderer(),
)
install_handlers(api)

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
