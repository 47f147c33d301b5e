"""Edits of a draft plan, new versions of an approved one, and approval of a checked draft.

An edit sets one node's amount and takes the difference from its siblings in proportion to
their amounts, so the parent stays whole; a move takes an amount from one sibling and gives it
to another. Every changed node's subtree is rescaled (largest remainder, weighted by the old
amounts) so children still sum exactly, its months are rescaled the same way, and its ambition
levels follow the plan's rates. Who may change what: directors and admins every node; managers
the org-tree nodes whose people are all in their scope (and a re-balance only moves amounts
between such siblings); reps nothing. Each write checks the plan's ``edit_version`` (optimistic
locking) and leaves a ``PlanChange`` with who, why, before and after. Amounts are yuan to the fen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.db import transaction
from django.utils.translation import gettext

from pacer.access import Actor, actor_for
from pacer.planning.levels import ambition_levels
from pacer.planning.money import FEN, money_text, split_by_weights
from pacer.planning.tree import rebalance
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.conflicts import PlanConflictError, plan_conflict
from pacer.plans.models import Plan, PlanChange, PlanNode, PlanPeriod, PlanStatus
from pacer.plans.services import PlanError
from pacer.plans.validation import Problem

User = AuthUser | AnonymousUser


class PlanForbiddenError(PlanError):
    """The user's role or scope does not allow this change."""


class SiblingsCannotAbsorbError(PlanError):
    """The siblings that may change cannot take the difference without going negative."""


class PlanInvalidError(PlanError):
    """The plan's sums do not hold; ``problems`` lists where."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class NodeChange:
    """A node's amount before and after a change (yuan); ``path`` is its labels from the root."""

    node_id: int
    path: tuple[str, ...]
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


class Tree:
    """One tree of a stored plan, loaded at once: nodes by id and children in order."""

    def __init__(self, nodes: Iterable[PlanNode]) -> None:
        self.nodes = {n.pk: n for n in nodes}
        self.children: dict[int | None, list[PlanNode]] = defaultdict(list)
        for n in sorted(self.nodes.values(), key=lambda n: (n.position, n.pk)):
            self.children[n.parent_id].append(n)

    @classmethod
    def of(cls, plan: Plan, tree: str) -> Tree:
        return cls(PlanNode.objects.filter(plan=plan, tree=tree))

    def path(self, node: PlanNode) -> tuple[str, ...]:
        labels: list[str] = []
        here: PlanNode | None = node
        while here is not None and len(labels) <= len(self.nodes):
            labels.append(here.label)
            here = self.nodes.get(here.parent_id) if here.parent_id is not None else None
        return tuple(reversed(labels))

    def siblings(self, node: PlanNode) -> list[PlanNode]:
        """The node and its siblings, in the plan's order."""
        return self.children[node.parent_id]

    def subtree(self, node: PlanNode) -> Iterator[PlanNode]:
        stack = [node]
        while stack:
            here = stack.pop()
            yield here
            stack.extend(self.children.get(here.pk, []))

    def people_under(self, node: PlanNode) -> set[int]:
        return {n.person_id for n in self.subtree(node) if n.person_id is not None}


# -- who may change what --------------------------------------------------------------------------


def may_change_node(actor: Actor, tree: Tree, node: PlanNode) -> bool:
    """Directors and admins: every node; managers: org nodes whose people are all in scope."""
    if actor.is_director_or_admin:
        return True
    if not actor.is_manager or node.tree != "org":
        return False
    people = tree.people_under(node)
    return bool(people) and all(actor.sees_person(p) for p in people)


def may_edit_plans(actor: Actor) -> bool:
    """Roles that may edit some node of a draft (and so ask for a new version)."""
    return actor.is_director_or_admin or actor.is_manager


def editable_node_ids(actor: Actor, plan: Plan) -> set[int]:
    """Nodes of ``plan`` the actor may edit now (none unless the plan is a draft)."""
    if not plan.is_editable or not may_edit_plans(actor):
        return set()
    result: set[int] = set()
    for tree_name in ("market", "org"):
        tree = Tree.of(plan, tree_name)
        result |= {pk for pk, n in tree.nodes.items() if may_change_node(actor, tree, n)}
    return result


# -- previews (no writes) -------------------------------------------------------------------------


def node_update_preview(
    *, plan: Plan, node: PlanNode, amount: Decimal, user: User
) -> list[NodeChange]:
    """The node and its siblings before and after setting ``node`` to ``amount`` (no write)."""
    actor = _editor(user)
    tree = Tree.of(plan, node.tree)
    node = _node_in(tree, node)
    new = _spread(actor, tree, node, _amount(amount))
    return [
        NodeChange(s.pk, tree.path(s), s.amount, new.get(s.pk, s.amount))
        for s in tree.siblings(node)
    ]


