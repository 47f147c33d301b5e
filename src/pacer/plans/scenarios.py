"""Scenarios: the same target rebuilt with changed assumptions, and two plans side by side.

A scenario is a new draft (its own lineage, ``scenario_of`` = the plan it came from) built from
the current data as of the source plan's ``as_of``, with the source's assumptions except those
changed. Changes a scenario may make: wanted growth, win-rate and deal-size factors, the new
product share, the seasonality source ("history" or "even") and the over-assignment of person
quotas. Growth, shares and over-assignment are fractions (0.15 = 15 %); factors multiply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.access import Actor, actor_for
from pacer.plans.acceptance import STAGE_LABELS
from pacer.plans.assumptions import assumptions_from_json
from pacer.plans.edits import PlanForbiddenError
from pacer.plans.labels import VERDICTS
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod
from pacer.plans.selectors import visible_actions
from pacer.plans.services import PlanError, plan_build

SCENARIO_FIELDS: dict[str, Promise] = {
    "wanted_growth": _("期望增长率"),
    "win_rate_factor": _("赢单率系数"),
    "deal_size_factor": _("客单价系数"),
    "new_product_share": _("新产品占比"),
    "seasonality_source": _("季节性来源"),
    "over_assign": _("个人指标超配比例"),
}
SEASONALITY_SOURCES: dict[str, Promise] = {
    "history": _("按历史季节性"),
    "even": _("平均分配"),
}


def _check(name: str, value: Any) -> Any:
    """The change as the planning core takes it, or ``PlanError`` naming the assumption."""
    label = SCENARIO_FIELDS.get(name)
    if label is None:
        raise PlanError(gettext("情景不能修改假设「%(name)s」") % {"name": name})
    if name == "seasonality_source":
        if value not in SEASONALITY_SOURCES:
            raise PlanError(
                gettext("「%(label)s」只能是 history 或 even，而不是「%(value)s」")
                % {"label": label, "value": value}
            )
        return value
    if name == "wanted_growth" and value is None:
        return None
    try:
        number = Decimal(value)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise PlanError(
            gettext("「%(label)s」不是数字：%(value)s") % {"label": label, "value": value}
        ) from exc
    bounds = {
        "wanted_growth": (Decimal(-1), Decimal(10), False),
        "win_rate_factor": (Decimal(0), Decimal(10), False),
        "deal_size_factor": (Decimal(0), Decimal(10), False),
        "new_product_share": (Decimal(0), Decimal(1), True),
        "over_assign": (Decimal(0), Decimal(1), True),
    }
    low, high, low_allowed = bounds[name]
    if (
        not number.is_finite()
        or number > high
        or number < low
        or (number == low and not low_allowed)
    ):
        raise PlanError(
            gettext("「%(label)s」的值 %(value)s 超出范围（%(low)s 到 %(high)s）")
            % {"label": label, "value": number, "low": low, "high": high}
        )
    return number


@transaction.atomic
def plan_scenario_create(
    *, plan: Plan, user: User | AnonymousUser, name: str, changes: Mapping[str, Any]
) -> Plan:
    """A new draft of ``plan``'s target rebuilt with ``changes`` to its assumptions."""
    if not actor_for(user).is_director_or_admin:
        raise PlanForbiddenError(gettext("只有总监和管理员可以新建情景"))
    old = assumptions_from_json(plan.assumptions)
    checked = {k: _check(k, v) for k, v in changes.items()}
    checked = {k: v for k, v in checked.items() if getattr(old, k) != v}
    if not checked:
        raise PlanError(gettext("情景至少要改变一项假设"))
    described = "；".join(
        gettext("%(label)s：%(before)s → %(after)s")
        % {"label": SCENARIO_FIELDS[k], "before": _text(getattr(old, k)), "after": _text(v)}
        for k, v in checked.items()
    )
    title = name.strip() or gettext("%(name)s · 情景") % {"name": plan.name}
    return plan_build(
        year=plan.year,
        target=plan.target,
        as_of=plan.as_of,
        name=title[:200],
        assumptions=replace(old, **checked),
        user=user if isinstance(user, User) else None,
        scenario_of=plan,
        reason=gettext("基于「%(source)s」的情景：%(changes)s")
        % {"source": str(plan), "changes": described},
    )


def _text(value: object) -> str:
    if value is None:
        return gettext("未设定")
    if isinstance(value, str) and value in SEASONALITY_SOURCES:
        return str(SEASONALITY_SOURCES[value])
    return str(value)


