"""Activities, leads, orders and payments, limited to the caller's scope.

Activities and leads are read only here; orders and payments are created by directors and
admins (see ``pacer.api.services.records``).
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from pacer import access
from pacer.api import scoping
from pacer.api.auth import actor_of
from pacer.api.pagination import Pagination
from pacer.api.schemas.common import PathId
from pacer.api.schemas.records import (
    ActivityFilter,
    ActivityOut,
    LeadFilter,
    LeadOut,
    OrderFilter,
    OrderIn,
    OrderOut,
    PaymentFilter,
    PaymentIn,
    PaymentOut,
)
from pacer.api.services import records as services
from pacer.crm.models import Activity, Lead, Order, Payment

router = Router(tags=["activities, leads and actuals"])


@router.get("/activities", response=list[ActivityOut])
@paginate(Pagination)
def activity_list(request: HttpRequest, filters: Query[ActivityFilter]) -> QuerySet[Activity]:
    activities = access.activities_for(actor_of(request))
    if filters.kind is not None:
        activities = activities.filter(kind=filters.kind)
    if filters.person_id is not None:
        activities = activities.filter(person_id=filters.person_id)
    if filters.customer_id is not None:
        activities = activities.filter(customer_id=filters.customer_id)
    if filters.project_id is not None:
        activities = activities.filter(project_id=filters.project_id)
    if filters.date_from is not None:
        activities = activities.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        activities = activities.filter(date__lte=filters.date_to)
    return activities.order_by("-date", "-pk")


@router.get("/activities/{activity_id}", response=ActivityOut)
def activity_detail(request: HttpRequest, activity_id: PathId) -> Activity:
    return scoping.activity_for(actor_of(request), activity_id)


@router.get("/leads", response=list[LeadOut])
@paginate(Pagination)
def lead_list(request: HttpRequest, filters: Query[LeadFilter]) -> QuerySet[Lead]:
    leads = access.leads_for(actor_of(request))
    if filters.source is not None:
        leads = leads.filter(source=filters.source)
    if filters.person_id is not None:
        leads = leads.filter(person_id=filters.person_id)
    if filters.is_qualified is not None:
        leads = leads.filter(qualified_date__isnull=not filters.is_qualified)
    if filters.date_from is not None:
        leads = leads.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        leads = leads.filter(date__lte=filters.date_to)
    return leads.order_by("-date", "-pk")


@router.get("/leads/{lead_id}", response=LeadOut)
def lead_detail(request: HttpRequest, lead_id: PathId) -> Lead:
    return scoping.lead_for(actor_of(request), lead_id)


@router.get("/orders", response=list[OrderOut])
@paginate(Pagination)
def order_list(request: HttpRequest, filters: Query[OrderFilter]) -> QuerySet[Order]:
    orders = access.orders_for(actor_of(request))
    if filters.customer_id is not None:
        orders = orders.filter(customer_id=filters.customer_id)
    if filters.person_id is not None:
        orders = orders.filter(person_id=filters.person_id)
    if filters.project_id is not None:
        orders = orders.filter(project_id=filters.project_id)
    if filters.product_line_id is not None:
        orders = orders.filter(product_line_id=filters.product_line_id)
    if filters.signed_from is not None:
        orders = orders.filter(signed_date__gte=filters.signed_from)
    if filters.signed_to is not None:
        orders = orders.filter(signed_date__lte=filters.signed_to)
    return orders.order_by("-signed_date", "-pk")


@router.get("/orders/{order_id}", response=OrderOut)
def order_detail(request: HttpRequest, order_id: PathId) -> Order:
    return scoping.order_for(actor_of(request), order_id)


@router.post("/orders", response={201: OrderOut})
def order_create(request: HttpRequest, payload: OrderIn) -> Status[Order]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.order_create(actor=actor_of(request), data=data))


@router.get("/payments", response=list[PaymentOut])
@paginate(Pagination)
def payment_list(request: HttpRequest, filters: Query[PaymentFilter]) -> QuerySet[Payment]:
    payments = access.payments_for(actor_of(request))
    if filters.order_id is not None:
        payments = payments.filter(order_id=filters.order_id)
    if filters.date_from is not None:
        payments = payments.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        payments = payments.filter(date__lte=filters.date_to)
    return payments.order_by("-date", "-pk")


@router.get("/payments/{payment_id}", response=PaymentOut)
def payment_detail(request: HttpRequest, payment_id: PathId) -> Payment:
    return scoping.payment_for(actor_of(request), payment_id)


@router.post("/payments", response={201: PaymentOut})
def payment_create(request: HttpRequest, payload: PaymentIn) -> Status[Payment]:
    data = payload.model_dump(exclude_unset=True)
    return Status(201, services.payment_create(actor=actor_of(request), data=data))
