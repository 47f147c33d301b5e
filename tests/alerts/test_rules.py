"""Each rule exactly as the field defines it, evaluated from the database by ``alerts_run``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert
from pacer.alerts.rule_settings import AlertRuleSettings
from pacer.crm.models import Activity, ActivityKind, Milestone, Order, Stage
from tests.alerts.conftest import TODAY, days_ago
from tests.world import World


def live() -> dict[str, str]:
    """key → signal of every alert that is not resolved."""
    return dict(Alert.objects.exclude(status="resolved").values_list("key", "signal"))


@pytest.mark.parametrize(
    ("idle", "signal"),
    [(7, None), (8, "yellow"), (14, "yellow"), (15, "red"), (40, "red")],
)
def test_no_contact_turns_yellow_after_7_days_and_red_after_14(
    calm: World, idle: int, signal: str | None
) -> None:
    project = calm.projects["a"]
    project.last_contact_date = days_ago(idle)
    project.save()
    alerts_run(as_of=TODAY)
    expected = {f"no_contact:project:{project.pk}": signal} if signal else {}
    assert live() == expected
    if signal:
        alert = Alert.objects.get()
        assert alert.owner == calm.rep_a
        assert alert.values["days"] == idle
        assert alert.project == project
        assert alert.customer == calm.customers["a"]


def test_an_activity_on_the_project_counts_as_contact(calm: World) -> None:
    project = calm.projects["a"]
    project.last_contact_date = days_ago(20)
    project.save()
    Activity.objects.create(
        kind=ActivityKind.CALL, date=days_ago(3), person=calm.rep_a, project=project
    )
    alerts_run(as_of=TODAY)
    assert live() == {}


def test_a_project_never_contacted_counts_from_its_creation(calm: World) -> None:
    project = calm.projects["b"]
    project.last_contact_date = None
    project.created_date = days_ago(9)
    project.save()
    alerts_run(as_of=TODAY)
    assert live() == {f"no_contact:project:{project.pk}": "yellow"}


@pytest.mark.parametrize(("waiting", "raised"), [(5, False), (6, True)])
def test_proposal_without_feedback_for_more_than_5_days_is_yellow(
    calm: World, waiting: int, raised: bool
) -> None:
    project = calm.projects["a"]
    project.proposal_sent_date = days_ago(waiting)
    project.save()
    alerts_run(as_of=TODAY)
    assert live() == ({f"no_feedback:project:{project.pk}": "yellow"} if raised else {})


def test_feedback_after_the_proposal_clears_it(calm: World) -> None:
    project = calm.projects["a"]
    project.proposal_sent_date = days_ago(10)
    project.feedback_date = days_ago(2)
    project.save()
    alerts_run(as_of=TODAY)
    assert live() == {}


def test_a_competitor_is_yellow(calm: World) -> None:
    project = calm.projects["c"]
    project.competitor_present = True
    project.save()
    alerts_run(as_of=TODAY)
    assert live() == {f"competitor:project:{project.pk}": "yellow"}


@pytest.mark.parametrize("flag", ["budget_cancelled", "customer_gave_up", "competitor_mou"])
def test_each_red_flag_is_red(calm: World, flag: str) -> None:
    project = calm.projects["b"]
    setattr(project, flag, True)
    project.save()
    alerts_run(as_of=TODAY)
    assert live() == {f"{flag}:project:{project.pk}": "red"}
    assert Alert.objects.get().owner == calm.rep_b


def test_closed_projects_raise_nothing(calm: World) -> None:
    for key, stage in (("a", Stage.WON), ("b", Stage.LOST)):
        project = calm.projects[key]
        project.stage = stage
        project.last_contact_date = days_ago(60)
        project.budget_cancelled = True
        project.save()
    alerts_run(as_of=TODAY)
    assert live() == {}


def test_an_overdue_milestone_is_yellow_and_belongs_to_the_project_owner(calm: World) -> None:
    project = calm.projects["a"]
    late = Milestone.objects.create(project=project, name="方案评审", due_date=days_ago(3))
    Milestone.objects.create(project=project, name="今天到期", due_date=TODAY)
    Milestone.objects.create(
        project=project, name="已完成", due_date=days_ago(9), done_date=days_ago(1)
    )
    alerts_run(as_of=TODAY)
    assert live() == {f"milestone_overdue:milestone:{late.pk}": "yellow"}
    alert = Alert.objects.get()
    assert alert.owner == calm.rep_a
    assert alert.values == {"days": 3, "project": project.pk, "project_name": project.name}
    assert alert.milestone == late
    assert alert.project == project


def _a_tier(world: World, key: str) -> None:
    Order.objects.create(
        customer=world.customers[key],
        person=world.rep_a,
        amount=Decimal("1000000.00"),
        signed_date=date(2026, 1, 20),
    )


@pytest.mark.parametrize(("since", "raised"), [(30, False), (31, True)])
def test_an_a_tier_customer_not_visited_within_30_days_is_yellow(
    calm: World, since: int, raised: bool
) -> None:
    _a_tier(calm, "a")  # 12万 + 100万 in the last twelve months: tier A
    customer = calm.customers["a"]
    Activity.objects.create(
        kind=ActivityKind.VISIT, date=days_ago(since), person=calm.rep_a, customer=customer
    )
    alerts_run(as_of=TODAY)
    expected = {f"visit_due:customer:{customer.pk}": "yellow"} if raised else {}
    assert live() == expected
    if raised:
        alert = Alert.objects.get()
        assert alert.values == {"days": 31, "limit": 30, "tier": "A"}
        assert alert.owner == calm.rep_a


def test_tiers_come_from_the_last_twelve_months_or_the_fixed_tier(calm: World) -> None:
    # B and C customers have no cadence by default: only the A-tier ones are watched.
    old = calm.customers["b"]
    Order.objects.create(
        customer=old, amount=Decimal("5000000.00"), signed_date=date(2025, 6, 15)
    )  # a year and a day ago: outside the window
    fixed = calm.customers["c"]
    fixed.tier_override = "A"
    fixed.save()
    alerts_run(as_of=TODAY)
    assert live() == {f"visit_due:customer:{fixed.pk}": "yellow"}
    assert Alert.objects.get().values == {"days": -1, "limit": 30, "tier": "A"}


def test_thresholds_come_from_the_settings_per_stage_and_tier(calm: World) -> None:
    rules = AlertRuleSettings.load()
    rules.contact_by_stage = {"proposal": [3, 5]}
    rules.visit_cadence_days = {"A": 30, "C": 60}
    rules.full_clean()
    rules.save()
    project = calm.projects["a"]
    project.last_contact_date = days_ago(6)
    project.save()
    customer = calm.customers["b"]
    Activity.objects.create(
        kind=ActivityKind.VISIT, date=days_ago(61), person=calm.rep_b, customer=customer
    )
    Activity.objects.create(
        kind=ActivityKind.VISIT, date=days_ago(59), person=calm.rep_c, customer=calm.customers["c"]
    )
    alerts_run(as_of=TODAY)
    assert live() == {
        f"no_contact:project:{project.pk}": "red",
        f"visit_due:customer:{customer.pk}": "yellow",
        # rep_a's customer has never been visited at all
        f"visit_due:customer:{calm.customers['a'].pk}": "yellow",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_yellow_days": 10, "contact_red_days": 9}, "contact_red_days"),
        ({"contact_by_stage": {"nowhere": [1, 2]}}, "contact_by_stage"),
        ({"contact_by_stage": {"lead": [5]}}, "contact_by_stage"),
        ({"contact_by_stage": {"lead": [9, 3]}}, "contact_by_stage"),
        ({"contact_by_stage": ["lead"]}, "contact_by_stage"),
        ({"visit_cadence_days": {"D": 5}}, "visit_cadence_days"),
        ({"visit_cadence_days": {"A": 0}}, "visit_cadence_days"),
        ({"visit_cadence_days": 30}, "visit_cadence_days"),
        ({"tier_b_threshold": Decimal(2_000_000)}, "tier_b_threshold"),
    ],
)
def test_bad_thresholds_are_refused_with_the_field_named(
    db: None, changes: dict[str, object], field: str
) -> None:
    from django.core.exceptions import ValidationError

    rules = AlertRuleSettings.load()
    for name, value in changes.items():
        setattr(rules, name, value)
    with pytest.raises(ValidationError) as info:
        rules.full_clean()
    assert field in info.value.message_dict


def test_the_defaults_are_the_fields(db: None) -> None:
    rules = AlertRuleSettings.load().rules()
    assert (rules.contact_yellow_days, rules.contact_red_days) == (7, 14)
    assert rules.proposal_feedback_days == 5
    assert dict(rules.visit_cadence_days) == {"A": 30}
    assert AlertRuleSettings.load().pk == AlertRuleSettings.load().pk
    assert AlertRuleSettings.objects.count() == 1
