"""A rep's home page in a real browser: this week's action list, as the rep sees it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pacer.web import clock
from tests.browser.test_journeys import log_in
from tests.reviews.action_world import TODAY, build
from tests.world import World

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _rows(page: Page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


def test_rep_sees_this_weeks_action_list(
    page: Page,
    live_server: Any,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    results_dir: Path,
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    build(world)
    log_in(page, live_server.url, "rep_a")
    section = page.locator("#action-list")
    assert section.get_by_role("heading", name="本周行动清单").is_visible()
    assert "2026-06-15 至 2026-06-21" in section.inner_text()

    milestones = _rows(page, "#action-milestones tbody tr")
    assert [row.split(" ")[0] for row in milestones] == ["需求确认", "样机测试", "协助演示", "签约"]
    assert "逾期 7 天" in milestones[0]
    assert "本周到期" in milestones[3]

    touches = _rows(page, "#action-touches tbody tr")
    assert [row.split(" ")[0] for row in touches] == ["旧客户", "A客户", "B客户"]
    assert "月度拜访" in touches[1]
    assert "双周跟进 2026-06-05 2026-06-19" in touches[2]

    funnel = _rows(page, "#action-funnel tbody tr")
    assert funnel == ["线索 3 2 1 2026-06-19 本周", "方案 2 1 1 2026-06-30"]
    # The alerts app evaluates the saved data for "today": the A customer is overdue a visit.
    alerts = page.locator("#action-alerts")
    if alerts.count():
        assert "A客户" in alerts.inner_text()
    # A rep gets no team table.
    assert page.locator("#team-actions").count() == 0

    section.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    section.screenshot(path=str(results_dir / "rep-action-list.png"))
    page.screenshot(path=str(results_dir / "rep-home-action-list.png"), full_page=True)
