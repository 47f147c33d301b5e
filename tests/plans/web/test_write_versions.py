"""Versions page: approve, revise, the change log and who may see what in it."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pacer.plans.edits import plan_node_update
from pacer.plans.models import Plan, PlanNode, PlanPeriod, PlanStatus


def user(name: str) -> User:
    return User.objects.get(username=f"demo-{name}")


def client_for(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def node(plan: Plan, label: str) -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree="org", label=label)


def edit(plan: Plan, label: str, delta: int, reason: str) -> None:
    target = node(plan, label)
    plan_node_update(
        plan=plan,
        node=target,
        amount=target.amount + delta,
        user=user("director"),
        reason=reason,
        edit_version=plan.edit_version,
    )


def test_approve_revise_and_approve_again_through_the_page(demo_plan: Plan) -> None:
    client = client_for("director")
    url = reverse("plans:versions", args=[demo_plan.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'action="{}"'.format(reverse("plans:approve", args=[demo_plan.pk])) in (
        page.content.decode()
    )

    response = client.post(
        reverse("plans:approve", args=[demo_plan.pk]), {"reason": "年度会议通过"}
    )
    assert response.status_code == 302
    demo_plan.refresh_from_db()
    assert demo_plan.status == PlanStatus.APPROVED
    periods_v1 = list(PlanPeriod.objects.filter(node__plan=demo_plan).order_by("pk").values())

    response = client.post(
        reverse("plans:revise", args=[demo_plan.pk]), {"reason": "二季度新签大单"}
    )
    assert response.status_code == 302
    v2 = Plan.objects.get(lineage=demo_plan.lineage, version=2)
    assert response["Location"] == reverse("plans:versions", args=[v2.pk])
    edit(v2, "付秀", 150_000, "大单落在付秀")

    page = client.get(reverse("plans:versions", args=[v2.pk])).content.decode()
    assert 'data-version="1"' in page
    assert 'data-version="2"' in page
    assert "已批准" in page
    assert "草稿" in page
    for text in ("年度会议通过", "二季度新签大单", "大单落在付秀", "付秀", "梁涛海"):
        assert text in page
    assert list(PlanPeriod.objects.filter(node__plan=demo_plan).order_by("pk").values()) == (
        periods_v1
    )

    response = client.post(reverse("plans:approve", args=[v2.pk]), {"reason": "调整后通过"})
    assert response.status_code == 302
    demo_plan.refresh_from_db()
    v2.refresh_from_db()
    assert (demo_plan.status, v2.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    page = client.get(reverse("plans:versions", args=[demo_plan.pk])).content.decode()
    assert "已被新版本取代" in page


def test_the_log_shows_before_and_after_of_each_changed_node(demo_plan: Plan) -> None:
    before = node(demo_plan, "付秀").amount
    edit(demo_plan, "付秀", 10_000, "客户追加")
    response = client_for("director").get(reverse("plans:versions", args=[demo_plan.pk]))
    entry = next(e for e in response.context["log"] if e.change.action == "node_update")
    assert entry.who == "梁涛海"
    assert entry.action == "调整目标"
    rows = {r["path"].split(" / ")[-1]: r for r in entry.nodes}
    assert rows["付秀"]["before"] == before
    assert rows["付秀"]["after"] == before + Decimal(10_000)
    assert entry.hidden == 0


def test_people_see_only_log_lines_about_what_they_may_see(demo_plan: Plan) -> None:
    edit(demo_plan, "卢红", 10_000, "卢红的客户提前下单")  # another team than rep01's
    edit(demo_plan, "付秀", 10_000, "付秀的客户追加")

    page = client_for("rep01").get(reverse("plans:versions", args=[demo_plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "付秀的客户追加" in html
    assert "卢红的客户提前下单" not in html
    entry = next(e for e in page.context["log"] if e.change.reason == "付秀的客户追加")
    assert [r["path"].split(" / ")[-1] for r in entry.nodes] == ["付秀"]
    assert entry.hidden == 3  # the siblings who gave up the difference
    assert not page.context["may_approve"]


def test_only_directors_approve_and_a_reason_is_required(demo_plan: Plan) -> None:
    url = reverse("plans:approve", args=[demo_plan.pk])
    assert client_for("rep01").post(url, {"reason": "x"}).status_code == 403
    assert client_for("prd1").post(url, {"reason": "x"}).status_code == 403
    client = client_for("director")
    response = client.post(url, {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert "请填写说明" in response.content.decode()
    assert client.get(url).status_code == 405
    demo_plan.refresh_from_db()
    assert demo_plan.status == PlanStatus.DRAFT


def test_an_invalid_plan_is_not_approved_and_the_page_says_where(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    PlanNode.objects.filter(pk=target.pk).update(amount=target.amount + 1)
    response = client_for("director").post(
        reverse("plans:approve", args=[demo_plan.pk]), {"reason": "通过"}, follow=True
    )
    html = response.content.decode()
    assert "不能批准" in html
    assert "付秀" in html
    demo_plan.refresh_from_db()
    assert demo_plan.status == PlanStatus.DRAFT


def test_revising_a_draft_says_why_not(demo_plan: Plan) -> None:
    response = client_for("director").post(
        reverse("plans:revise", args=[demo_plan.pk]), {"reason": "新版本"}, follow=True
    )
    assert "草稿可以直接修改" in response.content.decode()
    assert Plan.objects.filter(lineage=demo_plan.lineage).count() == 1
    assert (
        client_for("rep01")
        .post(reverse("plans:revise", args=[demo_plan.pk]), {"reason": "x"})
        .status_code
        == 403
    )
