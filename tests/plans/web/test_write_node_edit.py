"""The node edit page through real HTTP: preview, save, move, conflicts, scope and bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pacer.plans.models import Plan, PlanChange, PlanNode
from pacer.plans.validation import plan_validate
from pacer.plans.versions import plan_revise, plan_version_approve


def client_for(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=f"demo-{name}"))
    return client


def node(plan: Plan, label: str, tree: str = "org") -> PlanNode:
    return PlanNode.objects.get(plan=plan, tree=tree, label=label)


def edit_url(plan: Plan, target: PlanNode) -> str:
    return reverse("plans:node_edit", args=[plan.pk, target.pk])


def amounts(plan: Plan) -> dict[int, Decimal]:
    return dict(PlanNode.objects.filter(plan=plan).values_list("pk", "amount"))


def test_the_page_shows_the_node_its_siblings_and_a_form(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    response = client_for("director").get(edit_url(demo_plan, target))
    assert response.status_code == 200
    html = response.content.decode()
    for sibling in PlanNode.objects.filter(parent_id=target.parent_id):
        assert sibling.label in html
    assert 'name="edit_version"' in html
    assert f'value="{demo_plan.edit_version}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "珠三角一区（深莞惠）" in html  # the path


def test_preview_shows_siblings_before_and_after_and_writes_nothing(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    before = amounts(demo_plan)
    response = client_for("director").post(
        edit_url(demo_plan, target),
        {
            "amount": str(target.amount + 300_000),
            "reason": "预览",
            "edit_version": demo_plan.edit_version,
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert amounts(demo_plan) == before
    preview = response.context["preview"]
    assert len(preview) == 4
    assert sum(r.after for r in preview) == sum(r.before for r in preview)
    assert "调整后" in response.content.decode()


def test_saving_rebalances_logs_and_redirects(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    client = client_for("director")
    response = client.post(
        edit_url(demo_plan, target),
        {
            "amount": str(target.amount + 300_000),
            "reason": "新签框架协议",
            "edit_version": demo_plan.edit_version,
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url(demo_plan, target)
    assert node(demo_plan, "付秀").amount == target.amount + 300_000
    assert plan_validate(demo_plan) == []
    change = PlanChange.objects.get(plan=demo_plan, action="node_update")
    assert change.reason == "新签框架协议"
    page = client.get(response["Location"]).content.decode()
    assert "已保存" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"amount": "abc", "reason": "x"}, "amount"),
        ({"amount": "-5", "reason": "x"}, "amount"),
        ({"amount": "1.234", "reason": "x"}, "amount"),
        ({"amount": "NaN", "reason": "x"}, "amount"),
        ({"amount": "100", "reason": ""}, "reason"),
        ({"amount": "100", "reason": "x", "edit_version": "soon"}, "edit_version"),
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(
    demo_plan: Plan, data: dict[str, str], field: str
) -> None:
    target = node(demo_plan, "付秀")
    before = amounts(demo_plan)
    payload = {"edit_version": str(demo_plan.edit_version), "save": "1", **data}
    response = client_for("director").post(edit_url(demo_plan, target), payload)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert amounts(demo_plan) == before


def test_a_stale_form_is_a_conflict_with_the_current_numbers(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    client = client_for("director")
    opened_at = demo_plan.edit_version
    other = node(demo_plan, "罗勇")
    client.post(
        edit_url(demo_plan, other),
        {"amount": str(other.amount + 10), "reason": "先改", "edit_version": opened_at},
    )
    before = amounts(demo_plan)

    response = client.post(
        edit_url(demo_plan, target),
        {"amount": str(target.amount + 10), "reason": "后改", "edit_version": opened_at},
    )

    assert response.status_code == 409
    assert "修改了它" in response.content.decode()
    assert amounts(demo_plan) == before
    assert response.context["form"]["edit_version"].value() == str(opened_at + 1)


def test_siblings_that_cannot_absorb_offer_the_move_form_which_works(demo_plan: Plan) -> None:
    target = node(demo_plan, "付秀")
    parent = PlanNode.objects.get(pk=target.parent_id)
    client = client_for("director")
    before = amounts(demo_plan)

    response = client.post(
        edit_url(demo_plan, target),
        {"amount": str(parent.amount + 1), "reason": "超额", "edit_version": 0},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "负数" in html
    assert 'id="move-form"' in html
    assert amounts(demo_plan) == before

    source = node(demo_plan, "黄秀凯")
    response = client.post(
        reverse("plans:node_move", args=[demo_plan.pk, target.pk]),
        {
            "from_node": source.pk,
            "to_node": target.pk,
            "amount": "100000.00",
            "reason": "黄秀凯的客户转给付秀",
            "edit_version": 0,
        },
    )
    assert response.status_code == 302
    assert node(demo_plan, "付秀").amount == target.amount + 100_000
    assert node(demo_plan, "黄秀凯").amount == source.amount - 100_000
    assert plan_validate(demo_plan) == []

    response = client.post(
        reverse("plans:node_move", args=[demo_plan.pk, target.pk]),
        {"from_node": target.pk, "to_node": target.pk, "amount": "1", "reason": "x"},
    )
    assert response.status_code == 400


def test_a_rep_gets_403_and_a_manager_only_their_people(demo_plan: Plan) -> None:
    own = node(demo_plan, "付秀")
    other = node(demo_plan, "卢红")
    market = node(demo_plan, "新产品销售", tree="market")
    rep = client_for("rep01")
    assert rep.get(edit_url(demo_plan, own)).status_code == 403
    response = rep.post(
        edit_url(demo_plan, own), {"amount": "1", "reason": "x", "edit_version": "0"}
    )
    assert response.status_code == 403

    manager = client_for("prd1")
    assert manager.get(edit_url(demo_plan, own)).status_code == 200
    assert manager.get(edit_url(demo_plan, other)).status_code == 404
    assert manager.get(edit_url(demo_plan, market)).status_code == 403
    before = amounts(demo_plan)
    response = manager.post(
        edit_url(demo_plan, other),
        {"amount": str(other.amount + 1), "reason": "越权", "edit_version": "0"},
    )
    assert response.status_code == 404
    assert amounts(demo_plan) == before
    response = manager.post(
        edit_url(demo_plan, own),
        {"amount": str(own.amount + 1), "reason": "团队内调整", "edit_version": "0"},
    )
    assert response.status_code == 302
    assert node(demo_plan, "付秀").amount == own.amount + 1


def test_unknown_plans_and_nodes_are_not_found(demo_plan: Plan) -> None:
    client = client_for("director")
    target = node(demo_plan, "付秀")
    assert (
        client.get(reverse("plans:node_edit", args=[demo_plan.pk + 99, target.pk])).status_code
        == 404
    )
    assert client.get(reverse("plans:node_edit", args=[demo_plan.pk, 999_999])).status_code == 404
    anonymous = Client().get(edit_url(demo_plan, target))
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def test_writes_need_the_csrf_token(demo_plan: Plan) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="demo-director"))
    target = node(demo_plan, "付秀")
    response = client.post(
        edit_url(demo_plan, target),
        {"amount": str(target.amount + 1), "reason": "x", "edit_version": "0"},
    )
    assert response.status_code == 403
    assert node(demo_plan, "付秀").amount == target.amount


def test_an_approved_version_shows_why_it_cannot_be_edited(demo_plan: Plan) -> None:
    director = User.objects.get(username="demo-director")
    plan_version_approve(plan=demo_plan, user=director, reason="通过")
    target = node(demo_plan, "付秀")
    client = client_for("director")

    page = client.get(edit_url(demo_plan, target))
    assert page.status_code == 200
    assert 'id="not-editable"' in page.content.decode()
    response = client.post(
        edit_url(demo_plan, target),
        {"amount": str(target.amount + 1), "reason": "x", "edit_version": "0"},
    )
    assert response.status_code == 400
    assert "新建一个版本" in response.content.decode()
    assert node(demo_plan, "付秀").amount == target.amount

    v2 = plan_revise(plan=demo_plan, user=director, reason="调整")
    copied = node(v2, "付秀")
    assert client.get(edit_url(v2, copied)).status_code == 200
