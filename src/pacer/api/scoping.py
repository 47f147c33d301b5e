"""Scoped reads and edit rules the API needs beyond ``pacer.access``, built only from it.

Contacts are visible with their customer; a milestone is editable by whoever may edit its
project or sees its owner; a customer is editable by whoever sees its owner (seeing a customer
only through one's own project on it is read-only).
"""

from __future__ import annotations

from django.db.models import QuerySet

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Activity, Contact, Customer, Lead, Milestone, Order, Payment


def contacts_for(actor: Actor) -> QuerySet[Contact]:
    return Contact.objects.filter(customer__in=access.customers_for(actor).values("pk"))


def contact_for(actor: Actor, pk: object) -> Contact:
    return access.get_visible(contacts_for(actor), pk)


def milestone_for(actor: Actor, pk: object) -> Milestone:
    return access.get_visible(access.milestones_for(actor).select_related("project"), pk)


def activity_for(actor: Actor, pk: object) -> Activity:
    return access.get_visible(access.activities_for(actor), pk)


def lead_for(actor: Actor, pk: object) -> Lead:
    return access.get_visible(access.leads_for(actor), pk)


def order_for(actor: Actor, pk: object) -> Order:
    return access.get_visible(access.orders_for(actor), pk)


def payment_for(actor: Actor, pk: object) -> Payment:
    return access.get_visible(access.payments_for(actor), pk)


def may_edit_customer(actor: Actor, customer: Customer) -> bool:
    return actor.is_director_or_admin or actor.sees_person(customer.owner_id)


def may_edit_milestone(actor: Actor, milestone: Milestone) -> bool:
    return access.may_edit_project(actor, milestone.project) or actor.sees_person(
        milestone.owner_id
    )
