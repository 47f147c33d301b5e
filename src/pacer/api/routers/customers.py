"""Customers and contacts, limited to the caller's scope."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Router, Status
from ninja.pagination import paginate

from pacer import access
from pacer.api import scoping
from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.customers import (
    ContactFilter,
    ContactIn,
    ContactOut,
    CustomerFilter,
    CustomerIn,
    CustomerOut,
)
from pacer.api.services import customers as services
from pacer.crm.models import Contact, Customer

router = Router(tags=["customers"])


@router.get("/customers", response=list[CustomerOut])
@paginate(Pagination)
def customer_list(request: HttpRequest, filters: Query[CustomerFilter]) -> QuerySet[Customer]:
    customers = access.customers_for(actor_of(request))
    if filters.owner_id is not None:
        customers = customers.filter(owner_id=filters.owner_id)
    if filters.industry_id is not None:
        customers = customers.filter(industry_id=filters.industry_id)
    if filters.region_id is not None:
        customers = customers.filter(region_id=filters.region_id)
    if filters.renewal_due_from is not None:
        customers = customers.filter(renewal_due__gte=filters.renewal_due_from)
    if filters.renewal_due_to is not None:
        customers = customers.filter(renewal_due__lte=filters.renewal_due_to)
    if filters.q:
        customers = customers.filter(name__icontains=filters.q)
    return customers.order_by("name", "pk")


@router.get("/customers/{customer_id}", response=CustomerOut)
def customer_detail(request: HttpRequest, customer_id: PathId) -> Customer:
    return access.customer_for(actor_of(request), customer_id)


@router.post("/customers", response={201: CustomerOut})
def customer_create(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.customer_create(actor=actor_of(request), data=data))


@router.patch("/customers/{customer_id}", response=CustomerOut)
def customer_update(
    request: HttpRequest, customer_id: PathId, payload: PatchDict[CustomerIn]
) -> Customer:
    actor = actor_of(request)
    customer = access.customer_for(actor, customer_id)
    return services.customer_update(actor=actor, customer=customer, data=payload)


@router.delete("/customers/{customer_id}", response={204: None})
def customer_delete(request: HttpRequest, customer_id: PathId) -> Status[None]:
    actor = actor_of(request)
    services.customer_delete(actor=actor, customer=access.customer_for(actor, customer_id))
    return Status(204, None)


@router.get("/contacts", response=list[ContactOut])
@paginate(Pagination)
def contact_list(request: HttpRequest, filters: Query[ContactFilter]) -> QuerySet[Contact]:
    contacts = scoping.contacts_for(actor_of(request))
    if filters.customer_id is not None:
        contacts = contacts.filter(customer_id=filters.customer_id)
    if filters.q:
        contacts = contacts.filter(name__icontains=filters.q)
    return contacts.order_by("name", "pk")


@router.get("/contacts/{contact_id}", response=ContactOut)
def contact_detail(request: HttpRequest, contact_id: PathId) -> Contact:
    return scoping.contact_for(actor_of(request), contact_id)


@router.post("/contacts", response={201: ContactOut})
def contact_create(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.contact_create(actor=actor_of(request), data=data))


@router.patch("/contacts/{contact_id}", response=ContactOut)
def contact_update(
    request: HttpRequest, contact_id: PathId, payload: PatchDict[ContactIn]
) -> Contact:
    actor = actor_of(request)
    contact = scoping.contact_for(actor, contact_id)
    return services.contact_update(actor=actor, contact=contact, data=payload)


@router.delete("/contacts/{contact_id}", response={204: None})
def contact_delete(request: HttpRequest, contact_id: PathId) -> Status[None]:
    actor = actor_of(request)
    services.contact_delete(actor=actor, contact=scoping.contact_for(actor, contact_id))
    return Status(204, None)
