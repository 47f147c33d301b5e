"""Writes to customers and contacts.

A customer is created and edited by whoever sees its owner (directors and admins: any); the
owner defaults to the caller and may only be someone in the caller's scope. Contacts follow
their customer's visibility. Deleting either is for directors and admins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.api.errors import ActionRefusedError
from pacer.api.scoping import may_edit_customer
from pacer.api.services.common import (
    Resolver,
    apply,
    clean_and_save,
    person_reference,
    reference,
    require_director_or_admin,
    require_in_scope,
)
from pacer.crm.models import Contact, Customer, Industry, Region


def _customer_refs(actor: Actor) -> dict[str, Resolver]:
    return {
        "industry_id": reference(Industry.objects.all(), "industry_id"),
        "region_id": reference(Region.objects.all(), "region_id"),
        "owner_id": person_reference(actor, "owner_id"),
        "partner_id": reference(access.partners_for(actor), "partner_id"),
    }


@transaction.atomic
def customer_create(*, actor: Actor, data: Mapping[str, Any]) -> Customer:
    customer = Customer(owner_id=actor.person_id)
    apply(customer, data, _customer_refs(actor))
    require_in_scope(actor, customer.owner_id, "owner_id")
    return clean_and_save(customer)


@transaction.atomic
def customer_update(*, actor: Actor, customer: Customer, data: Mapping[str, Any]) -> Customer:
    if not may_edit_customer(actor, customer):
        raise ActionRefusedError(gettext("你只能修改自己或下属负责的客户。"))
    apply(customer, data, _customer_refs(actor))
    require_in_scope(actor, customer.owner_id, "owner_id")
    return clean_and_save(customer)


@transaction.atomic
def customer_delete(*, actor: Actor, customer: Customer) -> None:
    require_director_or_admin(actor)
    customer.delete()


def _contact_refs(actor: Actor) -> dict[str, Resolver]:
    return {"customer_id": reference(access.customers_for(actor), "customer_id")}


@transaction.atomic
def contact_create(*, actor: Actor, data: Mapping[str, Any]) -> Contact:
    return clean_and_save(apply(Contact(), data, _contact_refs(actor)))


@transaction.atomic
def contact_update(*, actor: Actor, contact: Contact, data: Mapping[str, Any]) -> Contact:
    return clean_and_save(apply(contact, data, _contact_refs(actor)))


@transaction.atomic
def contact_delete(*, actor: Actor, contact: Contact) -> None:
    require_director_or_admin(actor)
    contact.delete()
