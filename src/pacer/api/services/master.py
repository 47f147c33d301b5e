"""Writes to master data (industries, regions, product lines, products): directors and admins.

Master data is shared by everyone, so it is read without scoping; a record still referenced by
customers, projects or orders cannot be deleted (409).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from pacer.access import Actor
from pacer.api.services.common import (
    Resolver,
    apply,
    clean_and_save,
    reference,
    require_director_or_admin,
)
from pacer.crm.models import Industry, Product, ProductLine, Region

M = TypeVar("M", bound=models.Model)


def _save(actor: Actor, record: M, data: Mapping[str, Any], refs: Mapping[str, Resolver]) -> M:
    require_director_or_admin(actor)
    return clean_and_save(apply(record, data, refs))


def _delete(actor: Actor, record: models.Model) -> None:
    require_director_or_admin(actor)
    record.delete()


def _product_refs() -> dict[str, Resolver]:
    return {"product_line_id": reference(ProductLine.objects.all(), "product_line_id")}


@transaction.atomic
def industry_create(*, actor: Actor, data: Mapping[str, Any]) -> Industry:
    return _save(actor, Industry(), data, {})


@transaction.atomic
def industry_update(*, actor: Actor, industry: Industry, data: Mapping[str, Any]) -> Industry:
    return _save(actor, industry, data, {})


@transaction.atomic
def industry_delete(*, actor: Actor, industry: Industry) -> None:
    _delete(actor, industry)


@transaction.atomic
def region_create(*, actor: Actor, data: Mapping[str, Any]) -> Region:
    return _save(actor, Region(), data, {})


@transaction.atomic
def region_update(*, actor: Actor, region: Region, data: Mapping[str, Any]) -> Region:
    return _save(actor, region, data, {})


@transaction.atomic
def region_delete(*, actor: Actor, region: Region) -> None:
    _delete(actor, region)


@transaction.atomic
def product_line_create(*, actor: Actor, data: Mapping[str, Any]) -> ProductLine:
    return _save(actor, ProductLine(), data, {})


@transaction.atomic
def product_line_update(
    *, actor: Actor, product_line: ProductLine, data: Mapping[str, Any]
) -> ProductLine:
    return _save(actor, product_line, data, {})


@transaction.atomic
def product_line_delete(*, actor: Actor, product_line: ProductLine) -> None:
    _delete(actor, product_line)


@transaction.atomic
def product_create(*, actor: Actor, data: Mapping[str, Any]) -> Product:
    return _save(actor, Product(), data, _product_refs())


@transaction.atomic
def product_update(*, actor: Actor, product: Product, data: Mapping[str, Any]) -> Product:
    return _save(actor, product, data, _product_refs())


@transaction.atomic
def product_delete(*, actor: Actor, product: Product) -> None:
    _delete(actor, product)
