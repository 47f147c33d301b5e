"""Shared steps of the API's write services: resolve references, check scope, validate, save.

Referenced records (``customer_id``, ``project_id``, …) are looked up through the caller's
scope; one that is absent *or* out of scope is reported the same way (422, "不存在或无权访问"),
so the answer never reveals whether another rep's record exists. Assigning a record to a person
outside the caller's scope is a refusal (403).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext

from pacer import access
from pacer.access import Actor
from pacer.api.errors import ActionRefusedError, RecordInvalidError
from pacer.org.models import Person

M = TypeVar("M", bound=models.Model)
Resolver = Callable[[object], models.Model]


def require_director_or_admin(actor: Actor) -> None:
    if not actor.is_director_or_admin:
        raise ActionRefusedError(gettext("只有总监或管理员可以执行此操作。"))


def reference(qs: models.QuerySet[M], field: str) -> Callable[[object], M]:
    """A resolver for ``field``: the record with that id in ``qs`` (already scoped), or 422."""

    def resolve(pk: object) -> M:
        try:
            return access.get_visible(qs, pk)
        except Http404 as exc:
            message = gettext("编号为 %(id)s 的记录不存在，或不在你的数据权限范围内。") % {"id": pk}
            raise RecordInvalidError({field: message}) from exc

    return resolve


def person_reference(actor: Actor, field: str) -> Callable[[object], Person]:
    """A resolver for a person field: someone in the caller's scope (403 otherwise)."""

    def resolve(pk: object) -> Person:
        try:
            return access.person_for(actor, pk)
        except Http404 as exc:
            if actor.sees_all:
                message = gettext("编号为 %(id)s 的人员不存在。") % {"id": pk}
                raise RecordInvalidError({field: message}) from exc
            raise ActionRefusedError(
                gettext("不能把记录指派给你数据权限范围以外的人员（%(field)s=%(id)s）。")
                % {"field": field, "id": pk}
            ) from exc

    return resolve


def require_in_scope(actor: Actor, person_id: int | None, field: str) -> None:
    """Refuse (403) a record whose person ``field`` would take it out of the caller's scope."""
    if not actor.sees_person(person_id):
        raise ActionRefusedError(
            gettext("保存后该记录将不在你的数据权限范围内：%(field)s 必须是你本人或你的下属。")
            % {"field": field}
        )


def apply(instance: M, data: Mapping[str, Any], refs: Mapping[str, Resolver]) -> M:
    """Copy ``data`` onto ``instance``; ``<name>_id`` keys in ``refs`` are resolved first.

    ``null`` for a text column becomes ``""`` (so a required one then fails validation as
    empty); an empty external id becomes ``None`` so that it does not collide with others.
    """
    for key, value in data.items():
        if key in refs:
            setattr(instance, key.removesuffix("_id"), None if value is None else refs[key](value))
        else:
            setattr(instance, key, _stored_value(instance, key, value))
    return instance


def _stored_value(instance: models.Model, key: str, value: Any) -> Any:
    field = instance._meta.get_field(key)
    if value is None and isinstance(field, models.CharField) and not field.null:
        return ""
    if key == "external_id" and value == "":
        return None
    return value


def clean_and_save(instance: M) -> M:
    """Run the model's own validation (choices, limits, uniqueness) then save; 422 on failure."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise RecordInvalidError(_field_messages(instance, exc)) from exc
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a concurrent write took the same unique value
        message = gettext("保存失败：与刚刚保存的另一条记录冲突（例如外部编号重复），请重试。")
        raise RecordInvalidError({"__all__": message}) from exc
    return instance


def _field_messages(instance: models.Model, exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, messages in exc.message_dict.items():
        key = name
        if name != "__all__":
            field = instance._meta.get_field(name)
            if isinstance(field, models.ForeignKey):
                key = f"{name}_id"
        errors[key] = " ".join(messages)
    return errors