def _spread(actor: Actor, tree: Tree, node: PlanNode, amount: Decimal) -> dict[int, Decimal]:
    """New amounts of the siblings that change when ``node`` is set to ``amount``."""
    if not may_change_node(actor, tree, node):
        raise PlanForbiddenError(gettext("您不能调整「%(label)s」") % {"label": node.label})
    if node.parent_id is None:
        raise PlanError(gettext("年度目标是分解的起点，不在这里修改：请新建情景或新版本"))
    # Only siblings the editor may change absorb the difference: a manager's edit never
    # moves target onto or off people outside their scope.
    group = [s for s in tree.siblings(node) if s.pk == node.pk or may_change_node(actor, tree, s)]
    index = next(i for i, s in enumerate(group) if s.pk == node.pk)
    try:
        amounts = rebalance([s.amount for s in group], index, amount)
    except ValueError as exc:
        raise _cannot_absorb(tree, node, group, amount) from exc
    return {s.pk: a for s, a in zip(group, amounts, strict=True) if a != s.amount}


def _cannot_absorb(
    tree: Tree, node: PlanNode, group: list[PlanNode], amount: Decimal
) -> SiblingsCannotAbsorbError:
    parent = tree.nodes[node.parent_id] if node.parent_id is not None else node
    if len(group) == 1:
        return SiblingsCannotAbsorbError(
            gettext(
                "「%(label)s」没有可以一起调整的同级项，差额无处可去；请调整它的上级「%(parent)s」"
            )
            % {"label": node.label, "parent": parent.label}
        )
    available = sum((s.amount for s in group if s.pk != node.pk), Decimal(0))
    return SiblingsCannotAbsorbError(
        gettext(
            "「%(label)s」调到 %(amount)s 元，需要同级让出 %(needed)s 元，但可调整的同级合计只有"
            " %(available)s 元，会变成负数。请指定差额从哪一项调出，或先调整上级「%(parent)s」。"
        )
        % {
            "label": node.label,
            "amount": money_text(amount),
            "needed": money_text(amount - node.amount),
            "available": money_text(available),
            "parent": parent.label,
        }
    )


# -- writes ----------------------------------------------------------------------------------------


@transaction.atomic
def plan_node_update(
    *, plan: Plan, node: PlanNode, amount: Decimal, user: User, reason: str, edit_version: int
) -> PlanChange:
    """Set ``node`` to ``amount`` yuan; its siblings give or take the difference proportionally."""
    actor = _editor(user)
    reason = _reason(reason)
    locked = _lock_draft(plan, edit_version, node=node, yours=amount)
    tree = Tree.of(locked, node.tree)
    node = _node_in(tree, node)
    new = _spread(actor, tree, node, _amount(amount))
    new[node.pk] = _amount(amount)
    return _save(locked, plan, tree, new, user=user, reason=reason, action="node_update", node=node)


@transaction.atomic
def plan_node_move(
    *,
    plan: Plan,
    from_node: PlanNode,
    to_node: PlanNode,
    amount: Decimal,
    user: User,
    reason: str,
    edit_version: int,
) -> PlanChange:
    """Move ``amount`` yuan from one sibling to another; nothing else at their level changes."""
    actor = _editor(user)
    reason = _reason(reason)
    amount = _amount(amount)
    locked = _lock_draft(plan, edit_version, node=to_node, yours=to_node.amount + amount)
    tree = Tree.of(locked, from_node.tree)
    source = _node_in(tree, from_node)
    target = _node_in(tree, to_node)
    if source.pk == target.pk or source.parent_id != target.parent_id:
        raise PlanError(gettext("只能在同一上级下的两项之间调动"))
    for n in (source, target):
        if not may_change_node(actor, tree, n):
            raise PlanForbiddenError(gettext("您不能调整「%(label)s」") % {"label": n.label})
    if amount <= 0:
        raise PlanError(gettext("调动金额必须大于零"))
    if amount > source.amount:
        raise SiblingsCannotAbsorbError(
            gettext("「%(label)s」只有 %(available)s 元，调不出 %(amount)s 元")
            % {
                "label": source.label,
                "available": money_text(source.amount),
                "amount": money_text(amount),
            }
        )
    new = {source.pk: source.amount - amount, target.pk: target.amount + amount}
    return _save(locked, plan, tree, new, user=user, reason=reason, action="node_move", node=target)


def _editor(user: User) -> Actor:
    actor = actor_for(user)
    if not may_edit_plans(actor):
        raise PlanForbiddenError(gettext("只有总监、管理员和经理可以调整计划"))
    return actor


def _login(user: User) -> AuthUser | None:
    return user if isinstance(user, AuthUser) else None


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise PlanError(gettext("请填写调整原因"))
    return text


