"""Pages that change plans: edit a node, versions and their change log, scenarios and compare.

Plans come through ``plans_for`` and nodes through ``visible_node_ids``: what a person cannot see
is *not found* (404), for every role. Seeing a node but not being allowed to change it is 403
(reps, and managers for a node with people outside their scope). Writes are POST with CSRF;
bad input is shown on the form, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pacer.access import Actor, actor_for, get_visible
from pacer.plans.conflicts import PlanConflictError, change_author
from pacer.plans.edits import (
    NodeChange,
    PlanForbiddenError,
    PlanInvalidError,
    SiblingsCannotAbsorbError,
    Tree,
    may_change_node,
    may_edit_plans,
    node_update_preview,
    plan_node_move,
    plan_node_update,
)
from pacer.plans.models import Plan, PlanChange, PlanNode, PlanStatus
from pacer.plans.scenarios import plan_scenario_create, scenario_compare
from pacer.plans.selectors import plans_for, visible_node_ids
from pacer.plans.services import PlanError
from pacer.plans.versions import plan_revise, plan_version_approve
from pacer.plans.web.write_forms import NodeEditForm, NodeMoveForm, ReasonForm, ScenarioForm

ACTIONS = {
    "build": _("生成"),
    "approve": _("批准"),
    "revise": _("新建版本"),
    "node_update": _("调整目标"),
    "node_move": _("调动目标"),
}


def _plan(request: HttpRequest, pk: int) -> tuple[Actor, Plan]:
    actor = actor_for(request.user)
    return actor, get_visible(plans_for(actor), pk)


# -- node edit -------------------------------------------------------------------------------------


def _node(actor: Actor, plan: Plan, node_id: int) -> tuple[Tree, PlanNode]:
    """The node to edit: 404 when unseen (for every role, so that it does not leak), then 403
    for roles that edit nothing and for a node whose people are not all in scope."""
    if node_id not in visible_node_ids(actor, plan):
        raise Http404
    if not may_edit_plans(actor):
        raise PermissionDenied
    node = get_visible(PlanNode.objects.filter(plan=plan), node_id)
    tree = Tree.of(plan, node.tree)
    node = tree.nodes[node.pk]
    if not may_change_node(actor, tree, node):
        raise PermissionDenied
    return tree, node


def _move_form(
    tree: Tree, node: PlanNode, plan: Plan, data: Any = None, amount: Decimal | None = None
) -> NodeMoveForm:
    siblings = [(s.pk, s.label) for s in tree.siblings(node)]
    others = [pk for pk, _label in siblings if pk != node.pk]
    initial = {
        "to_node": node.pk,
        "from_node": others[0] if others else None,
        "amount": amount,
        "edit_version": plan.edit_version,
    }
    return NodeMoveForm(data, siblings=siblings, initial=initial)


def _edit_page(
    request: HttpRequest,
    actor: Actor,
    plan: Plan,
    tree: Tree,
    node: PlanNode,
    *,
    form: NodeEditForm,
    move_form: NodeMoveForm | None = None,
    preview: list[NodeChange] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    if move_form is None and len(tree.siblings(node)) > 1:
        move_form = _move_form(tree, node, plan)
    ancestors = _ancestors(tree, node)
    children = tree.children.get(node.pk, [])
    around = [*ancestors, *tree.siblings(node), *children]
    context = {
        "plan": plan,
        "node": node,
        "path": tree.path(node),
        "ancestors": ancestors,
        "siblings": tree.siblings(node),
        "children": children,
        "editable_ids": {n.pk for n in around if may_change_node(actor, tree, n)},
        "form": form,
        "move_form": move_form,
        "preview": preview,
        "error": error,
    }
    # An htmx request gets only the editor (the refusal, the current numbers and the forms).
    htmx = request.headers.get("HX-Request") == "true"
    template = "plans/edit_node.html#editor" if htmx else "plans/edit_node.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _ancestors(tree: Tree, node: PlanNode) -> list[PlanNode]:
    result: list[PlanNode] = []
    here = tree.nodes.get(node.parent_id) if node.parent_id is not None else None
    while here is not None and len(result) <= len(tree.nodes):
        result.append(here)
        here = tree.nodes.get(here.parent_id) if here.parent_id is not None else None
    return list(reversed(result))


def _with_current_version(request: HttpRequest, plan: Plan) -> QueryDict:
    """The user's input again, with the plan's current edit number (after a conflict)."""
    data = request.POST.copy()
    data["edit_version"] = str(plan.edit_version)
    return data


def _edit_failed(
    request: HttpRequest,
    actor: Actor,
    plan: Plan,
    node: PlanNode,
    *,
    form: NodeEditForm,
    exc: PlanError,
) -> HttpResponse:
    """The edit page again with the reason the edit was refused (and the move form if useful)."""
    if isinstance(exc, PlanForbiddenError):
        raise PermissionDenied from exc
    plan.refresh_from_db()
    tree = Tree.of(plan, node.tree)
    node = tree.nodes[node.pk]
    if isinstance(exc, PlanConflictError):
        form = NodeEditForm(_with_current_version(request, plan))
        return _edit_page(request, actor, plan, tree, node, form=form, error=str(exc), status=409)
    move = None
    if isinstance(exc, SiblingsCannotAbsorbError) and len(tree.siblings(node)) > 1:
        amount = form.cleaned_data["amount"]
        move = _move_form(tree, node, plan, amount=abs(amount - node.amount) or None)
    return _edit_page(
        request, actor, plan, tree, node, form=form, move_form=move, error=str(exc), status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, pk: int, node_id: int) -> HttpResponse:
    actor, plan = _plan(request, pk)
    tree, node = _node(actor, plan, node_id)
    if request.method != "POST":
        initial = {"amount": node.amount, "edit_version": plan.edit_version}
        return _edit_page(request, actor, plan, tree, node, form=NodeEditForm(initial=initial))
    form = NodeEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, actor, plan, tree, node, form=form, status=400)
    amount = form.cleaned_data["amount"]
    try:
        if "preview" in request.POST:
            preview = node_update_preview(plan=plan, node=node, amount=amount, user=request.user)
            return _edit_page(request, actor, plan, tree, node, form=form, preview=preview)
        plan_node_update(
            plan=plan,
            node=node,
            amount=amount,
            user=request.user,
            reason=form.cleaned_data["reason"],
            edit_version=form.cleaned_data["edit_version"],
        )
    except PlanError as exc:
        return _edit_failed(request, actor, plan, node, form=form, exc=exc)
    messages.success(request, gettext("已保存，同级已重新平衡"))
    return redirect("plans:node_edit", pk=plan.pk, node_id=node.pk)


@login_required
@require_POST
def node_move(request: HttpRequest, pk: int, node_id: int) -> HttpResponse:
    actor, plan = _plan(request, pk)
    tree, node = _node(actor, plan, node_id)
    edit_form = NodeEditForm(initial={"amount": node.amount, "edit_version": plan.edit_version})
    form = _move_form(tree, node, plan, data=request.POST)
    if not form.is_valid():
        return _edit_page(
            request, actor, plan, tree, node, form=edit_form, move_form=form, status=400
        )
    data = form.cleaned_data
    try:
        plan_node_move(
            plan=plan,
            from_node=tree.nodes[data["from_node"]],
            to_node=tree.nodes[data["to_node"]],
            amount=data["amount"],
            user=request.user,
            reason=data["reason"],
            edit_version=data["edit_version"],
        )
    except PlanForbiddenError as exc:
        raise PermissionDenied from exc
    except PlanError as exc:
        plan.refresh_from_db()
        tree = Tree.of(plan, node.tree)
        node = tree.nodes[node.pk]
        return _edit_page(
            request,
            actor,
            plan,
            tree,
            node,
            form=NodeEditForm(initial={"amount": node.amount, "edit_version": plan.edit_version}),
            move_form=_move_form(tree, node, plan, data=_with_current_version(request, plan)),
            error=str(exc),
            status=409 if isinstance(exc, PlanConflictError) else 400,
        )
    messages.success(request, gettext("已调动"))
    return redirect("plans:node_edit", pk=plan.pk, node_id=node.pk)


# -- versions --------------------------------------------------------------------------------------


@dataclass
class LogEntry:
    """A change as shown: the nodes the viewer may see, and how many were left out."""

    change: PlanChange
    version: int
    action: str
    who: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0


def _history(actor: Actor, versions: list[Plan]) -> list[LogEntry]:
    """The change log of a lineage, newest first, narrowed to the nodes ``actor`` may see."""
    visible = {p.pk: visible_node_ids(actor, p) for p in versions}
    version_of = {p.pk: p.version for p in versions}
    changes = (
        PlanChange.objects.filter(plan__in=versions)
        .select_related("who", "who__person")
        .order_by("-at", "-pk")
    )
    entries = []
    for c in changes:
        before = {n["id"]: n for n in c.before.get("nodes", [])}
        rows = [
            {
                # The company root is the same on every line; the rest says where.
                "path": " / ".join(n["path"][1:] or n["path"]),
                "before": Decimal(before[n["id"]]["amount"]) if n["id"] in before else None,
                "after": Decimal(n["amount"]),
            }
            for n in c.after.get("nodes", [])
            if n["id"] in visible[c.plan_id]
        ]
        hidden = len(c.after.get("nodes", [])) - len(rows)
        if hidden and not rows:
            continue  # a change made wholly outside what this person may see
        label = ACTIONS.get(c.action, c.action)
        entries.append(
            LogEntry(
                c, version_of[c.plan_id], str(label), change_author(c), nodes=rows, hidden=hidden
            )
        )
    return entries


@login_required
@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    actor, plan = _plan(request, pk)
    lineage = list(
        plans_for(actor)
        .filter(lineage=plan.lineage)
        .select_related("approved_by__person", "created_by__person")
        .order_by("-version")
    )
    context = {
        "plan": plan,
        "versions": lineage,
        "log": _history(actor, lineage),
        "may_approve": actor.is_director_or_admin,
        "may_revise": may_edit_plans(actor),
        "has_draft": any(p.status == PlanStatus.DRAFT for p in lineage),
        "form": ReasonForm(),
    }
    return render(request, "plans/versions.html", context)


def _version_action(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    actor, plan = _plan(request, pk)
    allowed = actor.is_director_or_admin if approve else may_edit_plans(actor)
    if not allowed:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写说明"))
        return redirect("plans:versions", pk=plan.pk)
    reason = form.cleaned_data["reason"]
    try:
        if approve:
            plan_version_approve(plan=plan, user=request.user, reason=reason)
            done = plan
        else:
            done = plan_revise(plan=plan, user=request.user, reason=reason)
    except PlanInvalidError as exc:
        messages.error(request, str(exc))
        for problem in exc.problems[:10]:
            messages.error(request, problem.message)
        return redirect("plans:versions", pk=plan.pk)
    except PlanForbiddenError as exc:
        raise PermissionDenied from exc
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plans:versions", pk=plan.pk)
    text = (gettext("已批准 v%(version)s") if approve else gettext("已新建草稿 v%(version)s")) % {
        "version": done.version
    }
    messages.success(request, text)
    return redirect("plans:versions", pk=done.pk)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_action(request, pk, approve=True)


@login_required
@require_POST
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_action(request, pk, approve=False)


# -- scenarios -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scenarios(request: HttpRequest, pk: int) -> HttpResponse:
    actor, plan = _plan(request, pk)
    may_create = actor.is_director_or_admin
    form = ScenarioForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                scenario = plan_scenario_create(
                    plan=plan,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    changes=form.changes(),
                )
            except PlanError as exc:
                error, status = str(exc), 400
            else:
                messages.success(request, gettext("情景已生成"))
                return redirect("plans:scenario_compare", a=plan.pk, b=scenario.pk)
        else:
            status = 400
    context = {
        "plan": plan,
        "source": plan.scenario_of,
        "scenarios": plans_for(actor).filter(scenario_of=plan).order_by("-created_at", "-pk"),
        "form": form if may_create else None,
        "error": error,
    }
    return render(request, "plans/scenarios.html", context, status=status)


@login_required
@require_GET
def scenario_compare_page(request: HttpRequest, a: int, b: int) -> HttpResponse:
    actor, plan_a = _plan(request, a)
    plan_b = get_visible(plans_for(actor), b)
    context = {"a": plan_a, "b": plan_b, "sections": scenario_compare(plan_a, plan_b, actor=actor)}
    return render(request, "plans/scenario_compare.html", context)
