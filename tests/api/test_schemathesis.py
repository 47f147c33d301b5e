"""Every API operation fed with generated data: no 5xx, and every answer conforms to the schema.

The schema is taken from the ``api`` object and every request goes in-process through the WSGI
application, inside the test's transaction, against the API test world (with a company plan),
once as the director (sees everything) and once as a rep (sees only their own records).

Checks: ``not_a_server_error``, ``status_code_conformance`` (every status is documented: the
refusals are added to each operation by ``pacer.api.openapi``), ``content_type_conformance``
and ``response_schema_conformance``. Not checked, on purpose:

- ``positive_data_acceptance``: a request valid by the schema is still refused by business rules
  (an id that does not exist or is out of scope → 404, a rep writing master data → 403, a delete
  of a referenced record → 409), so a 4xx to schema-valid data is correct here;
- ``negative_data_rejection``: unknown query parameters are ignored, as django-ninja does, so a
  request with an extra parameter is (rightly) answered 200;
- the stateful checks (``use_after_free``, ``ensure_resource_availability``) need links between
  operations, which the schema does not declare; scoping is tested route by route in
  ``test_route_scoping.py``.

Bounded for CI: at most 10 examples per operation as the director and 5 as the rep,
derandomized (the same examples on every run), no deadline (a test's first request warms caches).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pacer.api.services.tokens import api_token_create
from pacer.api.urls import api
from pacer.org.models import Person
from pacer.wsgi import application
from tests.api.conftest import ApiWorld, send, token_client

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
# The rep's pass is about scoped paths: generated examples only, without the coverage phase's
# boundary values (the director's pass sends those to every operation already).
rep_schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
rep_schema.app = application
rep_schema.config.phases.coverage.enabled = False

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def callers(api_world: ApiWorld) -> Iterator[dict[str, dict[str, str]]]:
    """Bearer headers of the director and of a rep, on the API world with its company plan.

    Requests go in-process through the WSGI application, inside the test's transaction.

    A WSGI server closes the database connection after each request; here, as in Django's own
    test client, that is turned off, or the test's transaction would be closed under it.
    """
    api_world.company_plan()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"director": bearer(api_world.world.director), "rep": bearer(api_world.world.rep_a)}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def bearer(person: Person) -> dict[str, str]:
    issued = api_token_create(user=person.user, name="schemathesis")
    return {"Authorization": f"Bearer {issued.secret}"}


def bounded(examples: int) -> settings:
    """At most ``examples`` per operation, the same ones on every run.

    The database fixtures are function-scoped on purpose (hence the health check is off): all
    examples of one operation run in one test transaction, rolled back at the end of its test.
    """
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


@schema.parametrize()
@bounded(10)
def test_operation_as_the_director(
    case: schemathesis.Case, callers: dict[str, dict[str, str]]
) -> None:
    case.call_and_validate(headers=callers["director"], checks=CHECKS)


@rep_schema.parametrize()
@bounded(5)
def test_operation_as_a_rep(case: schemathesis.Case, callers: dict[str, dict[str, str]]) -> None:
    case.call_and_validate(headers=callers["rep"], checks=CHECKS)


# -- inputs the generated runs found: each is a clear 4xx, never a 500 ---------------------------

NUL_BODY = {"code": "x\x00y", "name": "行业"}


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        ("GET", "/api/v1/customers?q=a%00b", None, ["query", "q"]),
        ("POST", "/api/v1/industries", NUL_BODY, ["body", "payload", "code"]),
        ("GET", "/api/v1/customers?offset=15212451016295118274560", None, ["query", "offset"]),
        ("GET", "/api/v1/incentives/statements?month=0000-01", None, ["query", "month"]),
        ("POST", "/api/v1/incentives/compute", {"month": "0000-01"}, ["body", "payload", "month"]),
        ("GET", "/api/v1/forecast/probability?year=100000000000000000000", None, ["query", "year"]),
        ("GET", "/api/v1/track?as_of=0001-01-01", None, ["query", "as_of"]),
        ("PATCH", "/api/v1/projects/{project}", {"stage": None}, ["body", "payload", "stage"]),
        ("POST", "/api/v1/plans", {"year": 2026, "target": "1e30"}, ["body", "payload", "target"]),
    ],
)
def test_bad_input_is_a_422_naming_the_place(
    api_world: ApiWorld, method: str, path: str, body: dict[str, object] | None, where: list[str]
) -> None:
    client = token_client(api_world.world.director)
    url = path.format(project=api_world.world.projects["a"].pk)
    response = send(client, method, url, body)
    assert response.status_code == 422, response.content
    locations = [error["loc"][: len(where)] for error in response.json()["detail"]]
    assert where in locations


def test_a_lead_source_window_longer_than_ten_years_is_refused(api_world: ApiWorld) -> None:
    client = token_client(api_world.world.director)
    response = client.get("/api/v1/track/lead-sources?start=1900-01-01&end=2199-01-01")
    assert response.status_code == 422
    assert "10 年" in response.json()["detail"]


def test_every_operation_documents_its_refusals() -> None:
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert {401, 403} <= set(answers), f"{method} {path}"
            if operation.get("parameters") or "requestBody" in operation:
                assert 422 in answers, f"{method} {path}"
