"""Messages leave once per raise or escalation; failures are recorded and tried again.

The robots are a real HTTP server on 127.0.0.1 (``robot`` fixture); e-mail uses Django's
locmem backend (``mailoutbox``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from pacer.alerts import deliveries
from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, Delivery, WebhookEndpoint
from pacer.alerts.webhooks import dingtalk_sign, feishu_sign, robot_request
from tests.alerts.conftest import TODAY, Robot, days_ago
from tests.world import World


def _idle(world: World, key: str, days: int) -> None:
    project = world.projects[key]
    project.last_contact_date = days_ago(days)
    project.save()


def _endpoint(robot: Robot, kind: str = "wecom", secret: str = "") -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name=f"{kind} 群", kind=kind, url=robot.url, secret=secret
    )


def test_one_wecom_post_per_alert_with_the_text_body(calm: World, robot: Robot) -> None:
    _endpoint(robot)
    _idle(calm, "a", 15)
    calm.projects["c"].competitor_present = True
    calm.projects["c"].save()
    summary = alerts_run(as_of=TODAY)
    assert (summary.raised, summary.deliveries_sent, summary.deliveries_failed) == (2, 2, 0)
    assert len(robot.requests) == 2
    assert {r["path"] for r in robot.requests} == {"/hook"}
    assert all(r["content_type"].startswith("application/json") for r in robot.requests)
    bodies = robot.bodies()
    assert all(set(b) == {"msgtype", "text"} and b["msgtype"] == "text" for b in bodies)
    texts = sorted(b["text"]["content"] for b in bodies)
    assert texts[0].startswith("【Pacer】红灯预警：项目「项目A」已 15 天未联系（超过 14 天亮灯）")
    assert f"负责人：{calm.rep_a.name}" in texts[0]
    assert texts[1].startswith("【Pacer】黄灯预警：项目「项目C」出现竞争对手")

    alerts_run(as_of=TODAY)
    alerts_run(as_of=TODAY + timedelta(days=1))
    assert len(robot.requests) == 2
    for delivery in Delivery.objects.all():
        assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 1, 200)
        assert delivery.sent_at is not None


def test_an_escalation_posts_once_more(calm: World, robot: Robot) -> None:
    _endpoint(robot)
    _idle(calm, "a", 13)
    alerts_run(as_of=TODAY)
    alerts_run(as_of=TODAY + timedelta(days=2))
    alerts_run(as_of=TODAY + timedelta(days=2))
    contents = [b["text"]["content"] for b in robot.bodies()]
    assert len(contents) == 2
    assert contents[1].startswith("【Pacer】预警升级为红灯：项目「项目A」已 15 天未联系")


def test_dingtalk_is_signed_with_timestamp_and_sign(calm: World, robot: Robot) -> None:
    secret = "SEC0123456789abcdef"
    _endpoint(robot, "dingtalk", secret)
    _idle(calm, "b", 9)
    before = int(time.time() * 1000)
    alerts_run(as_of=TODAY)
    after = int(time.time() * 1000)
    (request,) = robot.requests
    assert request["body"]["msgtype"] == "text"
    assert "项目「项目B」已 9 天未联系" in request["body"]["text"]["content"]
    stamp = int(request["query"]["timestamp"])
    assert before <= stamp <= after
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request["query"]["sign"] == expected


def test_dingtalk_without_secret_and_an_existing_query_string(robot: Robot) -> None:
    url, body = robot_request(
        kind="dingtalk", url=f"{robot.url}?access_token=x", secret="", text="t", alert={}, now_ms=1
    )
    assert url == f"{robot.url}?access_token=x"
    assert body == {"msgtype": "text", "text": {"content": "t"}}
    signed, _ = robot_request(
        kind="dingtalk", url=f"{robot.url}?access_token=x", secret="s", text="t", alert={}, now_ms=7
    )
    assert signed.startswith(f"{robot.url}?access_token=x&timestamp=7&sign=")
    assert (
        dingtalk_sign("s", 7)
        == base64.b64encode(hmac.new(b"s", b"7\ns", hashlib.sha256).digest()).decode()
    )


def test_feishu_body_and_signature(calm: World, robot: Robot) -> None:
    robot.answers.append((200, b'{"code":0,"msg":"success"}'))
    _endpoint(robot, "feishu", "fs-secret")
    _idle(calm, "c", 16)
    alerts_run(as_of=TODAY)
    (request,) = robot.requests
    body = request["body"]
    assert body["msg_type"] == "text"
    assert body["content"]["text"].startswith("【Pacer】红灯预警：项目「项目C」已 16 天未联系")
    stamp = int(body["timestamp"])
    assert abs(stamp - time.time()) < 60
    key = f"{stamp}\nfs-secret".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == feishu_sign("fs-secret", stamp)
    assert Delivery.objects.get().status == "sent"


def test_generic_webhook_gets_the_alert_as_data(calm: World, robot: Robot) -> None:
    robot.answers.append((204, b""))
    _endpoint(robot, "generic")
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    (request,) = robot.requests
    alert = Alert.objects.get()
    data = request["body"]["alert"]
    assert data["id"] == alert.pk
    assert data["key"] == f"no_contact:project:{calm.projects['a'].pk}"
    assert (data["event"], data["signal"], data["rule"]) == ("raised", "yellow", "no_contact")
    assert data["owner"] == calm.rep_a.name
    assert data["values"] == {"days": 8, "limit": 7}
    assert data["on"] == TODAY.isoformat()
    assert request["body"]["text"].startswith("【Pacer】黄灯预警")
    assert Delivery.objects.get().status == "sent"


def test_a_500_is_recorded_failed_and_sent_once_on_the_next_run(calm: World, robot: Robot) -> None:
    robot.answers.append((500, b'{"error":"boom"}'))
    _endpoint(robot)
    _idle(calm, "a", 8)
    summary = alerts_run(as_of=TODAY)
    assert (summary.raised, summary.deliveries_sent, summary.deliveries_failed) == (1, 0, 1)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, 500)
    assert "boom" in delivery.error
    # The alert itself was kept: a robot's failure never undoes it.
    assert Alert.objects.get().status == "open"

    retry = alerts_run(as_of=TODAY)
    assert (retry.raised, retry.deliveries_sent, retry.deliveries_failed) == (0, 1, 0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 2, 200)
    assert delivery.error == ""

    alerts_run(as_of=TODAY)
    assert len(robot.requests) == 2
    assert robot.requests[0]["body"] == robot.requests[1]["body"]


def test_a_robot_refusal_in_a_200_is_a_failure(calm: World, robot: Robot) -> None:
    robot.answers.append((200, b'{"errcode":310000,"errmsg":"sign not match"}'))
    _endpoint(robot, "dingtalk", "bad")
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.response_code == 200
    assert "310000" in delivery.error
    assert "sign not match" in delivery.error


def test_an_unreachable_robot_is_a_recorded_failure(calm: World) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    WebhookEndpoint.objects.create(name="离线", kind="wecom", url=f"http://127.0.0.1:{port}/x")
    _idle(calm, "a", 8)
    summary = alerts_run(as_of=TODAY)
    assert summary.deliveries_failed == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.response_code is None
    assert delivery.error


def test_attempts_stop_at_the_limit_and_stay_failed(calm: World, robot: Robot) -> None:
    _endpoint(robot)
    _idle(calm, "a", 8)
    robot.answers.extend([(503, b"busy")] * 3)
    original = deliveries.MAX_ATTEMPTS
    deliveries.MAX_ATTEMPTS = 2
    try:
        for _ in range(4):
            alerts_run(as_of=TODAY)
    finally:
        deliveries.MAX_ATTEMPTS = original
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(robot.requests) == 2


def test_inactive_robots_get_nothing_and_a_deactivated_one_is_cancelled(
    calm: World, robot: Robot
) -> None:
    WebhookEndpoint.objects.create(name="停用", kind="wecom", url=robot.url, active=False)
    live = _endpoint(robot)
    robot.answers.append((500, b"down"))
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    delivery = Delivery.objects.get()
    assert delivery.endpoint == live
    assert delivery.status == "failed"
    live.active = False
    live.save()
    alerts_run(as_of=TODAY)
    delivery.refresh_from_db()
    assert delivery.status == "cancelled"
    assert delivery.error
    assert len(robot.requests) == 1


def test_email_goes_to_owner_and_manager_once_when_enabled(
    calm: World, settings: SettingsWrapper, mailoutbox: list[Any]
) -> None:
    settings.PACER_ALERT_EMAIL = True
    calm.rep_a.email = "wang@example.com"
    calm.rep_a.save()
    calm.manager_south.email = "li@example.com"
    calm.manager_south.save()
    _idle(calm, "a", 15)
    _idle(calm, "b", 9)  # rep_b has no e-mail: only the manager hears by mail
    alerts_run(as_of=TODAY)
    alerts_run(as_of=TODAY)
    sent = sorted((m.to[0], m.subject) for m in mailoutbox)
    assert sent == [
        ("li@example.com", "【Pacer】红灯预警"),
        ("li@example.com", "【Pacer】黄灯预警"),
        ("wang@example.com", "【Pacer】红灯预警"),
    ]
    mail = next(m for m in mailoutbox if m.to == ["wang@example.com"])
    assert "项目「项目A」已 15 天未联系" in mail.body
    assert Delivery.objects.filter(channel="email", status="sent").count() == 3


def test_email_follows_the_persons_language(
    calm: World, settings: SettingsWrapper, mailoutbox: list[Any]
) -> None:
    settings.PACER_ALERT_EMAIL = True
    calm.rep_c.email = "liu@example.com"
    calm.rep_c.language = "en"
    calm.rep_c.manager = None
    calm.rep_c.save()
    _idle(calm, "c", 9)
    alerts_run(as_of=TODAY)
    (mail,) = mailoutbox
    assert mail.to == ["liu@example.com"]
    assert mail.subject  # the English catalogue may not have the words yet; never empty


def test_no_email_when_switched_off(
    calm: World, settings: SettingsWrapper, mailoutbox: list[Any]
) -> None:
    settings.PACER_ALERT_EMAIL = False
    calm.rep_a.email = "wang@example.com"
    calm.rep_a.save()
    _idle(calm, "a", 15)
    alerts_run(as_of=TODAY)
    assert mailoutbox == []
    assert not Delivery.objects.exists()


def test_a_mail_failure_is_recorded_and_retried(
    calm: World, settings: SettingsWrapper, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PACER_ALERT_EMAIL = True
    calm.rep_c.email = "liu@example.com"
    calm.rep_c.manager = None
    calm.rep_c.save()
    _idle(calm, "c", 9)

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(deliveries, "send_mail", refuse)
    alerts_run(as_of=TODAY)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "smtp down" in delivery.error
    monkeypatch.undo()
    settings.PACER_ALERT_EMAIL = True
    alerts_run(as_of=TODAY)
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(mailoutbox) == 1


def test_a_site_url_adds_a_link(calm: World, robot: Robot, settings: SettingsWrapper) -> None:
    settings.PACER_SITE_URL = "https://pacer.example.com/"
    _endpoint(robot)
    _idle(calm, "a", 8)
    alerts_run(as_of=TODAY)
    alert = Alert.objects.get()
    text = robot.bodies()[0]["text"]["content"]
    assert text.endswith(f"查看：https://pacer.example.com/alerts/{alert.pk}/")
