"""The API test world: the shared world plus a contact, milestone, activity and lead per rep,
and helpers that call the API as a given person with a bearer token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.test import Client

from pacer.api.services.tokens import api_token_create
from pacer.crm.models import (
    Activity,
    ActivityKind,
    Contact,
    Industry,
    Lead,
    LeadSource,
    Milestone,
    Product,
    ProductLine,
    Region,
)
from pacer.org.models import Person
from pacer.plans.models import Plan
from pacer.plans.services import plan_build
from tests.world import World

KEYS = ("a", "b", "c")


@dataclass
class ApiWorld:
    world: World
    contacts: dict[str, Contact]
    milestones: dict[str, Milestone]
    activities: dict[str, Activity]
    leads: dict[str, Lead]
    product: Product
    plan: Plan | None = None

    def rep(self, key: str) -> Person:
        return {"a": self.world.rep_a, "b": self.world.rep_b, "c": self.world.rep_c}[key]

    def record(self, resource: str, key: str) -> models.Model:
        """The record of ``resource`` belonging to rep ``key`` (master data: the shared one)."""
        w = self.world
        owned: dict[str, Any] = {
            "people": {k: self.rep(k) for k in KEYS},
            "teams": {"a": w.south, "b": w.south, "c": w.east},
            "customers": w.customers,
            "contacts": self.contacts,
            "projects": w.projects,
            "milestones": self.milestones,
            "activities": self.activities,
            "leads": self.leads,
            "orders": w.orders,
            "payments": w.payments,
        }
        if resource in owned:
            return owned[resource][key]
        if resource == "plans":
            return self.company_plan()
        shared: dict[str, models.Model] = {
            "industries": Industry.objects.get(code="3c"),
            "regions": Region.objects.get(code="prd"),
            "product-lines": ProductLine.objects.get(code="plc-std"),
            "products": self.product,
        }
        return shared[resource]

    def company_plan(self) -> Plan:
        """The company's plan (built on first use: plans are read by all, like master data)."""
        if self.plan is None:
            self.plan = plan_build(year=2026, target=Decimal("1000000.00"), as_of=date(2026, 6, 15))
        return self.plan


def build_api_world(world: World) -> ApiWorld:
    line = ProductLine.objects.get(code="plc-std")
    product = Product.objects.create(code="PLC-100", name="标准PLC 100", product_line=line)
    contacts, milestones, activities, leads = {}, {}, {}, {}
    for key in KEYS:
        rep, customer, project = world_rep(world, key), world.customers[key], world.projects[key]
        contacts[key] = Contact.objects.create(customer=customer, name=f"联系人{key}")
        milestones[key] = Milestone.objects.create(
            project=project, name=f"方案评审{key}", due_date=date(2026, 6, 30), owner=rep
        )
        activities[key] = Activity.objects.create(
            kind=ActivityKind.VISIT,
            date=date(2026, 5, 6),
            person=rep,
            customer=customer,
            project=project,
            outcome="客户有意向",
        )
        leads[key] = Lead.objects.create(
            source=LeadSource.EXHIBITION,
            date=date(2026, 3, 1),
            person=rep,
            company_name=f"展会客户{key}",
            project=project,
        )
    return ApiWorld(world, contacts, milestones, activities, leads, product)


def world_rep(world: World, key: str) -> Person:
    return {"a": world.rep_a, "b": world.rep_b, "c": world.rep_c}[key]


@pytest.fixture
def api_world(world: World) -> ApiWorld:
    return build_api_world(world)


def token_client(person: Person) -> Client:
    """A test client that sends a fresh bearer token of ``person``'s login."""
    issued = api_token_create(user=person.user, name="test")
    return Client(headers={"Authorization": f"Bearer {issued.secret}"})


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call ``path`` with ``method``; a body is sent as JSON."""
    call = getattr(client, method.lower())
    if body is None:
        return call(path)
    return call(path, data=json.dumps(body), content_type="application/json")


def snapshot(record: models.Model) -> dict[str, Any]:
    """The record's stored fields as they are in the database now (``None`` if deleted)."""
    fresh = type(record)._default_manager.filter(pk=record.pk).first()
    return model_to_dict(fresh) if fresh is not None else {}