# -- side by side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    """One line of a comparison: the values of plan A and plan B.

    ``kind`` says how to read them: ``money`` (yuan), ``ratio`` (fraction), ``factor`` (a
    multiplier), ``count`` or ``text``. ``difference`` is B − A for numbers (``None`` when
    one side has no value).
    """

    label: str
    a: Any
    b: Any
    kind: str

    @property
    def difference(self) -> Any:
        if self.kind == "text" or self.a is None or self.b is None:
            return None
        return self.b - self.a

    @property
    def differs(self) -> bool:
        return bool(self.a != self.b)


@dataclass(frozen=True)
class CompareSection:
    title: str
    rows: list[CompareRow] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return sum(1 for r in self.rows if r.differs)


def scenario_compare(a: Plan, b: Plan, *, actor: Actor | None = None) -> list[CompareSection]:
    """Plans ``a`` and ``b`` side by side: target, views, verdict, business types, quarters,
    months, tiers, funnel actions by stage (those ``actor`` may see) and the assumptions."""
    fa, fb = _facts(a, actor), _facts(b, actor)
    sections = [
        (gettext("目标与阶梯"), "target"),
        (gettext("三个视角"), "views"),
        (gettext("结论"), "verdict"),
        (gettext("业务类型"), "business_types"),
        (gettext("季度"), "quarters"),
        (gettext("月份"), "months"),
        (gettext("客户分层"), "tiers"),
        (gettext("漏斗动作合计"), "actions"),
        (gettext("假设"), "assumptions"),
    ]
    return [CompareSection(title, _pair(fa[key], fb[key])) for title, key in sections]


Fact = tuple[str, Any, str]  # key, value, kind; the key also serves as the label


def _pair(a: Sequence[Fact], b: Sequence[Fact]) -> list[CompareRow]:
    """Rows matched by label, in the order of ``a`` then what only ``b`` has."""
    b_by = {label: (value, kind) for label, value, kind in b}
    rows = [
        CompareRow(label, value, b_by.get(label, (None, kind))[0], kind) for label, value, kind in a
    ]
    seen = {label for label, _v, _k in a}
    rows += [CompareRow(label, None, value, kind) for label, value, kind in b if label not in seen]
    return rows


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _facts(plan: Plan, actor: Actor | None) -> dict[str, list[Fact]]:
    views = plan.views or {}
    levels = views.get("levels") or {}
    verdict = views.get("verdict", "")
    months = _root_months(plan)
    return {
        "target": [
            (gettext("年度目标"), plan.target, "money"),
            (gettext("基础线"), _decimal(levels.get("base")), "money"),
            (gettext("挑战线"), _decimal(levels.get("stretch")), "money"),
            (gettext("突破线"), _decimal(levels.get("breakthrough")), "money"),
        ],
        "views": [
            (gettext("自上而下"), _decimal(views.get("top_down")), "money"),
            (gettext("自下而上"), _decimal(views.get("bottom_up")), "money"),
            (gettext("市场视角"), _decimal(views.get("market")), "money"),
            (gettext("需要的增长"), _decimal(views.get("growth_needed")), "ratio"),
            (gettext("支撑度"), _decimal(views.get("backing")), "ratio"),
        ],
        "verdict": [(gettext("结论"), str(VERDICTS.get(verdict, verdict)), "text")],
        "business_types": [
            (n.label, n.amount, "money")
            for n in PlanNode.objects.filter(
                plan=plan, tree="market", dimension="business_type"
            ).order_by("position")
        ],
        "quarters": [
            (
                gettext("第 %(quarter)s 季度") % {"quarter": q + 1},
                sum((amount for _s, amount in months[3 * q : 3 * q + 3]), Decimal(0)),
                "money",
            )
            for q in range(len(months) // 3)
        ],
        "months": [(start.strftime("%Y-%m"), amount, "money") for start, amount in months],
        "tiers": _tier_facts(plan.tiers or []),
        "actions": _action_facts(plan, actor),
        "assumptions": _assumption_facts(plan),
    }


def _root_months(plan: Plan) -> list[tuple[Any, Decimal]]:
    periods = PlanPeriod.objects.filter(
        node__plan=plan, node__tree="market", node__parent__isnull=True
    ).order_by("start")
    return [(p.start, p.amount) for p in periods]


def _tier_facts(tiers: list[dict[str, Any]]) -> list[Fact]:
    facts: list[Fact] = []
    for t in tiers:
        tier = t.get("tier", "")
        facts.append((gettext("%(tier)s 类客户数") % {"tier": tier}, t.get("count"), "count"))
        facts.append(
            (
                gettext("%(tier)s 类计划复购") % {"tier": tier},
                _decimal(t.get("planned_repeat")),
                "money",
            )
        )
    return facts


def _action_facts(plan: Plan, actor: Actor | None) -> list[Fact]:
    actions = (
        PlanAction.objects.filter(plan=plan) if actor is None else visible_actions(actor, plan)
    )
    totals: dict[str, int] = defaultdict(int)
    for stage, count in actions.values_list("stage", "count"):
        totals[stage] += count
    return [(str(label), totals.get(stage, 0), "count") for stage, label in STAGE_LABELS.items()]


def _assumption_facts(plan: Plan) -> list[Fact]:
    a = assumptions_from_json(plan.assumptions)
    facts: list[Fact] = []
    for name, label in SCENARIO_FIELDS.items():
        value = getattr(a, name)
        if name == "seasonality_source":
            facts.append((str(label), _text(value), "text"))
        elif name in {"win_rate_factor", "deal_size_factor"}:
            facts.append((str(label), value, "factor"))
        else:
            facts.append((str(label), value, "ratio"))
    return facts
