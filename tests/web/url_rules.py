"""The rule of every page (URL pattern): who may GET and POST it, and with which objects.

``test_url_matrix`` fails when a URL pattern has no rule here (so a new page cannot escape the
authorization matrix) and when a rule names a pattern that no longer exists.

The rules the matrix checks, for every page:
- anonymous: sent to the login page (302 to ``LOGIN_URL``), except the public pages (login,
  logout, the language switch) whose own answer is given by ``anon_get`` / ``anon_post``;
- an object outside the caller's scope: ``out_status``, for every role, allowed or not (404 for
  an object in the URL or the query: the record is looked up first and, as ``pacer.access``
  says, reported as not found, never as forbidden; 400 when the object is a choice of a form);
- a role the page is not for, with an object inside their scope (or none): 403;
- an allowed role with an object inside their scope: ``get_ok`` / ``post_ok``;
- a refused POST changes nothing in the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from pacer.plans.models import Plan, PlanNode
from tests.exchange.helpers import COMPANY
from tests.web.matrix_world import MatrixWorld, owner_key
from tests.world import PASSWORD

# (world, role, inside) → URL kwargs / query / form data; None: no such object for the role.
Fill = Callable[[MatrixWorld, str, bool], dict[str, Any] | None]
Body = Callable[[MatrixWorld, str, bool], dict[str, Any]]

ALL = frozenset({"admin", "director", "manager", "rep"})
EVERYONE = ALL | {"anonymous"}
EDITORS = frozenset({"admin", "director", "manager"})
DIRECTORS = frozenset({"admin", "director"})
ADMINS = frozenset({"admin"})
NOBODY: frozenset[str] = frozenset()


def no_object(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any] | None:
    """A page about no particular record: nothing is outside the caller's scope."""
    return {} if inside else None


@dataclass(frozen=True)
class Rule:
    """One URL pattern (``namespace:name``).

    - ``get`` / ``post``: the roles that may use the method (empty: the page does not answer
      it, 405); "anonymous" among them makes the page public for that method;
    - ``kwargs`` / ``query``: the record in the URL or in the query string;
    - ``body``: valid form data, so that a refusal is about the caller and not the input;
    - ``get_ok`` / ``post_ok``: the success answer of an allowed role;
    - ``anon_get`` / ``anon_post``: what an anonymous caller gets on a public page;
    - ``out_status``: the answer for a record outside the caller's scope;
    - ``form_scoped``: the record is a choice of the POST form (``body`` with ``inside=False``
      names one outside the scope);
    - ``headers``: sent with every request (htmx fragments).
    """

    name: str
    get: frozenset[str] = NOBODY
    post: frozenset[str] = NOBODY
    kwargs: Fill = no_object
    query: Fill = no_object
    body: Body | None = None
    get_ok: int = 200
    post_ok: int = 302
    anon_get: int | None = None
    anon_post: int | None = None
    out_status: int = 404
    form_scoped: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for m, roles in (("GET", self.get), ("POST", self.post)) if roles)

    def allowed(self, method: str, role: str) -> bool:
        return role in (self.get if method == "GET" else self.post)


# -- fillers ---------------------------------------------------------------------------------


def _keyed(make: Callable[[MatrixWorld, str], dict[str, Any]]) -> Fill:
    """A filler of rep records: the record of the rep inside / outside the role's scope."""

    def fill(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any] | None:
        key = owner_key(role, inside=inside)
        return None if key is None else make(mw, key)

    return fill


def _plan(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any] | None:
    """Plans are the company's, read by everyone: no plan is outside a role's scope."""
    return {"pk": mw.plan.pk} if inside else None


def _compare(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any] | None:
    return {"a": mw.plan.pk, "b": mw.scenario.pk} if inside else None


