"""The table of every API route, with what each needs to be exercised as each role.

``test_every_route_is_in_the_table`` fails when a route exists that is not listed here, so a new
route cannot escape the scoping tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from pacer.crm.models import (
    Contact,
    Customer,
    Industry,
    Product,
    ProductLine,
    Project,
    Region,
)
from tests.api.conftest import ApiWorld

Body = Callable[[ApiWorld, str], dict[str, Any]]
Fresh = Callable[[ApiWorld], models.Model]


@dataclass(frozen=True)
class Route:
    """One API operation.

    - ``kind``: me / list / detail / create / update / delete;
    - ``body``: for create, a body that puts the new record in rep ``key``'s scope; for update,
      the patch (``check`` names the field it changes);
    - ``director_only``: only directors and admins may do this;
    - ``foreign_create``: the answer when rep_a (or manager_south) creates a record in the
      scope of someone they do not see: 403 (refused assignment) or 422 (the referenced
      customer / project / order is not theirs, reported as unknown);
    - ``foreign``: the rep whose record rep_a must not see (teams: rep_c's team, because rep_b
      is in rep_a's own team);
    - ``master``: master data, shared by everyone (read by all, written by directors/admins);
    - ``fresh``: for deletes, makes an unreferenced record belonging to rep_c.

    A route of another kind (``approve``) is exercised here only as an anonymous caller; its
    own test module tests it role by role and names it in ``ROUTE_IDS``.
    """

    method: str
    path: str
    resource: str
    kind: str
    body: Body | None = None
    check: str | None = None
    director_only: bool = False
    foreign_create: int = 403
    foreign: str = "b"
    master: bool = False
    fresh: Fresh | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, record: models.Model | None = None) -> str:
        if "{" not in self.path:
            return self.path
        assert record is not None
        head, _, rest = self.path.partition("{")
        return head + str(record.pk) + rest.partition("}")[2]


def _rename(value: str) -> Body:
    return lambda w, key: {"name": value}


def _code_and_name(w: ApiWorld, key: str) -> dict[str, Any]:
    return {"code": f"new-{key}", "name": f"新建{key}"}


def _master(resource: str, param: str, create: Body, fresh: Fresh) -> list[Route]:
    base = f"/api/v1/{resource}"
    item = f"{base}/{{{param}}}"
    return [
        Route("GET", base, resource, "list", master=True),
        Route("GET", item, resource, "detail", master=True),
        Route("POST", base, resource, "create", body=create, director_only=True, master=True),
        Route(
            "PATCH",
            item,
            resource,
            "update",
            body=_rename("改名后"),
            check="name",
            director_only=True,
            master=True,
        ),
        Route("DELETE", item, resource, "delete", director_only=True, master=True, fresh=fresh),
    ]


def _line(w: ApiWorld) -> ProductLine:
    return ProductLine.objects.get(code="plc-std")


def _record_routes(
    resource: str,
    param: str,
    *,
    create: Body | None = None,
    update: Body | None = None,
    check: str = "name",
    delete: Fresh | None = None,
    foreign_create: int = 403,
    create_director_only: bool = False,
) -> list[Route]:
    base = f"/api/v1/{resource}"
    item = f"{base}/{{{param}}}"
    routes = [Route("GET", base, resource, "list"), Route("GET", item, resource, "detail")]
    if create is not None:
        routes.append(
            Route(
                "POST",
                base,
                resource,
                "create",
                body=create,
                foreign_create=foreign_create,
                director_only=create_director_only,
            )
        )
    if update is not None:
        routes.append(Route("PATCH", item, resource, "update", body=update, check=check))
    if delete is not None:
        routes.append(Route("DELETE", item, resource, "delete", director_only=True, fresh=delete))
    return routes


ROUTES: list[Route] = [
    Route("GET", "/api/v1/me", "people", "me"),
    Route("GET", "/api/v1/people", "people", "list"),
    Route("GET", "/api/v1/people/{person_id}", "people", "detail"),
    Route("GET", "/api/v1/teams", "teams", "list", foreign="c"),
    Route("GET", "/api/v1/teams/{team_id}", "teams", "detail", foreign="c"),
    *_master(
        "industries",
        "industry_id",
        _code_and_name,
        lambda w: Industry.objects.create(code="tmp", name="待删"),
    ),
    *_master(
        "regions",
        "region_id",
        _code_and_name,
        lambda w: Region.objects.create(code="tmp", name="待删"),
    ),
    *_master(
        "product-lines",
        "product_line_id",
        _code_and_name,
        lambda w: ProductLine.objects.create(code="tmp", name="待删"),
    ),
    *_master(
        "products",
        "product_id",
        lambda w, key: {**_code_and_name(w, key), "product_line_id": _line(w).pk},
        lambda w: Product.objects.create(code="tmp", name="待删", product_line=_line(w)),
    ),
    *_record_routes(
        "customers",
        "customer_id",
        create=lambda w, key: {"name": f"新客户{key}", "owner_id": w.rep(key).pk},
        update=_rename("改名客户"),
        delete=lambda w: Customer.objects.create(name="待删客户", owner=w.rep("c")),
    ),
    *_record_routes(
        "contacts",
        "contact_id",
        create=lambda w, key: {"customer_id": w.world.customers[key].pk, "name": "新联系人"},
        update=lambda w, key: {"title": "采购经理"},
        check="title",
        delete=lambda w: Contact.objects.create(customer=w.world.customers["c"], name="待删"),
        foreign_create=422,
    ),
    *_record_routes(
        "projects",
        "project_id",
        create=lambda w, key: {
            "name": f"新项目{key}",
            "customer_id": w.world.customers[key].pk,
            "owner_id": w.rep(key).pk,
            "amount": "300000.00",
            "stage": "needs",
        },
        update=lambda w, key: {"amount": "650000.00"},
        check="amount",
        delete=lambda w: Project.objects.create(
            name="待删项目", owner=w.rep("c"), customer=w.world.customers["c"]
        ),
        foreign_create=422,
    ),
    *_record_routes(
        "milestones",
        "milestone_id",
        create=lambda w, key: {
            "project_id": w.world.projects[key].pk,
            "name": "签约",
            "due_date": "2026-08-31",
        },
        update=lambda w, key: {"done_date": "2026-06-28"},
        check="done_date",
        foreign_create=422,
    ),
    *_record_routes("activities", "activity_id"),
    *_record_routes("leads", "lead_id"),
    *_record_routes(
        "orders",
        "order_id",
        create=lambda w, key: {
            "customer_id": w.world.customers[key].pk,
            "person_id": w.rep(key).pk,
            "amount": "88000.00",
            "signed_date": "2026-06-01",
        },
        create_director_only=True,
    ),
    *_record_routes(
        "payments",
        "payment_id",
        create=lambda w, key: {
            "order_id": w.world.orders[key].pk,
            "amount": "8000.00",
            "date": "2026-06-20",
        },
        create_director_only=True,
    ),
    # Plans are the company's, read by everyone (narrowed inside, see test_plans_api) and
    # built and approved by directors and admins.
    Route("GET", "/api/v1/plans", "plans", "list", master=True),
    Route("GET", "/api/v1/plans/{plan_id}", "plans", "detail", master=True),
    Route(
        "POST",
        "/api/v1/plans",
        "plans",
        "create",
        body=lambda w, key: {"year": 2026, "target": "2000000.00", "name": f"新计划{key}"},
        director_only=True,
        master=True,
    ),
    Route(
        "POST",
        "/api/v1/plans/{plan_id}/approve",
        "plans",
        "approve",
        director_only=True,
        master=True,
    ),
]


KINDS = ("me", "list", "detail", "create", "update", "delete")


def routes(*, master: bool | None = None, kinds: tuple[str, ...] = KINDS) -> list[Route]:
    return [
        route
        for route in ROUTES
        if (master is None or route.master == master) and route.kind in kinds
    ]
