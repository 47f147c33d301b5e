"""Saving the generated demo company, finding out what the database holds, and clearing it.

Loading writes every table with ``bulk_create`` inside one transaction: all or nothing, and
no query per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import models, transaction

from pacer.crm.models import (
    Activity,
    Contact,
    Customer,
    Industry,
    Lead,
    Milestone,
    Order,
    Partner,
    Payment,
    Product,
    ProductLine,
    Project,
    Region,
)
from pacer.demo.org import ADMIN_SLUG, username
from pacer.demo.profile import DEMO_COMPANY_NAME, USERNAME_PREFIX
from pacer.demo.records import DemoCompany, PersonRecord, ProjectRecord
from pacer.ops.statistics import statistics_refresh
from pacer.org.models import Company, Person, Team

M = TypeVar("M", bound=models.Model)


class CompanyState(StrEnum):
    EMPTY = "empty"  # no Pacer data at all
    DEMO = "demo"  # the demo company
    OTHER = "other"  # someone's own company (or data without a company row)


def company_state() -> tuple[CompanyState, str]:
    """What the database holds, and the company's name ('' when there is no company row)."""
    company = Company.objects.order_by("pk").first()
    if company is not None:
        state = CompanyState.DEMO if company.name == DEMO_COMPANY_NAME else CompanyState.OTHER
        return state, company.name
    for model in (Person, Team, Customer, Project, Order):
        if model.objects.exists():
            return CompanyState.OTHER, ""
    return CompanyState.EMPTY, ""


@transaction.atomic
def pacer_data_clear() -> None:
    """Delete the company's data and the demo logins (``demo-…``).

    The company's data are the rows of the organisation and CRM models and of every Pacer model
    that links to them (plans, reviews, …); logins and their API tokens stay, except the demo
    ones. Links that may be empty are emptied first; then each model is deleted before the
    models it still points to, so protected links never block the reset.
    """
    pacer_models = _company_models()
    for model in pacer_models:
        nullable = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.null and f.related_model in pacer_models
        ]
        if nullable:
            model._default_manager.update(**dict.fromkeys(nullable))
    for model in _referrers_first(pacer_models):
        model._default_manager.all().delete()
    User.objects.filter(username__startswith=USERNAME_PREFIX).delete()


def _company_models() -> list[type[models.Model]]:
    """The organisation and CRM models, and every Pacer model that links to them."""
    pacer = [m for m in apps.get_models() if m.__module__.startswith("pacer.")]
    chosen = [m for m in pacer if m._meta.app_label in {"org", "crm"}]
    grown = True
    while grown:
        extra = [
            m
            for m in pacer
            if m not in chosen
            and any(f.related_model in chosen for f in m._meta.get_fields() if f.is_relation)
        ]
        chosen += extra
        grown = bool(extra)
    return chosen


def _referrers_first(pacer_models: list[type[models.Model]]) -> list[type[models.Model]]:
    """The models ordered so that each comes before every model its required links point to."""
    targets = {
        model: {
            f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation and not f.null and f.related_model in pacer_models
            if f.related_model is not model
        }
        for model in pacer_models
    }
    ordered: list[type[models.Model]] = []
    remaining = list(pacer_models)
    while remaining:
        # A model is free to go once no remaining model still needs it.
        free = [m for m in remaining if not any(m in targets[o] for o in remaining if o is not m)]
        batch = free or remaining[:1]
        ordered += batch
        remaining = [m for m in remaining if m not in batch]
    return ordered


@transaction.atomic
def demo_company_load(*, company: DemoCompany, password: str) -> None:
    """Save ``company`` into an empty database; every demo login gets ``password``."""
    Company.objects.create(
        name=company.name, fiscal_year_start_month=1, currency="CNY", display_unit="wan"
    )
    people = _org(company, make_password(password))
    industries = _save(Industry, [Industry(**vars(r)) for r in company.industries], "code")
    regions = _save(Region, [Region(**vars(r)) for r in company.regions], "code")
    lines = _save(ProductLine, [ProductLine(**vars(r)) for r in company.product_lines], "code")
    products = _save(
        Product,
        [Product(**(vars(r) | {"product_line": lines[r.product_line]})) for r in company.products],
        "code",
    )
    partners = _save(
        Partner,
        [
            Partner(external_id=r.key, name=r.name, region=regions[r.region], owner=people[r.owner])
            for r in company.partners
        ],
    )
    customers = _save(
        Customer,
        [
            Customer(
                external_id=r.key,
                name=r.name,
                industry=industries[r.industry],
                region=regions[r.region],
                owner=people[r.owner],
                partner=partners[r.partner] if r.partner else None,
                renewal_due=r.renewal_due,
                first_order_date=r.first_order_date,
            )
            for r in company.customers
        ],
    )
    Contact.objects.bulk_create(
        Contact(
            external_id=r.key,
            customer=customers[r.customer],
            name=r.name,
            title=r.title,
            phone=r.phone,
        )
        for r in company.contacts
    )
    projects = _save(
        Project,
        [_project(r, customers, people, lines, products) for r in company.projects],
    )
    _crm_records(company, people, customers, projects, lines)
    statistics_refresh()


