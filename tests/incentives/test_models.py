"""Scheme and mentorship validation, and the unique current statement."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from pacer.incentives.models import IncentiveScheme, IncentiveStatement, Mentorship
from pacer.incentives.months import MonthError, month_end, parse_month, previous_month
from pacer.incentives.services import incentives_compute
from tests.incentives.factories import AS_OF, JULY, July
from tests.world import World


def scheme(**values: object) -> IncentiveScheme:
    fields: dict[str, object] = {"name": "方案", "valid_from": date(2026, 1, 1)}
    fields.update(values)
    return IncentiveScheme(**fields)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"positions": ["boss"]}, "positions", "未知的代码：boss"),
        ({"access_roles": "rep"}, "access_roles", "应为代码列表"),
        ({"line_weights": {"plc-new": "-1"}}, "line_weights", "产品线 plc-new 的权重“-1”"),
        ({"line_weights": {"plc-new": "很多"}}, "line_weights", "不是非负数字"),
        ({"line_weights": ["plc-new"]}, "line_weights", "产品线代码 → 权重"),
        ({"valid_to": date(2025, 12, 31)}, "valid_to", "失效日期必须晚于生效日期"),
    ],
)
def test_a_bad_scheme_names_the_field(
    db: None, values: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        scheme(**values).full_clean()
    assert message in " ".join(info.value.message_dict[field])


def test_weights_are_kept_as_exact_text(db: None) -> None:
    s = scheme(line_weights={"plc-new": 1.5, "plc-old": "0.8"})
    s.full_clean()
    assert s.line_weights == {"plc-new": "1.5", "plc-old": "0.8"}


def test_the_admin_form_saves_positions_and_roles(world: World, client: Client) -> None:
    assert world.admin.user is not None
    client.force_login(world.admin.user)
    response = client.post(
        reverse("admin:incentives_incentivescheme_add"),
        {
            "name": "经理方案",
            "positions": ["region_manager"],
            "access_roles": ["manager"],
            "basis": "payments",
            "action_bonus": "500",
            "extra_proposal_bonus": "200",
            "base_rate": "0.02",
            "target_met_rate_bonus": "0.01",
            "accelerator_threshold": "1.2",
            "accelerator_rate": "0.05",
            "line_weights": '{"plc-new": 1.5}',
            "mentoring_rate": "0.01",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    saved = IncentiveScheme.objects.get(name="经理方案")
    assert saved.positions == ["region_manager"]
    assert saved.access_roles == ["manager"]
    assert saved.line_weights == {"plc-new": "1.5"}


def test_a_mentorship_needs_two_people_and_a_sensible_period(world: World) -> None:
    with pytest.raises(ValidationError, match="同一个人"):
        Mentorship(mentor=world.rep_a, mentee=world.rep_a, valid_from=date(2026, 1, 1)).full_clean()
    with pytest.raises(ValidationError, match="结束日期必须晚于开始日期"):
        Mentorship(
            mentor=world.rep_a,
            mentee=world.rep_b,
            valid_from=date(2026, 3, 1),
            valid_to=date(2026, 3, 1),
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(
            mentor=world.rep_a, mentee=world.rep_a, valid_from=date(2026, 1, 1)
        )


def test_one_current_statement_per_person_and_month(july: July) -> None:
    incentives_compute(month=JULY, as_of=AS_OF, user=None)
    current = IncentiveStatement.objects.filter(person=july.world.rep_a).get()
    current.pk = None
    current.version = 2
    with pytest.raises(IntegrityError), transaction.atomic():
        current.save()


def test_months() -> None:
    assert parse_month(" 2026-07 ") == date(2026, 7, 1)
    assert month_end(date(2026, 12, 1)) == date(2027, 1, 1)
    assert month_end(date(2026, 2, 1)) == date(2026, 3, 1)
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    for bad in ("2026-00", "2026-7", "26-07", ""):
        with pytest.raises(MonthError):
            parse_month(bad)
