"""Checks across rows and against the database, and the resulting plan of what to write.

- a key (external id or code) appears once per entity in an import;
- every reference points to a row of the same import or one already in the database;
- teams' parents and people's managers form no loop;
- a login never takes over another person's account, nor an administrator's or staff account;
- only an administrator may create or change people whose access role is administrator.

Existing rows are found in bulk by key (a few queries per entity, whatever the row count).
A key ``#123`` also finds the row with primary key 123 when it has no external id (the export
writes such keys for rows created in Pacer itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from pacer.access import Actor
from pacer.exchange.convert import Converted, Record
from pacer.exchange.problems import Problem
from pacer.exchange.schema import BY_NAME, ENTITIES, Entity
from pacer.org.models import AccessRole, Person

CHUNK = 500
PK_KEY = re.compile(r"^#(\d{1,18})$")


@dataclass
class Plan:
    """Records to write (in file order, per entity) and the existing rows' keys → primary keys."""

    records: dict[str, list[Record]]
    pks: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def counts(self, entity: str) -> tuple[int, int]:
        """(created, updated) for ``entity``."""
        existing = self.pks.get(entity, {})
        records = self.records.get(entity, [])
        updated = sum(1 for r in records if r.key in existing)
        return len(records) - updated, updated


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def lookup(entity: Entity, keys: Iterable[str], *, size: int = CHUNK) -> dict[str, int]:
    """Existing rows of ``entity`` by key: ``{key: pk}`` (``size`` keys per query)."""
    wanted = sorted(set(keys))
    manager = entity.model._default_manager
    found: dict[str, int] = {}
    for part in chunks(wanted, size):
        found.update(manager.filter(**{f"{entity.key}__in": part}).values_list(entity.key, "pk"))
    if entity.key == "external_id":
        by_pk: dict[int, str] = {}
        for key in wanted:
            match = PK_KEY.match(key)
            if key not in found and match:
                by_pk[int(match.group(1))] = key
        for part in chunks(sorted(by_pk)):
            rows = manager.filter(pk__in=part, external_id__isnull=True).values_list(
                "pk", flat=True
            )
            found.update({by_pk[pk]: pk for pk in rows})
    return found


def make_plan(converted: Converted, actor: Actor) -> Plan:
    plan = Plan(records={}, problems=list(converted.problems))
    for entity in ENTITIES:
        plan.records[entity.name] = _unique(converted.records.get(entity.name, []), plan)
    _existing(plan, converted.failed)
    _references(plan, converted.failed)
    _no_loops(plan, "teams", "parent")
    _no_loops(plan, "people", "manager")
    _logins(plan)
    _roles(plan, actor)
    return plan


def _unique(records: list[Record], plan: Plan) -> list[Record]:
    first: dict[str, Record] = {}
    for record in records:
        earlier = first.get(record.key)
        if earlier is None:
            first[record.key] = record
            continue
        where = {"file": earlier.place.file, "row": earlier.number}
        reason = gettext("重复：与 %(file)s 第 %(row)d 行相同") % where
        plan.problems.append(Problem.at(record.place, reason, record.key))
    return list(first.values())


def _existing(plan: Plan, failed: list[Record]) -> None:
    wanted: dict[str, set[str]] = {e.name: {r.key for r in plan.records[e.name]} for e in ENTITIES}
    for records in [*plan.records.values(), failed]:
        for record in records:
            for name, ref in record.refs.items():
                target = record.entity.column(name).target
                if ref is not None and target is not None:
                    wanted[target].add(ref.key)
    for entity in ENTITIES:
        if wanted[entity.name]:
            plan.pks[entity.name] = lookup(entity, wanted[entity.name])