def _org(company: DemoCompany, password_hash: str) -> dict[str, Person]:
    """Logins, teams and people, with their tree and reporting lines."""
    logins = [username(ADMIN_SLUG), *(p.username for p in company.people)]
    User.objects.filter(username__in=logins).delete()  # leftovers of an earlier demo
    User.objects.create(
        username=username(ADMIN_SLUG),
        password=password_hash,
        email=f"{username(ADMIN_SLUG)}@example.com",
        is_staff=True,
        is_superuser=True,
    )
    users = _save(
        User,
        [User(username=p.username, email=p.email, password=password_hash) for p in company.people],
        "username",
    )
    teams = _save(Team, [Team(external_id=r.key, name=r.name) for r in company.teams])
    people = _save(Person, [_person(r, users, teams) for r in company.people])
    for record in company.people:
        people[record.key].manager = people[record.manager] if record.manager else None
    Person.objects.bulk_update(people.values(), ["manager"])
    for row in company.teams:
        team = teams[row.key]
        team.parent = teams[row.parent] if row.parent else None
        team.leader = people[row.leader] if row.leader else None
    Team.objects.bulk_update(teams.values(), ["parent", "leader"])
    return people


def _person(record: PersonRecord, users: dict[str, User], teams: dict[str, Team]) -> Person:
    return Person(
        external_id=record.key,
        name=record.name,
        user=users[record.username],
        team=teams[record.team],
        position=record.position,
        access_role=record.access_role,
        hire_date=record.hire_date,
        active_from=record.hire_date,
        email=record.email,
    )


def _project(
    r: ProjectRecord,
    customers: dict[str, Customer],
    people: dict[str, Person],
    lines: dict[str, ProductLine],
    products: dict[str, Product],
) -> Project:
    fields = vars(r) | {
        "external_id": r.key,
        "customer": customers[r.customer],
        "owner": people[r.owner],
        "product_line": lines[r.product_line],
        "product": products[r.product] if r.product else None,
    }
    del fields["key"]
    return Project(**fields)


def _crm_records(
    company: DemoCompany,
    people: dict[str, Person],
    customers: dict[str, Customer],
    projects: dict[str, Project],
    lines: dict[str, ProductLine],
) -> None:
    def optional(table: dict[str, M], key: str | None) -> M | None:
        return table[key] if key else None

    Milestone.objects.bulk_create(
        Milestone(
            external_id=r.key,
            project=projects[r.project],
            name=r.name,
            due_date=r.due_date,
            done_date=r.done_date,
            acceptance=r.acceptance,
            owner=people[r.owner],
        )
        for r in company.milestones
    )
    Activity.objects.bulk_create(
        Activity(
            external_id=r.key,
            kind=r.kind,
            date=r.date,
            person=people[r.person],
            customer=optional(customers, r.customer),
            project=optional(projects, r.project),
            outcome=r.outcome,
        )
        for r in company.activities
    )
    Lead.objects.bulk_create(
        Lead(
            external_id=r.key,
            source=r.source,
            date=r.date,
            person=people[r.person],
            company_name=r.company_name,
            customer=optional(customers, r.customer),
            qualified_date=r.qualified_date,
            project=optional(projects, r.project),
        )
        for r in company.leads
    )
    orders = _save(
        Order,
        [
            Order(
                external_id=r.key,
                customer=customers[r.customer],
                project=optional(projects, r.project),
                person=people[r.person],
                product_line=lines[r.product_line],
                business_type=r.business_type,
                amount=r.amount,
                signed_date=r.signed_date,
            )
            for r in company.orders
        ],
    )
    Payment.objects.bulk_create(
        Payment(external_id=r.key, order=orders[r.order], amount=r.amount, date=r.date)
        for r in company.payments
    )


def _save(model: type[M], rows: Sequence[M], key: str = "external_id") -> dict[str, M]:
    """Insert ``rows`` and return them by ``key``, with their new primary keys."""
    created = model._default_manager.bulk_create(rows)
    if any(row.pk is None for row in created):  # a backend that cannot return new ids
        return _refetch(model, [getattr(row, key) for row in created], key)
    return {getattr(row, key): row for row in created}


def _refetch(model: type[M], keys: Iterable[Any], key: str) -> dict[str, M]:
    return {str(k): row for k, row in model._default_manager.in_bulk(keys, field_name=key).items()}
