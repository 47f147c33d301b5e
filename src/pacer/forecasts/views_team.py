"""The manager's and finance's forecast pages, and the probability of reaching the plan.

- team: my reports' submissions for this cycle (with the system's number, theirs, the reason and
  every adjustment), adjusting with a reason, who has not submitted, reminders, the roll-up
  along the org tree and accuracy by team;
- finance: expected payments (回款) by week;
- probability: P(≥ base / stretch / breakthrough) per quarter and the year, with the
  distribution.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from pacer.access import actor_for
from pacer.forecasts import pages
from pacer.forecasts.charts import PaymentsChart, ProbabilityChart
from pacer.forecasts.cycles import cycle_settings
from pacer.forecasts.errors import ForecastInputError, ForecastRefusedError
from pacer.forecasts.finance import payments_by_week
from pacer.forecasts.forms import AdjustmentForm
from pacer.forecasts.labels import LEVELS
from pacer.forecasts.probability import (
    LEVEL_NAMES,
    ProbabilityError,
    ProbabilityResult,
    probability_for,
)
from pacer.forecasts.reminders import reminders_send
from pacer.forecasts.selectors import submission_for
from pacer.forecasts.submissions import adjustment_create
from pacer.forecasts.views import login_of, personless
from pacer.planning.money import to_money
from pacer.planning.periods import Period
from pacer.plans.selectors import latest_plan
from pacer.web import clock
from pacer.web.formatting import pct_text

PAGE_TRIALS = 10_000
MAX_PAGE_TRIALS = 50_000


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if personless(actor):
        return render(request, "web/no_person.html")
    today = clock.today()
    start = _day(request.GET.get("start"), today)
    if start is None:
        messages.error(
            request,
            gettext("开始日期“%(value)s”不是 YYYY-MM-DD 格式，已按今天汇总。")
            % {"value": request.GET.get("start")},
        )
    context = pages.team_page(actor, today, rollup_start=start)
    context["form"] = AdjustmentForm()
    return render(request, "forecasts/team.html", context)


@login_required
@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    submission = submission_for(actor, pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            adjustment_create(
                actor=actor,
                user=login_of(request),
                submission=submission,
                number=form.cleaned_data["number"],
                reason=form.cleaned_data["reason"],
                today=clock.today(),
                at=timezone.now(),
            )
        except ForecastRefusedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ForecastInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, gettext("已调整 %(name)s 的预测。") % {"name": submission.person.name}
            )
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(
            request,
            gettext("未能调整 %(name)s 的预测：%(errors)s")
            % {"name": submission.person.name, "errors": errors},
        )
    return redirect("forecasts:team")


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not (actor.is_manager or actor.is_director_or_admin):
        raise PermissionDenied
    sent = reminders_send(actor=actor, today=clock.today(), at=timezone.now())
    messages.success(
        request,
        ngettext("已提醒 %(count)d 人。", "已提醒 %(count)d 人。", len(sent))
        % {"count": len(sent)},
    )
    return redirect("forecasts:team")


def _day(text: str | None, default: date) -> date | None:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@login_required
@require_GET
def finance(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if personless(actor):
        return render(request, "web/no_person.html")
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    start = _day(request.GET.get("start"), monday)
    if start is None:
        error = gettext("开始日期“%(value)s”不是 YYYY-MM-DD 格式。") % {
            "value": request.GET.get("start")
        }
        return render(request, "forecasts/finance.html", {"error": error}, status=400)
    window = Period(start, start + timedelta(days=cycle_settings().window_days))
    forecast = payments_by_week(actor, window, as_of=today)
    context = {
        "forecast": forecast,
        "chart": PaymentsChart.from_forecast(forecast).to_echarts(),
        "today": today,
    }
    return render(request, "forecasts/finance.html", context)


def _whole(text: str | None, default: int, name: str, low: int, high: int) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ForecastInputError(
            name,
            gettext("参数 %(name)s 的值“%(value)s”无效，应为 %(low)s 到 %(high)s 的整数。")
            % {"name": name, "value": text, "low": low, "high": high},
        )
    return value


@login_required
@require_GET
def probability(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if personless(actor):
        return render(request, "web/no_person.html")
    today = clock.today()
    try:
        year = _whole(request.GET.get("year"), today.year, "year", 2000, 2100)
        trials = _whole(request.GET.get("trials"), PAGE_TRIALS, "trials", 100, MAX_PAGE_TRIALS)
        seed = _whole(request.GET.get("seed"), 0, "seed", 0, 2**32 - 1)
    except ForecastInputError as exc:
        return render(request, "forecasts/probability.html", {"error": exc.message}, status=400)
    context: dict[str, object] = {"year": year, "trials": trials, "seed": seed, "today": today}
    plan = latest_plan(year)
    if plan is None:
        context["error"] = gettext("%(year)s 年还没有计划。") % {"year": year}
        return render(request, "forecasts/probability.html", context)
    try:
        result = probability_for(plan, today, trials, seed, actor=actor)
    except ProbabilityError as exc:
        context["error"] = str(exc)
        return render(request, "forecasts/probability.html", context)
    context.update(
        {
            "plan": plan,
            "result": result,
            "rows": probability_rows(result),
            "chart": ProbabilityChart.from_result(result).to_echarts(),
            "early": pct_text(ratio(result.calibration.company.for_stage("lead")), 1),
            "late": pct_text(ratio(result.calibration.company.for_stage("proposal")), 1),
            "delay_note": delay_note(result),
        }
    )
    return render(request, "forecasts/probability.html", context)


def ratio(value: float) -> Decimal:
    """A simulated share as a ratio to four places (for display only)."""
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def probability_rows(result: ProbabilityResult) -> list[dict[str, object]]:
    return [
        {
            "outcome": outcome,
            "mean": to_money(Decimal(str(outcome.mean))),
            "levels": [
                (str(LEVELS[n]), levels[n], ratio(outcome.probabilities[n])) for n in LEVEL_NAMES
            ],
        }
        for outcome, levels in zip(result.periods, result.levels, strict=True)
    ]


def delay_note(result: ProbabilityResult) -> str:
    delays = result.calibration.delays
    if delays.source == "expected":
        return gettext("签约推迟天数取自 %(n)s 个已签项目的（实际签约日 − 预计签约日）。") % {
            "n": len(delays.days)
        }
    if delays.source == "cycle":
        return gettext("签约推迟天数取自 %(n)s 个已签项目的成交周期与中位周期之差。") % {
            "n": len(delays.days)
        }
    return gettext("历史不足，不模拟签约推迟。")
