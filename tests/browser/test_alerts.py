"""The director's alert board in a real browser: filter red, acknowledge one with a note, and
find the note in the alert's history."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertEvent
from pacer.crm.models import Milestone, Project
from tests.browser.test_journeys import log_in
from tests.world import World

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _raise_alerts(world: World, today: date) -> None:
    """Yellow and red alerts across the three reps."""
    Project.objects.update(last_contact_date=today)
    a, b, c = (world.projects[key] for key in "abc")
    a.last_contact_date = today - timedelta(days=10)
    a.save()
    b.last_contact_date = today - timedelta(days=16)
    b.competitor_present = True
    b.save()
    c.competitor_mou = True
    c.save()
    Milestone.objects.create(project=a, name="技术方案评审", due_date=today - timedelta(days=4))
    customer = world.customers["c"]
    customer.tier_override = "A"
    customer.save()
    alerts_run(as_of=today)


def test_director_filters_red_acknowledges_one_and_sees_it_in_the_history(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    _raise_alerts(world, today)
    reds = set(Alert.objects.filter(signal="red").values_list("pk", flat=True))
    assert len(reds) == 2
    assert Alert.objects.filter(signal="yellow").count() == 4

    log_in(page, live_server.url, "director")
    page.goto(f"{live_server.url}/alerts/")
    assert page.locator("h1").inner_text() == "预警看板"
    assert page.locator("[data-stat='red']").inner_text() == "2"
    assert page.locator("[data-stat='yellow']").inner_text() == "4"
    assert page.locator("#alerts-table tbody tr").count() == 6
    page.screenshot(path=str(results_dir / "alerts-board.png"), full_page=True)

    page.select_option("#id_signal", "red")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/alerts/?*signal=red*")
    rows = page.locator("#alerts-table tbody tr")
    assert rows.count() == 2
    shown = {int(rows.nth(i).get_attribute("data-alert") or 0) for i in range(2)}
    assert shown == reds
    assert all(
        rows.nth(i).locator(".alert-signal").inner_text() == "红灯" for i in range(rows.count())
    )

    filtered_url = page.url
    page.evaluate("window.beforeAcknowledging = true")
    row = rows.first
    alert_id = int(row.get_attribute("data-alert") or 0)
    row.locator("summary").click()
    row.locator("textarea[name='note']").fill("已约客户周五面谈，先确认")
    page.screenshot(path=str(results_dir / "alerts-acknowledging.png"), full_page=True)
    row.locator("button[data-action='acknowledge']").click()
    acknowledged = page.locator(f"#alert-{alert_id}[data-status='acknowledged']")
    acknowledged.wait_for()
    assert acknowledged.locator("[data-field='status']").inner_text() == "已确认"
    # The row was replaced in place: same address, no page load.
    assert page.url == filtered_url
    assert page.evaluate("window.beforeAcknowledging === true")
    assert rows.count() == 2
    page.screenshot(path=str(results_dir / "alerts-board-red.png"), full_page=True)

    event = AlertEvent.objects.get(alert_id=alert_id, kind="acknowledged")
    assert (event.actor, event.note, event.on) == (
        world.director,
        "已约客户周五面谈，先确认",
        today,
    )

    acknowledged.get_by_role("link", name="记录").click()
    page.wait_for_url(f"**/alerts/{alert_id}/")
    history = page.locator("#alert-history tbody tr")
    assert history.count() == 2
    last = history.nth(1)
    assert last.get_attribute("data-event") == "acknowledged"
    text = last.inner_text()
    assert "确认" in text
    assert "张总" in text
    assert "已约客户周五面谈，先确认" in text
    assert today.isoformat() in text
    assert page.locator("#alert-summary [data-field='status']").inner_text() == "已确认"
    page.screenshot(path=str(results_dir / "alerts-history.png"), full_page=True)
