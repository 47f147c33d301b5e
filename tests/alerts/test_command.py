"""``pacer alerts run|list``: the counts it prints and the JSON it writes."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from pacer.access import actor_for_person
from pacer.alerts.models import Alert
from pacer.alerts.services import alert_acknowledge
from tests.alerts.conftest import TODAY, Robot, days_ago
from tests.world import World


def pacer_alerts(*args: str) -> str:
    out = StringIO()
    call_command("alerts", *args, stdout=out)
    return out.getvalue()


def _idle(world: World, key: str, days: int) -> None:
    project = world.projects[key]
    project.last_contact_date = days_ago(days)
    project.save()


def test_run_prints_the_counts(calm: World, robot: Robot) -> None:
    from pacer.alerts.models import WebhookEndpoint

    WebhookEndpoint.objects.create(name="群", kind="wecom", url=robot.url)
    robot.answers.append((500, b"no"))
    _idle(calm, "a", 9)
    _idle(calm, "b", 13)
    out = pacer_alerts("run", "--as-of", TODAY.isoformat())
    assert "2026-06-15：新预警 2，升级 0，降级 0，重新打开 0，解除 0；未解除共 2" in out
    assert "通知发送成功 1，失败 1" in out
    later = (TODAY + timedelta(days=2)).isoformat()
    data = json.loads(pacer_alerts("run", "--as-of", later, "--format", "json"))
    assert data == {
        "as_of": later,
        "raised": 0,
        "escalated": 1,
        "eased": 0,
        "reopened": 0,
        "resolved": 0,
        "live": 2,
        "deliveries_sent": 2,  # the escalation, and the retry of the failed one
        "deliveries_failed": 0,
    }


def test_a_bad_date_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="2026-13-01"):
        pacer_alerts("run", "--as-of", "2026-13-01")


def test_list_json(calm: World) -> None:
    _idle(calm, "a", 9)
    _idle(calm, "c", 20)
    pacer_alerts("run", "--as-of", TODAY.isoformat())
    data = json.loads(pacer_alerts("list", "--format", "json"))
    assert (data["as_of"], data["status"], data["count"]) == (None, "live", 2)
    red, yellow = data["alerts"]
    alert = Alert.objects.get(project=calm.projects["c"])
    assert red == {
        "id": alert.pk,
        "key": f"no_contact:project:{calm.projects['c'].pk}",
        "rule": "no_contact",
        "rule_label": "长期未联系",
        "signal": "red",
        "status": "open",
        "subject": "project",
        "subject_id": calm.projects["c"].pk,
        "subject_name": "项目C",
        "project_id": calm.projects["c"].pk,
        "customer_id": calm.customers["c"].pk,
        "milestone_id": None,
        "owner": {"id": calm.rep_c.pk, "name": calm.rep_c.name},
        "values": {"days": 20, "limit": 14},
        "message": "项目「项目C」已 20 天未联系（超过 14 天亮灯）",
        "first_raised_on": "2026-06-15",
        "last_seen_on": "2026-06-15",
        "resolved_on": None,
    }
    assert yellow["signal"] == "yellow"
    only_red = json.loads(pacer_alerts("list", "--signal", "red", "--format", "json"))
    assert [a["id"] for a in only_red["alerts"]] == [alert.pk]


def test_list_as_of_a_past_day_rebuilds_status_and_signal(calm: World) -> None:
    _idle(calm, "a", 10)
    pacer_alerts("run", "--as-of", TODAY.isoformat())
    alert = Alert.objects.get()
    alert_acknowledge(
        alert=alert, actor=actor_for_person(calm.rep_a), today=TODAY + timedelta(days=1)
    )
    pacer_alerts("run", "--as-of", (TODAY + timedelta(days=5)).isoformat())  # red, open again

    def listed(day: Any, *extra: str) -> list[tuple[str, str]]:
        data = json.loads(
            pacer_alerts("list", "--as-of", day.isoformat(), "--format", "json", *extra)
        )
        return [(a["status"], a["signal"]) for a in data["alerts"]]

    assert listed(TODAY - timedelta(days=1)) == []
    assert listed(TODAY) == [("open", "yellow")]
    assert listed(TODAY + timedelta(days=1)) == [("acknowledged", "yellow")]
    assert listed(TODAY + timedelta(days=1), "--status", "open") == []
    assert listed(TODAY + timedelta(days=5)) == [("open", "red")]
    assert listed(TODAY + timedelta(days=5), "--signal", "yellow") == []
    calm.projects["a"].last_contact_date = TODAY + timedelta(days=6)
    calm.projects["a"].save()
    pacer_alerts("run", "--as-of", (TODAY + timedelta(days=6)).isoformat())
    assert listed(TODAY + timedelta(days=6)) == []
    assert listed(TODAY + timedelta(days=6), "--status", "resolved") == [("resolved", "red")]
    assert listed(TODAY + timedelta(days=6), "--status", "all") == [("resolved", "red")]
    assert listed(TODAY + timedelta(days=2)) == [("acknowledged", "yellow")]


def test_list_table(calm: World) -> None:
    assert "没有预警。" in pacer_alerts("list")
    _idle(calm, "b", 9)
    pacer_alerts("run", "--as-of", TODAY.isoformat())
    table = pacer_alerts("list")
    assert "黄灯\t待处理\t赵小红\t2026-06-15\t项目「项目B」已 9 天未联系（超过 7 天亮灯）" in table
    assert "共 1 条" in table
