"""Writes to orders and payments (actuals): directors and admins only.

Orders and payments are the measured results that targets are tracked against, so they are
recorded centrally (or imported), not by the people whose attainment they count toward.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.api.errors import RecordInvalidError
from pacer.api.services.common import (
    apply,
    clean_and_save,
    person_reference,
    reference,
    require_director_or_admin,
)
from pacer.crm.models import Order, Payment, ProductLine


@transaction.atomic
def order_create(*, actor: Actor, data: Mapping[str, Any]) -> Order:
    require_director_or_admin(actor)
    refs = {
        "customer_id": reference(access.customers_for(actor), "customer_id"),
        "project_id": reference(access.projects_for(actor), "project_id"),
        "person_id": person_reference(actor, "person_id"),
        "product_line_id": reference(ProductLine.objects.all(), "product_line_id"),
    }
    order = apply(Order(), data, refs)
    if order.project is not None and order.project.customer_id not in {None, order.customer_id}:
        raise RecordInvalidError({"project_id": gettext("该项目属于另一个客户。")})
    return clean_and_save(order)


@transaction.atomic
def payment_create(*, actor: Actor, data: Mapping[str, Any]) -> Payment:
    require_director_or_admin(actor)
    refs = {"order_id": reference(access.orders_for(actor), "order_id")}
    return clean_and_save(apply(Payment(), data, refs))