def _notification(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    """One's own notification; outside: someone else's (even one the caller's scope holds)."""
    person = mw.person(role) if inside else mw.rep("b" if role in {"rep", "manager"} else "c")
    return {"pk": mw.notification(person).pk}


plan_node = _keyed(lambda mw, k: {"pk": mw.plan.pk, "node_id": mw.person_node(k).pk})
plan_person = _keyed(lambda mw, k: {"pk": mw.plan.pk, "person_id": mw.rep(k).pk})
track_node = _keyed(lambda mw, k: {"node_id": mw.person_node(k).pk})
project = _keyed(lambda mw, k: {"pk": mw.project(k).pk})
alert = _keyed(lambda mw, k: {"pk": mw.alerts[k].pk})
review = _keyed(lambda mw, k: {"pk": mw.reviews[k].pk})
submission = _keyed(lambda mw, k: {"pk": mw.submissions[k][1].pk})
moved = _keyed(lambda mw, k: {"before": mw.submissions[k][0].pk, "after": mw.submissions[k][1].pk})
statement = _keyed(lambda mw, k: {"pk": mw.statements[k].pk})
service_request = _keyed(lambda mw, k: {"pk": mw.requests[k].pk})


def _adjustment(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any] | None:
    """Adjustment proposals are on plans, read by everyone: none is outside a role's scope."""
    return {"pk": mw.adjustment.pk} if inside else None


# -- form data -------------------------------------------------------------------------------


def _key(role: str, inside: bool) -> str:
    key = owner_key(role, inside=inside) or owner_key(role, inside=True)
    assert key is not None
    return key


def _local(minutes_ago: int) -> str:
    moment = timezone.localtime(timezone.now() - timedelta(minutes=minutes_ago))
    return moment.strftime("%Y-%m-%d %H:%M")


def _node_edit(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    node = mw.person_node(_key(role, inside))
    plan = Plan.objects.get(pk=mw.plan.pk)
    return {
        "amount": str(node.amount - 10000),
        "reason": "客户预算收紧",
        "edit_version": plan.edit_version,
    }


def _node_move(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    node = mw.person_node(_key(role, inside))
    sibling = (
        PlanNode.objects.filter(plan=mw.plan, parent_id=node.parent_id)
        .exclude(pk=node.pk)
        .order_by("pk")
        .first()
    )
    assert sibling is not None
    plan = Plan.objects.get(pk=mw.plan.pk)
    return {
        "from_node": sibling.pk,
        "to_node": node.pk,
        "amount": "1000.00",
        "reason": "大客户转交",
        "edit_version": plan.edit_version,
    }


def _workbook() -> SimpleUploadedFile:
    book = Workbook()
    book.remove(book.active)
    for title, rows in COMPANY.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("company.xlsx", buffer.getvalue())


def _reason(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    return {"reason": "年度计划调整"}


def _note(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    return {"note": "已电话联系客户"}


def _fixed(data: dict[str, Any]) -> Body:
    return lambda mw, role, inside: dict(data)


def _login(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    return {"username": mw.login(role).get_username(), "password": PASSWORD}


def _review_generate(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    person = mw.rep(_key(role, inside))
    return {"kind": "weekly", "subject": f"person:{person.pk}", "period": "2026-W23"}


def _sla_create(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    return {
        "project": mw.project(_key(role, inside)).pk,
        "kind": "quote_approval",
        "subject": "报价审批",
        "requested_at": _local(60),
    }


def _whatif(mw: MatrixWorld, role: str, inside: bool) -> dict[str, Any]:
    return {
        "plan": mw.plan.pk,
        "name": "赢单率提升",
        "win_rate_factor": "1.1",
        "trials": "100",
        "seed": "0",
    }


# -- the rules -------------------------------------------------------------------------------

RULES: list[Rule] = [
    # The site's own pages.
    Rule(
        "login",
        get=EVERYONE,
        post=EVERYONE,
        body=_login,
        get_ok=302,  # a logged-in person is sent home
        anon_get=200,
        anon_post=302,
    ),
    Rule("logout", post=EVERYONE, body=_fixed({}), anon_post=302),
    Rule(
        "set_person_language",
        post=EVERYONE,
        body=_fixed({"language": "en", "next": "/"}),
        anon_post=302,
    ),
    Rule("home", get=ALL),
    Rule("open_projects", get=ALL),
    Rule("project_detail", get=ALL, kwargs=project),
    # Data exchange: administrators and directors only.
    Rule(
        "exchange:import",
        get=DIRECTORS,
        post=DIRECTORS,
        body=lambda mw, role, inside: {"file": _workbook()},
        post_ok=200,  # the preview
    ),
    Rule(
        "exchange:import_confirm",
        post=DIRECTORS,
        body=_fixed({"token": "x" * 32}),
        post_ok=400,  # no upload waits in this session: "upload again"
    ),
    Rule("exchange:export", get=DIRECTORS),
    Rule("exchange:template", get=DIRECTORS),
    # Plans: read by everyone (narrowed to the visible nodes), built by directors, edited by
    # directors and managers within their scope.
    Rule("plans:list", get=ALL),
    Rule(
        "plans:target",
        get=ALL,
        post=DIRECTORS,
        body=_fixed({"year": "2026", "target": "1200万", "name": "新计划"}),
    ),
    Rule("plans:detail", get=ALL, kwargs=_plan),
    Rule("plans:rows", get=ALL, kwargs=plan_node, headers={"HX-Request": "true"}),
    Rule("plans:math", get=ALL, kwargs=plan_node),
    Rule("plans:person", get=ALL, kwargs=plan_person),
    Rule("plans:versions", get=ALL, kwargs=_plan),
    Rule("plans:approve", post=DIRECTORS, kwargs=_plan, body=_reason),
    # A draft needs no new version: the editors' request ends in a message, not a refusal.
    Rule("plans:revise", post=EDITORS, kwargs=_plan, body=_reason),
    Rule("plans:node_edit", get=EDITORS, post=EDITORS, kwargs=plan_node, body=_node_edit),
    Rule("plans:node_move", post=EDITORS, kwargs=plan_node, body=_node_move),
    Rule(
        "plans:scenarios",
        get=ALL,
        post=DIRECTORS,
        kwargs=_plan,
        body=_fixed({"name": "客单价提升", "deal_size_factor": "1.1"}),
    ),
    Rule("plans:scenario_compare", get=ALL, kwargs=_compare),
    # Progress.
    Rule("progress:overview", get=ALL),
    Rule("progress:node", get=ALL, kwargs=track_node),
    Rule("progress:sources", get=ALL),
    # Alerts: a rep's own, a manager's people's, everyone's for directors.
    Rule("alerts:board", get=ALL),
    Rule("alerts:detail", get=ALL, kwargs=alert),
    Rule("alerts:acknowledge", post=ALL, kwargs=alert, body=_note),
    Rule("alerts:resolve", post=ALL, kwargs=alert, body=_note),
    Rule("alerts:inbox", get=ALL),
    Rule("alerts:inbox_read_all", post=ALL, body=_fixed({})),
    Rule("alerts:notification_open", post=ALL, kwargs=_notification, body=_fixed({})),
    # Reviews.
    Rule("reviews:list", get=ALL),
    Rule(
        "reviews:generate",
        post=ALL,
        body=_review_generate,
        form_scoped=True,
        out_status=400,  # a person outside the scope is not among the form's choices
    ),
    Rule(
        "reviews:detail",
        get=ALL,
        post=ALL,
        kwargs=review,
        body=_fixed({"next_week": "每天拜访两家客户"}),
    ),
    Rule("reviews:regenerate", post=ALL, kwargs=review, body=_fixed({})),
    Rule("reviews:print", get=ALL, kwargs=review),
    Rule("reviews:export", get=ALL, kwargs=review),
    # Service requests (SLA): on the projects of the caller's scope.
    Rule("sla:board", get=ALL),
    Rule(
        "sla:create",
        get=ALL,
        post=ALL,
        body=_sla_create,
        form_scoped=True,
        out_status=400,  # a project outside the scope is not among the form's choices
    ),
    Rule(
        "sla:respond",
        get=ALL,
        post=ALL,
        kwargs=service_request,
        body=lambda mw, role, inside: {"responded_at": _local(30), "note": "已审核"},
    ),
    # Adjustment proposals: read by everyone, decided by directors and admins.
    Rule("adjustments:list", get=ALL),
    Rule("adjustments:detail", get=ALL, kwargs=_adjustment),
    Rule(
        "adjustments:decide",
        post=DIRECTORS,
        kwargs=_adjustment,
        body=_fixed({"decision": "reject", "reason": "本季度有大单待签"}),
    ),
    # Forecasts.
    Rule(
        "forecasts:mine",
        get=ALL,
        post=ALL,
        body=_fixed({"number": "180000.00", "reason": "两个项目提前签约"}),
    ),
    Rule(
        "forecasts:category",
        post=ALL,
        kwargs=project,
        body=_fixed({"category": "commit", "reason": "客户已确认预算"}),
    ),
    Rule("forecasts:submission", get=ALL, kwargs=submission),
    Rule(
        "forecasts:adjust",
        post=EDITORS,
        kwargs=submission,
        body=_fixed({"number": "120000.00", "reason": "该项目预计下季度签约"}),
    ),
    Rule("forecasts:moved", get=ALL, query=moved),
    Rule("forecasts:team", get=ALL),
    Rule("forecasts:remind", post=EDITORS, body=_fixed({})),
    Rule("forecasts:finance", get=ALL),
    Rule(
        "forecasts:probability",
        get=ALL,
        query=lambda mw, role, inside: {"trials": "100"} if inside else None,
    ),
    Rule(
        "forecasts:whatif",
        get=DIRECTORS,
        post=DIRECTORS,
        body=_whatif,
    ),
    # Incentives.
    Rule("incentives:mine", get=ALL),
    Rule("incentives:team", get=ALL),
    Rule("incentives:detail", get=ALL, kwargs=statement),
    Rule("incentives:compute", post=DIRECTORS, body=_fixed({"month": "2026-05"})),
    Rule("incentives:export", get=ALL),
    Rule("incentives:schemes", get=ALL),
    # The audit trail: administrators only.
    Rule("audit:list", get=ADMINS),
]

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
