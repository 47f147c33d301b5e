"""The OpenAPI schema and the docs page."""

from __future__ import annotations

import pytest
from django.test import Client

from pacer.api.docs import ASSETS
from tests.api.routes import ROUTES
from tests.api.test_route_scoping import scoped_elsewhere


@pytest.mark.django_db
def test_openapi_schema_lists_every_route_and_both_auth_schemes() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Pacer API"
    listed = {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}
    assert listed == {route.id for route in ROUTES} | scoped_elsewhere()
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
    project = schema["components"]["schemas"]["ProjectOut"]["properties"]
    assert project["amount"]["type"] == "string"


@pytest.mark.django_db
def test_docs_page_loads_with_its_own_assets() -> None:
    client = Client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/openapi.json" in html
    assert "cdn" not in html.lower()
    for name in ASSETS:
        assert f"/api/docs/assets/{name}" in html
        asset = client.get(f"/api/docs/assets/{name}")
        assert asset.status_code == 200
        assert b"".join(asset.streaming_content)
    assert client.get("/api/docs/assets/settings.py").status_code == 404
    assert client.get("/api/docs/assets/..%2F..%2Fmain.py").status_code == 404
