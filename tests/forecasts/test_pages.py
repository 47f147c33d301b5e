"""The forecast pages through real HTTP: each role sees its own scope, writes go through."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pacer.crm.models import Project
from pacer.forecasts.models import (
    CategoryChange,
    ForecastReminder,
    ForecastSubmission,
    ManagerAdjustment,
)
from pacer.org.models import Person
from pacer.web import clock
from tests.forecasts.helpers import order, submit
from tests.forecasts.test_probability import hand_plan
from tests.world import World

TODAY = date(2026, 6, 10)  # cycle B [06-08, 06-22), window [06-22, 08-03)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def client_for(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_a_rep_submits_with_a_reason(world: World) -> None:
    client = client_for(world.rep_a)
    page = client.get(reverse("forecasts:mine"))
    assert page.status_code == 200
    assert "我的滚动预测" in page.content.decode()
    refused = client.post(reverse("forecasts:mine"), {"number": "120000", "reason": ""})
    assert refused.status_code == 400
    assert "请写明原因" in refused.content.decode()
    bad = client.post(reverse("forecasts:mine"), {"number": "十万", "reason": "x"})
    assert bad.status_code == 400
    assert not ForecastSubmission.objects.exists()
    done = client.post(reverse("forecasts:mine"), {"number": "120000", "reason": "新项目在谈"})
    assert done.status_code == 302
    row = ForecastSubmission.objects.get()
    assert (row.person, row.number, row.reason) == (world.rep_a, Decimal("120000.00"), "新项目在谈")
    assert "新项目在谈" in client.get(reverse("forecasts:mine")).content.decode()


def test_the_team_page_shows_reports_only(world: World) -> None:
    mine = submit(world.rep_a, TODAY, "100000", "rep_a 的原因")
    theirs = submit(world.rep_c, TODAY, "200000", "rep_c 的原因")
    south = client_for(world.manager_south).get(reverse("forecasts:team")).content.decode()
    assert "rep_a 的原因" in south
    assert "rep_c 的原因" not in south
    assert f'data-missing="{world.rep_b.pk}"' in south
    assert f'data-missing="{world.rep_c.pk}"' not in south
    rep = client_for(world.rep_b).get(reverse("forecasts:team")).content.decode()
    assert "rep_a 的原因" not in rep
    assert f'data-missing="{world.rep_a.pk}"' not in rep
    director = client_for(world.director).get(reverse("forecasts:team")).content.decode()
    assert "rep_a 的原因" in director
    assert "rep_c 的原因" in director
    # A submission out of scope is not found, on its page and on "why it moved".
    assert (
        client_for(world.rep_b).get(reverse("forecasts:submission", args=[mine.pk])).status_code
        == 404
    )
    url = f"{reverse('forecasts:moved')}?before={mine.pk}&after={theirs.pk}"
    assert client_for(world.manager_south).get(url).status_code == 404
    assert client_for(world.director).get(url).status_code == 400  # two different people


def test_the_manager_adjusts_with_a_reason(world: World) -> None:
    row = submit(world.rep_a, TODAY, "100000", "原因")
    url = reverse("forecasts:adjust", args=[row.pk])
    east = client_for(world.manager_east).post(url, {"number": "1", "reason": "越权"})
    assert east.status_code == 404
    peer = client_for(world.rep_b).post(url, {"number": "1", "reason": "同事"})
    assert peer.status_code == 404
    south = client_for(world.manager_south)
    south.post(url, {"number": "90000", "reason": ""})  # no reason: nothing saved
    assert not ManagerAdjustment.objects.exists()
    assert south.post(url, {"number": "90000", "reason": "偏乐观"}).status_code == 302
    adjustment = ManagerAdjustment.objects.get()
    assert (adjustment.number, adjustment.reason, adjustment.manager) == (
        Decimal("90000.00"),
        "偏乐观",
        world.manager_south,
    )
    assert ForecastSubmission.objects.get(pk=row.pk).number == Decimal("100000.00")
    own = client_for(world.rep_a).post(url, {"number": "1", "reason": "自己"})
    assert own.status_code == 403


def test_categories_change_inline(world: World) -> None:
    project = world.projects["a"]
    Project.objects.filter(pk=project.pk).update(expected_sign_date=date(2026, 7, 1))
    url = reverse("forecasts:category", args=[project.pk])
    headers = {"HX-Request": "true"}
    answer = client_for(world.rep_a).post(url, {"category": "commit"}, headers=headers)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'id="line-{project.pk}"' in html
    assert '<option value="commit" selected>' in html
    # The owner's roll-up beside the row is refreshed out of band: commit is now 50万.
    assert 'id="system-rollup" hx-swap-oob="true"' in html
    assert '<div class="stat__value" data-stat="commit">50.00万</div>' in html
    assert CategoryChange.objects.get().after == "commit"
    by_manager = client_for(world.manager_south).post(
        url, {"category": "best_case"}, headers=headers
    )
    assert by_manager.status_code == 200
    assert "system-rollup" not in by_manager.content.decode()  # not his own project
    bad = client_for(world.rep_a).post(url, {"category": "sure"}, headers=headers)
    assert bad.status_code == 422
    assert client_for(world.rep_b).post(url, {"category": "commit"}).status_code == 404
    Project.objects.filter(pk=project.pk).update(stage="lost")
    closed = client_for(world.rep_a).post(url, {"category": "commit"}, headers=headers)
    assert closed.status_code == 422


def test_finance_and_probability_pages(world: World) -> None:
    director = client_for(world.director)
    finance = director.get(reverse("forecasts:finance"))
    assert finance.status_code == 200
    assert "payments-chart-data" in finance.content.decode()
    assert director.get(reverse("forecasts:finance") + "?start=2026-13-01").status_code == 400
    none = director.get(reverse("forecasts:probability") + "?year=2026&trials=500")
    assert "还没有计划" in none.content.decode()
    hand_plan(person=world.rep_a)
    page = director.get(reverse("forecasts:probability") + "?year=2026&trials=500&seed=3")
    assert page.status_code == 200
    assert "probability-chart-data" in page.content.decode()
    rep = client_for(world.rep_a).get(reverse("forecasts:probability") + "?trials=500")
    assert "你负责的范围" in rep.content.decode()
    other = client_for(world.rep_b).get(reverse("forecasts:probability") + "?trials=500")
    assert "没有你负责范围内的月度目标" in other.content.decode()
    bad = director.get(reverse("forecasts:probability") + "?trials=many")
    assert bad.status_code == 400


def test_an_admin_without_a_person_goes_to_the_team_page(world: World) -> None:
    Person.objects.filter(pk=world.admin.pk).update(user=None)
    client = Client()
    client.force_login(world.admin.user)
    assert client.get(reverse("forecasts:mine")).url == reverse("forecasts:team")
    assert client.get(reverse("forecasts:team")).status_code == 200


def test_team_rollup_window_and_the_moved_link(world: World) -> None:
    director = client_for(world.director)
    page = director.get(reverse("forecasts:team")).content.decode()
    assert "预测汇总：2026-06-10 至 2026-07-22（不含）" in page  # six weeks from today
    Project.objects.filter(pk=world.projects["a"].pk).update(expected_sign_date=date(2026, 8, 1))
    later = director.get(reverse("forecasts:team") + "?start=2026-07-01").content.decode()
    assert "预测汇总：2026-07-01 至 2026-08-12（不含）" in later
    row = later.split(f'data-rollup="person-{world.rep_a.pk}"')[1].split("</tr>")[0]
    assert row.count("50.00万") == 1  # 方案 → 储备 (pipeline) only
    before = page.split(f'data-rollup="person-{world.rep_a.pk}"')[1].split("</tr>")[0]
    assert "50.00万" not in before
    bad = director.get(reverse("forecasts:team") + "?start=soon")
    assert bad.status_code == 200
    assert "不是 YYYY-MM-DD 格式" in bad.content.decode()
    first = submit(world.rep_a, TODAY, "100000", "第一次")
    second = submit(world.rep_a, date(2026, 6, 11), "90000", "第二次")
    detail = director.get(reverse("forecasts:submission", args=[second.pk])).content.decode()
    assert f"?before={first.pk}&amp;after={second.pk}" in detail
    moved = director.get(f"{reverse('forecasts:moved')}?before={first.pk}&after={second.pk}")
    assert moved.status_code == 200
    assert "两次之间项目没有变化" in moved.content.decode()


def test_the_remind_button_and_accuracy_on_the_pages(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    south = client_for(world.manager_south)
    assert client_for(world.rep_a).post(reverse("forecasts:remind")).status_code == 403
    assert south.post(reverse("forecasts:remind")).status_code == 302
    reminded = set(ForecastReminder.objects.values_list("person_id", flat=True))
    assert reminded == {world.rep_a.pk, world.rep_b.pk, world.manager_south.pk}
    assert "提醒（" in client_for(world.rep_a).get(reverse("forecasts:mine")).content.decode()
    assert "已于" in south.get(reverse("forecasts:team")).content.decode()
    # A closed window: rep_a forecast 100,000 and signed 80,000.
    submit(world.rep_a, TODAY, "100000", "原因")
    order(world.rep_a, date(2026, 7, 1), "80000")
    monkeypatch.setattr(clock, "today", lambda: date(2026, 8, 10))
    mine = client_for(world.rep_a).get(reverse("forecasts:mine")).content.decode()
    assert 'data-chart="accuracy-chart-data"' in mine
    assert "75.0%" in mine  # accuracy
    team = south.get(reverse("forecasts:team")).content.decode()
    assert 'data-chart="team-chart-data"' in team
    assert f'data-team-accuracy="{world.south.pk}"' in team
    assert f'data-person-accuracy="{world.rep_a.pk}"' in team


def test_the_moved_page_lists_each_project(world: World) -> None:
    first = submit(world.rep_a, TODAY, "100000", "第一次")
    Project.objects.filter(pk=world.projects["a"].pk).update(expected_sign_date=date(2026, 7, 1))
    second = submit(world.rep_a, date(2026, 6, 11), "600000", "项目A提前")
    url = f"{reverse('forecasts:moved')}?before={first.pk}&after={second.pk}"
    page = client_for(world.rep_a).get(url).content.decode()
    assert f'data-move="{world.projects["a"].pk}"' in page
    assert "提前进窗口" in page
    assert 'data-movement="pulled_in"' in page
