"""A rep submits a forecast with a reason; the manager adjusts it with a reason; both numbers
and both reasons stay visible to the rep and to the manager."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pacer.crm.models import Project
from pacer.forecasts.models import CategoryChange, ForecastSubmission, ManagerAdjustment
from tests.browser.test_journeys import log_in
from tests.world import World

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

REP_REASON = "客户A六月下旬签约，另有一笔追加订单"
MANAGER_REASON = "追加订单预算尚未审批，先按八成计"


@pytest.fixture
def login_as(chromium: Browser, live_server: Any) -> Iterator[Callable[[str], Page]]:
    """Log in as someone in a browser context of their own; the contexts close afterwards."""
    contexts: list[BrowserContext] = []

    def open_tab(username: str) -> Page:
        context = chromium.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        log_in(tab, live_server.url, username)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def test_rep_submits_and_manager_adjusts(
    login_as: Callable[[str], Page],
    live_server: Any,
    world: World,
    today: date,
    results_dir: Path,
) -> None:
    base = live_server.url
    rep = login_as("rep_a")
    rep.goto(f"{base}/forecast/")
    assert rep.locator("h1").inner_text() == "我的滚动预测"
    rep.fill("#id_number", "150000")
    rep.fill("#id_reason", REP_REASON)
    rep.get_by_role("button", name="提交预测").click()
    rep.wait_for_url(f"{base}/forecast/")
    current = rep.locator("#current")
    assert "15.00万" in current.locator("[data-field=number]").inner_text()
    assert current.locator("[data-field=reason]").inner_text() == REP_REASON
    submission = ForecastSubmission.objects.get(person=world.rep_a)
    assert (submission.number, submission.reason) == (Decimal("150000.00"), REP_REASON)

    manager = login_as("manager_south")
    manager.goto(f"{base}/forecast/team/")
    row = manager.locator(f"tr[data-submission='{submission.pk}']")
    row.locator("input[name=number]").fill("120000")
    row.locator("input[name=reason]").fill(MANAGER_REASON)
    row.get_by_role("button", name="调整").click()
    manager.wait_for_url(f"{base}/forecast/team/")
    row = manager.locator(f"tr[data-submission='{submission.pk}']")
    assert "15.00万" in row.locator("[data-field=number]").inner_text()
    assert row.locator("[data-field=reason]").inner_text() == REP_REASON
    assert "12.00万" in row.locator("[data-field=adjustments]").inner_text()
    assert MANAGER_REASON in row.locator("[data-field=adjustments]").inner_text()
    assert "12.00万" in row.locator("[data-field=effective]").inner_text()
    manager.screenshot(path=str(results_dir / "forecast-manager-adjusted.png"), full_page=True)
    adjustment = ManagerAdjustment.objects.get()
    assert (adjustment.number, adjustment.reason) == (Decimal("120000.00"), MANAGER_REASON)
    submission.refresh_from_db()
    assert (submission.number, submission.reason) == (Decimal("150000.00"), REP_REASON)

    rep.goto(f"{base}/forecast/")
    current = rep.locator("#current")
    assert "15.00万" in current.locator("[data-field=number]").inner_text()
    assert current.locator("[data-field=reason]").inner_text() == REP_REASON
    adjustments = current.locator("[data-field=adjustments]").inner_text()
    assert "12.00万" in adjustments
    assert MANAGER_REASON in adjustments
    assert "李经理" in adjustments
    assert "12.00万" in current.locator("[data-field=effective]").inner_text()
    history = rep.locator(f"#history tr[data-submission='{submission.pk}']").inner_text()
    assert REP_REASON in history
    assert MANAGER_REASON in history
    rep.screenshot(path=str(results_dir / "forecast-rep-sees-adjustment.png"), full_page=True)


def test_rep_changes_a_category_in_place(
    page: Page, live_server: Any, world: World, today: date
) -> None:
    from playwright.sync_api import expect

    project = world.projects["a"]
    Project.objects.filter(pk=project.pk).update(expected_sign_date=date(2026, 7, 1))
    log_in(page, live_server.url, "rep_a")
    page.goto(f"{live_server.url}/forecast/")
    commit = page.locator("#system-rollup [data-stat=commit]")
    assert commit.inner_text() == "0.00万"
    page.select_option(f"#category-{project.pk}", "commit")
    expect(commit).to_have_text("50.00万")
    assert page.url == f"{live_server.url}/forecast/"  # swapped in place, no reload
    assert CategoryChange.objects.get(project=project).after == "commit"
