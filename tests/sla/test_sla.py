"""The SLA board: breaches by calendar days, settings, pages and scoping per role."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from pacer.access import actor_for_person
from pacer.crm.models import Project
from pacer.sla.models import RequestStatus, ServiceRequest, SlaSetting
from pacer.sla.selectors import department_summary, project_flags, request_rows, requests_for
from pacer.sla.services import (
    SlaError,
    SlaForbiddenError,
    service_request_create,
    service_request_respond,
)
from tests.world import PASSWORD, World

ASKED = datetime(2026, 6, 1, 9, 30, tzinfo=timezone.get_fixed_timezone(8 * 60))


def _ask(world: World, key: str, kind: str = "contract_review", **extra: object) -> ServiceRequest:
    rep = {"a": world.rep_a, "b": world.rep_b, "c": world.rep_c}[key]
    return service_request_create(
        actor=actor_for_person(rep),
        project=world.projects[key],
        kind=kind,
        requested_at=ASKED,
        **extra,
    )


def _client(login: str) -> Client:
    client = Client()
    assert client.login(username=login, password=PASSWORD)
    return client


def test_default_slas_are_rows_editable_in_the_admin(db: None) -> None:
    assert dict(SlaSetting.objects.values_list("kind", "days")) == {
        "contract_review": 3,
        "quote_approval": 2,
        "delivery_date": 2,
        "other": 3,
    }


@pytest.mark.parametrize(("days", "breached"), [(2, False), (3, False), (4, True)])
def test_contract_review_is_breached_after_three_days(
    world: World, days: int, breached: bool
) -> None:
    request = _ask(world, "a")
    assert request.department == "legal"
    service_request_respond(
        actor=actor_for_person(world.rep_a),
        request=request,
        responded_at=ASKED + timedelta(days=days),
        note="已审核",
    )
    (row,) = request_rows(ServiceRequest.objects.all(), now=ASKED + timedelta(days=30))
    assert row.request.status == RequestStatus.ANSWERED
    assert row.sla_days == 3
    assert row.state.elapsed_days == days
    assert row.breached is breached


def test_open_requests_breach_as_time_passes_and_settings_change_the_limit(world: World) -> None:
    _ask(world, "a", kind="quote_approval")
    requests = ServiceRequest.objects.all()
    (on_time,) = request_rows(requests, now=ASKED + timedelta(days=1))
    (late,) = request_rows(requests, now=ASKED + timedelta(days=2, minutes=1))
    assert (on_time.breached, late.breached) == (False, True)
    assert late.request.department == "finance"
    SlaSetting.objects.filter(kind="quote_approval").update(days=5)
    (relaxed,) = request_rows(requests, now=ASKED + timedelta(days=4))
    assert (relaxed.sla_days, relaxed.breached) == (5, False)
    summary = {s.department: s for s in department_summary([late])}
    assert (summary["finance"].open, summary["finance"].breached) == (1, 1)
    assert summary["legal"].total == 0


def test_refusals(world: World) -> None:
    with pytest.raises(SlaForbiddenError):
        service_request_create(
            actor=actor_for_person(world.rep_a),
            project=world.projects["b"],
            kind="contract_review",
            requested_at=ASKED,
        )
    with pytest.raises(SlaError, match="须选择对接部门"):
        _ask(world, "a", kind="other")
    request = _ask(world, "a")
    with pytest.raises(SlaError, match="早于发起时间"):
        service_request_respond(
            actor=actor_for_person(world.rep_a),
            request=request,
            responded_at=ASKED - timedelta(hours=1),
        )
    service_request_respond(
        actor=actor_for_person(world.rep_a), request=request, responded_at=ASKED
    )
    with pytest.raises(SlaError, match="已经回复或取消"):
        service_request_respond(
            actor=actor_for_person(world.rep_a), request=request, responded_at=ASKED
        )


@pytest.mark.parametrize(
    ("login", "visible"),
    [
        ("rep_a", {"a"}),
        ("manager_south", {"a", "b"}),
        ("manager_east", {"c"}),
        ("director", {"a", "b", "c"}),
    ],
)
def test_board_and_forms_are_scoped(world: World, login: str, visible: set[str]) -> None:
    made = {key: _ask(world, key) for key in ("a", "b", "c")}
    client = _client(login)
    board = client.get("/sla/")
    assert board.status_code == 200
    page = board.content.decode()
    for key, request in made.items():
        assert (f'data-request="{request.pk}"' in page) is (key in visible)
        respond = client.get(f"/sla/{request.pk}/respond/")
        assert respond.status_code == (200 if key in visible else 404)
    # every request was asked on 06-01 and is long overdue now: all highlighted
    assert page.count('class="is-breached"') == len(visible)


def test_create_and_respond_through_the_pages(world: World) -> None:
    client = _client("rep_a")
    form = client.get(f"/sla/new/?project={world.projects['a'].pk}").content.decode()
    assert f'<option value="{world.projects["b"].pk}"' not in form
    now = timezone.localtime()
    response = client.post(
        "/sla/new/",
        {
            "project": world.projects["a"].pk,
            "kind": "delivery_date",
            "department": "",
            "subject": "确认 8 月交期",
            "requested_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert (request.department, request.requested_by) == ("delivery", world.rep_a)
    # another rep's project is not a choice
    refused = client.post(
        "/sla/new/",
        {
            "project": world.projects["b"].pk,
            "kind": "contract_review",
            "requested_at": now.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert refused.status_code == 400
    future = client.post(
        "/sla/new/",
        {
            "project": world.projects["a"].pk,
            "kind": "contract_review",
            "requested_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert future.status_code == 400
    assert "发起时间不能晚于现在" in future.content.decode()
    assert ServiceRequest.objects.count() == 1

    answered = client.post(
        f"/sla/{request.pk}/respond/",
        {"responded_at": now.strftime("%Y-%m-%dT%H:%M"), "note": "8 月 20 日可交付"},
    )
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.response_note == "8 月 20 日可交付"
    # the delivery-date SLA is 2 days; answered after about one: in time
    (row,) = request_rows(ServiceRequest.objects.all(), now=timezone.now())
    assert not row.breached


def test_project_flags_show_open_and_breached_requests(world: World) -> None:
    late = _ask(world, "a")
    answered = _ask(world, "a", kind="quote_approval")
    service_request_respond(
        actor=actor_for_person(world.rep_a),
        request=answered,
        responded_at=ASKED + timedelta(hours=5),
    )
    flags = project_flags(actor_for_person(world.rep_a), world.projects["a"], now=timezone.now())
    assert [row.request.pk for row in flags] == [late.pk]
    assert project_flags(actor_for_person(world.rep_b), world.projects["a"], now=ASKED) == []

    request = RequestFactory().get("/")
    request.user = world.rep_a.user
    html = Template("{% load sla %}{% sla_flags project %}").render(
        Context({"request": request, "project": world.projects["a"]})
    )
    assert 'id="sla-flags"' in html
    assert f'data-request="{late.pk}"' in html
    assert "已超时" in html
    assert f'data-request="{answered.pk}"' not in html
    request.user = AnonymousUser()
    nothing = Template("{% load sla %}{% sla_flags project %}").render(
        Context({"request": request, "project": world.projects["a"]})
    )
    assert nothing.strip() == ""


def test_requests_follow_their_project(world: World) -> None:
    request = _ask(world, "a")
    project: Project = world.projects["a"]
    project.owner = world.rep_c
    project.save()
    assert not requests_for(actor_for_person(world.rep_a)).filter(pk=request.pk).exists()
    assert requests_for(actor_for_person(world.rep_c)).filter(pk=request.pk).exists()


def test_admin_edits_the_slas(world: World) -> None:
    client = _client("admin")
    page = client.get("/admin/sla/slasetting/")
    assert page.status_code == 200
    row = SlaSetting.objects.get(kind="contract_review")
    edit = client.post(
        f"/admin/sla/slasetting/{row.pk}/change/", {"kind": "contract_review", "days": "5"}
    )
    assert edit.status_code == 302
    assert SlaSetting.objects.get(kind="contract_review").days == 5
    assert client.get("/admin/reviews/review/").status_code == 200