def _amount(amount: Decimal) -> Decimal:
    if not amount.is_finite() or amount != amount.quantize(FEN):
        raise PlanError(gettext("金额 %(amount)s 无效：请填写精确到分的数字") % {"amount": amount})
    if amount < 0:
        raise PlanError(gettext("金额不能为负数"))
    return amount.quantize(FEN)


def _lock_draft(
    plan: Plan, edit_version: int, *, node: PlanNode | None = None, yours: Decimal | None = None
) -> Plan:
    """The plan, locked until the end of the transaction, if it is still the draft the user saw.

    The lock makes concurrent edits of one plan wait for each other; the ``edit_version`` check
    then refuses every one but the first, so no edit is made on numbers its author never saw.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise PlanError(gettext("已批准的计划不能直接修改：请先新建一个版本"))
    if locked.edit_version != edit_version:
        conflict: PlanConflictError = plan_conflict(locked, edit_version, node=node, yours=yours)
        raise conflict
    return locked


def _node_in(tree: Tree, node: PlanNode) -> PlanNode:
    found = tree.nodes.get(node.pk)
    if found is None:
        raise PlanError(gettext("这个节点不属于该计划"))
    return found


def _save(
    locked: Plan,
    plan: Plan,
    tree: Tree,
    new: dict[int, Decimal],
    *,
    user: User,
    reason: str,
    action: str,
    node: PlanNode,
) -> PlanChange:
    changes = _apply(locked, tree, new)
    locked.edit_version += 1
    locked.save(update_fields=["edit_version"])
    plan.edit_version = locked.edit_version
    who = _login(user)

    def side(amount_of: Callable[[NodeChange], Decimal]) -> list[dict[str, Any]]:
        return [
            {"id": c.node_id, "tree": node.tree, "path": list(c.path), "amount": str(amount_of(c))}
            for c in changes
        ]

    return PlanChange.objects.create(
        plan=locked,
        node=node,
        action=action,
        who=who,
        reason=reason,
        before={"edit_version": locked.edit_version - 1, "nodes": side(lambda c: c.before)},
        after={"edit_version": locked.edit_version, "nodes": side(lambda c: c.after)},
    )


def _apply(plan: Plan, tree: Tree, new: dict[int, Decimal]) -> list[NodeChange]:
    """Set the new amounts, rescale subtrees, months, levels and quotas; save the changed rows."""
    a = assumptions_from_json(plan.assumptions)
    pending = list(new.items())
    changed: dict[int, NodeChange] = {}
    while pending:
        pk, amount = pending.pop()
        node = tree.nodes[pk]
        if amount == node.amount:
            continue
        changed[pk] = NodeChange(pk, tree.path(node), node.amount, amount)
        kids = tree.children.get(pk, [])
        if kids:
            parts = split_by_weights(amount, [k.amount for k in kids])
            pending.extend((k.pk, part) for k, part in zip(kids, parts, strict=True))
        node.amount = amount
        levels = ambition_levels(amount, a.ambition)
        node.base, node.stretch, node.breakthrough = (
            levels.base,
            levels.stretch,
            levels.breakthrough,
        )
        if node.quota is not None:
            node.quota = (amount * (1 + a.over_assign)).quantize(FEN)
            for driver in node.drivers:
                if "quota" in driver.get("values", {}):
                    driver["values"]["quota"] = str(node.quota)
    rows = [tree.nodes[pk] for pk in changed]
    fields = ["amount", "base", "stretch", "breakthrough", "quota", "drivers"]
    PlanNode.objects.bulk_update(rows, fields)
    _rescale_months(rows, a.coverage_threshold)
    return sorted(changed.values(), key=lambda c: (tree.nodes[c.node_id].position, c.node_id))


def _rescale_months(nodes: list[PlanNode], threshold: Decimal) -> None:
    """Each node's months rescaled to its new amount, in proportion to the old months."""
    months: dict[int, list[PlanPeriod]] = defaultdict(list)
    periods = PlanPeriod.objects.filter(node__in=[n.pk for n in nodes]).order_by("node", "start")
    for p in periods:
        months[p.node_id].append(p)
    updated = []
    for node in nodes:
        own = months.get(node.pk, [])
        if not own:
            continue
        parts = split_by_weights(node.amount, [p.amount for p in own])
        for p, part in zip(own, parts, strict=True):
            # The projects behind a month do not change with its target: the identified part
            # stays, capped by the month's new target, and the run-rate part takes the rest.
            p.amount = part
            p.identified = min(p.identified, part)
            p.run_rate = part - p.identified
            p.coverage = (p.pipeline / part).quantize(Decimal("0.01")) if part > 0 else None
            p.coverage_warning = p.coverage is not None and p.coverage < threshold
            updated.append(p)
    fields = ["amount", "identified", "run_rate", "coverage", "coverage_warning"]
    PlanPeriod.objects.bulk_update(updated, fields)
