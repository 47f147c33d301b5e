"""Who am I, people and teams (read only)."""

from datetime import date

from ninja import Schema

from pacer.api.schemas.common import RecordId
from pacer.org.models import AccessRole, Position


class PersonOut(Schema):
    id: int
    external_id: str | None
    name: str
    team_id: int | None
    manager_id: int | None
    position: Position
    access_role: AccessRole
    data_scope: str
    hire_date: date | None
    active_from: date | None
    active_to: date | None
    email: str

    @staticmethod
    def resolve_data_scope(obj: object) -> str:
        return str(getattr(obj, "effective_scope", ""))


class PersonFilter(Schema):
    team_id: RecordId | None = None
    manager_id: RecordId | None = None
    position: Position | None = None
    q: str | None = None


class TeamOut(Schema):
    id: int
    external_id: str | None
    name: str
    parent_id: int | None
    leader_id: int | None


class MeOut(Schema):
    """The caller: their login, their person (if any), access role and data scope."""

    username: str
    person: PersonOut | None
    role: AccessRole
    scope: str
    sees_all: bool
    may_manage_data: bool
