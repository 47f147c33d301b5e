"""The write layer: a checked plan → rows, with bulk operations, in dependency order.

Runs inside the caller's transaction. A reference to an entity written later (a team's leader)
or to the same entity (a team's parent, a person's manager) is set in a second pass, once every
row exists. An update writes only the fields its source provides.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Field, Model

from pacer.audit.services import audit_bulk_update
from pacer.exchange.convert import Record
from pacer.exchange.plan import CHUNK, Plan, chunks, lookup
from pacer.exchange.schema import ENTITIES, ORDER, Entity, Kind
from pacer.org.models import Person


def write_plan(plan: Plan) -> None:
    pks = {entity.name: dict(plan.pks.get(entity.name, {})) for entity in ENTITIES}
    for entity in ENTITIES:
        if plan.records[entity.name]:
            _write_entity(entity, plan.records[entity.name], pks)
    for entity in ENTITIES:
        for name in _later(entity):
            _write_links(entity, name, plan.records[entity.name], pks)
    _write_logins(plan.records["people"], pks["people"])


def _later(entity: Entity) -> set[str]:
    """References to the same entity or to one written after it: set in the second pass."""
    return {
        c.field
        for c in entity.columns
        if c.kind is Kind.REF and c.target is not None and ORDER[c.target] >= ORDER[entity.name]
    }


def _write_entity(entity: Entity, records: list[Record], pks: dict[str, dict[str, int]]) -> None:
    model = entity.model
    existing = pks[entity.name]
    later = _later(entity)
    new: list[Any] = []
    updates: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for record in records:
        attrs = dict(record.values)
        for name, ref in record.refs.items():
            if name not in later:
                target = entity.column(name).target
                assert target is not None
                attrs[f"{name}_id"] = None if ref is None else pks[target][ref.key]
        pk = existing.get(record.key)
        if pk is None:
            new.append(model(**attrs))
            continue
        attrs.pop(entity.key, None)
        fields = tuple(sorted(record.provided - later - {entity.key, "user"}))
        if fields:
            updates[fields].append(model(pk=pk, **attrs))
    manager = model._default_manager
    for fields, objs in updates.items():
        update_changed(model, objs, list(fields))
    manager.bulk_create(new, batch_size=CHUNK)
    missing = [getattr(obj, entity.key) for obj in new if obj.pk is None]
    existing.update({getattr(obj, entity.key): obj.pk for obj in new if obj.pk is not None})
    if missing:
        existing.update(lookup(entity, missing))


def _write_links(
    entity: Entity, name: str, records: list[Record], pks: dict[str, dict[str, int]]
) -> None:
    target = entity.column(name).target
    assert target is not None
    objs = []
    for record in records:
        if name not in record.refs:
            continue
        ref = record.refs[name]
        value = None if ref is None else pks[target][ref.key]
        objs.append(entity.model(pk=pks[entity.name][record.key], **{f"{name}_id": value}))
    if objs:
        update_changed(entity.model, objs, [name])


def update_changed(model: type[Model], objs: list[Any], fields: list[str]) -> None:
    """``bulk_update`` of the rows whose ``fields`` differ from the database.

    A re-import mostly repeats what is stored; reading the rows back in bulk and writing only
    the changed ones keeps it fast.
    """
    attnames = [_attname(model, name) for name in fields]
    manager = model._default_manager
    changed: list[Any] = []
    before: dict[Any, tuple[Any, ...]] = {}
    for part in chunks(objs):
        stored = {
            row[0]: row[1:]
            for row in manager.filter(pk__in=[o.pk for o in part]).values_list("pk", *attnames)
        }
        for obj in part:
            if stored.get(obj.pk) != tuple(getattr(obj, a) for a in attnames):
                changed.append(obj)
                before[obj.pk] = stored.get(obj.pk, ())
    if changed:
        manager.bulk_update(changed, fields, batch_size=CHUNK)
        # No save signal reaches the audit receivers: role and privilege changes told here.
        audit_bulk_update(model, attnames, before, changed)


def _attname(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field.attname


def _write_logins(records: list[Record], people: dict[str, int]) -> None:
    """Link people to their logins; a login that does not exist yet is created without a
    usable password (an administrator sets one or the person resets it)."""
    linked = [r for r in records if r.login is not None]
    if not linked:
        return
    user_model = get_user_model()
    manager = user_model._default_manager
    names = sorted({r.login.key for r in linked if r.login is not None})
    users: dict[str, int] = {}
    for part in chunks(names):
        users.update(manager.filter(username__in=part).values_list("username", "pk"))
    missing = [name for name in names if name not in users]
    manager.bulk_create(
        [user_model(username=name, password=make_password(None)) for name in missing],
        batch_size=CHUNK,
    )
    for part in chunks(missing):
        users.update(manager.filter(username__in=part).values_list("username", "pk"))
    objs = [
        Person(pk=people[r.key], user_id=users[r.login.key]) for r in linked if r.login is not None
    ]
    update_changed(Person, objs, ["user"])