def _references(plan: Plan, failed: list[Record]) -> None:
    imported = {name: {r.key for r in records} for name, records in plan.records.items()}
    for record in failed:
        imported[record.entity.name].add(record.key)
    for records in [*plan.records.values(), failed]:
        for record in records:
            for name, ref in record.refs.items():
                target = record.entity.column(name).target
                if ref is None or target is None:
                    continue
                if ref.key in imported[target] or ref.key in plan.pks.get(target, {}):
                    continue
                label = BY_NAME[target].model._meta.verbose_name
                reason = gettext("找不到此%(entity)s：它既不在本次导入中，也不在系统中") % {
                    "entity": label
                }
                plan.problems.append(Problem.at(ref.place, reason, ref.key))


def _no_loops(plan: Plan, entity_name: str, name: str) -> None:
    """A team may not be its own ancestor, nor a person their own manager's manager."""
    records = [r for r in plan.records[entity_name] if name in r.refs]
    if not records:
        return
    entity = BY_NAME[entity_name]
    rows = list(entity.model._default_manager.values_list("pk", entity.key, f"{name}_id"))
    key_of = {pk: key or f"#{pk}" for pk, key, _up in rows}
    up: dict[str, str | None] = {key_of[pk]: key_of.get(parent) for pk, _k, parent in rows}
    for record in records:
        ref = record.refs[name]
        up[record.key] = ref.key if ref is not None else None
    for record in records:
        seen = {record.key}
        node = up.get(record.key)
        while node is not None and node not in seen:
            seen.add(node)
            node = up.get(node)
        ref = record.refs[name]
        if node == record.key and ref is not None:
            reason = gettext("上下级关系形成循环")
            plan.problems.append(Problem.at(ref.place, reason, ref.key))


def _logins(plan: Plan) -> None:
    people = [r for r in plan.records["people"] if r.login is not None]
    if not people:
        return
    first: dict[str, Record] = {}
    for record in people:
        assert record.login is not None
        earlier = first.setdefault(record.login.key, record)
        if earlier is not record:
            reason = gettext("登录名重复：与第 %(row)d 行相同") % {"row": earlier.number}
            plan.problems.append(Problem.at(record.login.place, reason, record.login.key))
    names = sorted(first)
    user_model = get_user_model()
    privileged: set[str] = set()
    linked: dict[str, tuple[int, str]] = {}
    for part in chunks(names):
        users = user_model._default_manager.filter(username__in=part)
        for username, staff, superuser in users.values_list("username", "is_staff", "is_superuser"):
            if staff or superuser:
                privileged.add(username)
        owners = Person.objects.filter(user__username__in=part)
        for username, pk, pname in owners.values_list("user__username", "pk", "name"):
            linked[username] = (pk, pname)
    own = plan.pks.get("people", {})
    for record in people:
        assert record.login is not None
        login = record.login.key
        owner = linked.get(login)
        if owner is not None and owner[0] != own.get(record.key):
            reason = gettext("此登录名已属于人员「%(name)s」") % {"name": owner[1]}
            plan.problems.append(Problem.at(record.login.place, reason, login))
        elif owner is None and login in privileged:
            reason = gettext("不能通过导入关联管理员或后台账号")
            plan.problems.append(Problem.at(record.login.place, reason, login))


def _roles(plan: Plan, actor: Actor) -> None:
    """Administrators are made and changed only by administrators."""
    if actor.is_admin:
        return
    records = plan.records["people"]
    own = plan.pks.get("people", {})
    updated = [own[r.key] for r in records if r.key in own]
    admins: set[int] = set()
    for part in chunks(updated):
        rows = Person.objects.filter(pk__in=part, access_role=AccessRole.ADMIN)
        admins.update(rows.values_list("pk", flat=True))
    for record in records:
        if record.values.get("access_role") == AccessRole.ADMIN:
            reason = gettext("只有管理员可以导入系统角色为管理员的人员")
            plan.problems.append(Problem.at(record.place_of("access_role"), reason, "admin"))
        elif own.get(record.key) in admins:
            reason = gettext("只有管理员可以修改管理员的人员信息")
            plan.problems.append(Problem.at(record.place, reason, record.key))
