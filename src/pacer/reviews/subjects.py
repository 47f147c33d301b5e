"""Who a review is about: one person, or a team with everyone in it and in its sub-teams."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pacer.access import Actor
from pacer.org.models import Person, Team

PERSON = "person"
TEAM = "team"


class SubjectError(ValueError):
    """The subject does not exist or is outside the caller's scope."""


@dataclass(frozen=True)
class Subject:
    """``type`` is ``person`` or ``team``; ``member_ids`` are the people the figures cover."""

    type: str
    id: int
    name: str
    member_ids: frozenset[int]

    @property
    def node_key(self) -> str:
        """The key of the subject's node in a plan's org tree (``team:3``, ``person:12``)."""
        return f"{self.type}:{self.id}"

    def as_json(self) -> dict[str, object]:
        return {"type": self.type, "id": self.id, "name": self.name}


def _members_by_team() -> dict[int, frozenset[int]]:
    """Every team → the people in it and in the teams below it (one read of each table)."""
    children: dict[int, list[int]] = defaultdict(list)
    team_ids = []
    for tid, parent in Team.objects.values_list("pk", "parent_id"):
        team_ids.append(tid)
        if parent is not None:
            children[parent].append(tid)
    direct: dict[int, set[int]] = defaultdict(set)
    for pid, tid in Person.objects.filter(team__isnull=False).values_list("pk", "team_id"):
        direct[tid].add(pid)
    result = {}
    for root in team_ids:
        # a cycle in bad data cannot loop forever: each team is visited once
        seen, stack, people = {root}, list(children.get(root, ())), set(direct[root])
        while stack:
            tid = stack.pop()
            if tid not in seen:
                seen.add(tid)
                people |= direct[tid]
                stack.extend(children.get(tid, ()))
        result[root] = frozenset(people)
    return result


def team_member_ids(team_id: int) -> frozenset[int]:
    """Everyone in the team and the teams below it."""
    return _members_by_team().get(team_id, frozenset())


def visible_team_ids(actor: Actor) -> list[int]:
    """The teams whose reviews ``actor`` may read (see ``may_see_team``)."""
    members = _members_by_team()
    return sorted(tid for tid, people in members.items() if may_see_team(actor, tid, people))


def may_see_team(actor: Actor, team_id: int, members: frozenset[int] | None = None) -> bool:
    """A team's review shows every member's work: only whoever sees all of them may read it.

    Reps therefore see only their own reviews; a manager sees the team they lead when its
    members all report to them; directors and admins see every team.
    """
    if actor.people is None:
        return True
    people = team_member_ids(team_id) if members is None else members
    return bool(people) and people <= actor.people


def person_subject(actor: Actor, person_id: int) -> Subject:
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not actor.sees_person(person.pk):
        raise SubjectError(_("没有编号为 %(id)s 的人员，或您无权查看") % {"id": person_id})
    return Subject(PERSON, person.pk, person.name, frozenset({person.pk}))


def team_subject(actor: Actor, team_id: int) -> Subject:
    team = Team.objects.filter(pk=team_id).first()
    members = team_member_ids(team_id) if team is not None else frozenset()
    if team is None or not may_see_team(actor, team.pk, members):
        raise SubjectError(_("没有编号为 %(id)s 的团队，或您无权查看") % {"id": team_id})
    return Subject(TEAM, team.pk, team.name, members)
