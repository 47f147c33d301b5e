"""The authorization matrix's world: the shared test world with one record of every kind a page
shows, built once per module.

On top of ``tests.world`` (rep_a and rep_b report to manager_south, rep_c to manager_east):
a draft plan of 2026 and a scenario of it, a red alert per rep and a notification for every
person who logs in, a weekly review per rep, two forecast
submissions per rep, an incentive statement per rep for May 2026, a service request per rep's
project and an adjustment proposal on the plan.

``owner_key`` says whose record is inside or outside a role's scope: for the rep (rep_a) a
teammate's (rep_b) is outside; for the manager (manager_south) one of their reps (rep_b) is
inside and the other team's (rep_c) outside; directors and admins see every rep's record, so
they have nothing outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from pacer.access import actor_for_person
from pacer.adjustments.models import Adjustment
from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, Notification
from pacer.crm.models import Project
from pacer.forecasts.models import ForecastSubmission
from pacer.forecasts.submissions import submission_create
from pacer.incentives.models import IncentiveStatement
from pacer.incentives.services import incentives_compute
from pacer.org.models import Person
from pacer.plans.models import Plan, PlanNode
from pacer.plans.scenarios import plan_scenario_create
from pacer.plans.services import plan_build
from pacer.reviews.models import Review
from pacer.reviews.services import review_generate
from pacer.sla.models import ServiceRequest
from pacer.sla.services import service_request_create
from tests.incentives.factories import make_scheme
from tests.world import World, build_world

# The pages' "today": inside the plan's year, after the world's orders and payments.
TODAY = date(2026, 6, 15)
MAY = date(2026, 5, 1)
REVIEW_WEEK = date(2026, 6, 8)
KEYS = ("a", "b", "c")
ROLES = ("anonymous", "admin", "director", "manager", "rep")

# Whose record is inside (True) or outside (False) each role's scope; None: there is none.
OWNER_KEYS: dict[tuple[str, bool], str | None] = {
    ("anonymous", True): "a",
    ("anonymous", False): None,
    ("admin", True): "c",
    ("admin", False): None,
    ("director", True): "c",
    ("director", False): None,
    ("manager", True): "b",
    ("manager", False): "c",
    ("rep", True): "a",
    ("rep", False): "b",
}


@dataclass
class MatrixWorld:
    world: World
    plan: Plan
    scenario: Plan
    alerts: dict[str, Alert]
    reviews: dict[str, Review]
    submissions: dict[str, tuple[ForecastSubmission, ForecastSubmission]]
    statements: dict[str, IncentiveStatement]
    requests: dict[str, ServiceRequest]
    adjustment: Adjustment

    def person(self, role: str) -> Person:
        """The person who logs in as ``role``."""
        w = self.world
        people = {"admin": w.admin, "director": w.director, "manager": w.manager_south}
        return people.get(role, w.rep_a)

    def login(self, role: str) -> User:
        user = self.person(role).user
        assert user is not None
        return user

    def rep(self, key: str) -> Person:
        return {"a": self.world.rep_a, "b": self.world.rep_b, "c": self.world.rep_c}[key]

    def project(self, key: str) -> Project:
        return self.world.projects[key]

    def person_node(self, key: str) -> PlanNode:
        """Rep ``key``'s person node in the org tree of the plan."""
        return PlanNode.objects.get(plan=self.plan, tree="org", person=self.rep(key))

    def notification(self, person: Person) -> Notification:
        found = Notification.objects.filter(person=person).order_by("pk").first()
        assert found is not None, f"no notification for {person.name}"
        return found


def owner_key(role: str, *, inside: bool) -> str | None:
    return OWNER_KEYS.get((role, inside))


def _alerts(world: World) -> dict[str, Alert]:
    """A no-contact alert on each rep's project (15 days without contact: red)."""
    Project.objects.update(last_contact_date=TODAY - timedelta(days=15))
    alerts_run(as_of=TODAY)
    return {key: Alert.objects.get(project=world.projects[key], rule="no_contact") for key in KEYS}


def _notify_everyone(world: World, alerts: dict[str, Alert]) -> None:
    """Everyone who logs in gets a notification of their own (the engine notifies fewer)."""
    alert = alerts["c"]
    event = alert.events.order_by("pk").first()
    assert event is not None
    people = [world.admin, world.director, world.manager_south, world.manager_east]
    people += [world.rep_a, world.rep_b, world.rep_c]
    for person in people:
        if not Notification.objects.filter(person=person).exists():
            Notification.objects.create(person=person, alert=alert, event=event)


def _submissions(world: World) -> dict[str, tuple[ForecastSubmission, ForecastSubmission]]:
    """Two submissions per rep in the current cycle (an earlier and a later number)."""
    made = {}
    for key, rep in (("a", world.rep_a), ("b", world.rep_b), ("c", world.rep_c)):
        actor = actor_for_person(rep)
        pair = tuple(
            submission_create(
                actor=actor,
                user=rep.user,
                number=Decimal(number),
                reason="大客户订单推迟",
                today=TODAY,
                at=timezone.now() - timedelta(hours=hours),
            )
            for number, hours in (("100000.00", 2), ("150000.00", 1))
        )
        made[key] = (pair[0], pair[1])
    return made


def _requests(world: World) -> dict[str, ServiceRequest]:
    asked = timezone.now() - timedelta(days=2)
    return {
        key: service_request_create(
            actor=actor_for_person(rep),
            project=world.projects[key],
            kind="contract_review",
            requested_at=asked,
        )
        for key, rep in (("a", world.rep_a), ("b", world.rep_b), ("c", world.rep_c))
    }


def _adjustment(plan: Plan) -> Adjustment:
    """A proposal that moves July's target between every rep's node (only the visible ones of
    it are shown to a reader)."""
    nodes = PlanNode.objects.filter(plan=plan, tree="org", dimension="person")
    suggestion = {
        "kind": "move",
        "nodes": [
            {
                "id": node.pk,
                "tree": "org",
                "label": node.label,
                "before": {"2026-07": "20000.00"},
                "after": {"2026-07": "25000.00"},
            }
            for node in nodes.order_by("pk")
        ],
    }
    return Adjustment.objects.create(
        plan=plan,
        trigger="quarter_below",
        subject="company",
        values={"quarter": "2026Q1", "attainment": "0.5", "threshold": "0.8"},
        suggestion=suggestion,
        opened_at=TODAY,
    )


def build_matrix_world() -> MatrixWorld:
    world = build_world()
    director = world.director.user
    assert director is not None
    plan = plan_build(year=2026, target=Decimal("1500000.00"), as_of=TODAY, user=director)
    scenario = plan_scenario_create(
        plan=plan, user=director, name="乐观情景", changes={"win_rate_factor": Decimal("1.2")}
    )
    alerts = _alerts(world)
    _notify_everyone(world, alerts)
    reviews = {
        key: review_generate(kind="weekly", person=person, period_start=REVIEW_WEEK)
        for key, person in (("a", world.rep_a), ("b", world.rep_b), ("c", world.rep_c))
    }
    make_scheme()
    incentives_compute(month=MAY, as_of=TODAY)
    statements = {
        key: IncentiveStatement.objects.get(person=rep, month=MAY)
        for key, rep in (("a", world.rep_a), ("b", world.rep_b), ("c", world.rep_c))
    }
    return MatrixWorld(
        world=world,
        plan=plan,
        scenario=scenario,
        alerts=alerts,
        reviews=reviews,
        submissions=_submissions(world),
        statements=statements,
        requests=_requests(world),
        adjustment=_adjustment(plan),
    )
