"""The alert board, an alert's history and the inbox, as every role, through real requests."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertEvent, Notification
from pacer.org.models import Person
from tests.alerts.conftest import TODAY, days_ago
from tests.world import World

NAMES = {"a": "项目A", "b": "项目B", "c": "项目C"}


@pytest.fixture
def raised(calm: World, today: date) -> World:
    """A and B yellow (9 days without contact), C red (15 days)."""
    for key, idle in (("a", 9), ("b", 9), ("c", 15)):
        project = calm.projects[key]
        project.last_contact_date = days_ago(idle)
        project.save()
    alerts_run(as_of=TODAY)
    return calm


def client_for(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def alert_of(world: World, key: str) -> Alert:
    return Alert.objects.get(project=world.projects[key])


def board_text(client: Client, query: str = "") -> str:
    response = client.get(reverse("alerts:board") + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("login", "seen", "red", "yellow"),
    [
        ("rep_a", {"a"}, 0, 1),
        ("rep_b", {"b"}, 0, 1),
        ("manager_south", {"a", "b"}, 0, 2),
        ("manager_east", {"c"}, 1, 0),
        ("director", {"a", "b", "c"}, 1, 2),
        ("admin", {"a", "b", "c"}, 1, 2),
    ],
)
def test_board_shows_each_role_its_scope(
    raised: World, login: str, seen: set[str], red: int, yellow: int
) -> None:
    person = Person.objects.get(user__username=login)
    text = board_text(client_for(person))
    for key, name in NAMES.items():
        assert (name in text) == (key in seen), (login, key)
    assert f'data-stat="red">{red}<' in text
    assert f'data-stat="yellow">{yellow}<' in text
    assert f'data-stat="live">{red + yellow}<' in text
    assert (
        f'data-rule="no_contact">长期未联系</a> <span class="badge badge--warn">{red + yellow}'
        in text
    )


def test_board_rows_link_to_the_project_and_the_history(raised: World) -> None:
    text = board_text(client_for(raised.rep_a))
    project = raised.projects["a"]
    alert = alert_of(raised, "a")
    assert f'href="{reverse("project_detail", args=[project.pk])}"' in text
    assert f'href="{reverse("alerts:detail", args=[alert.pk])}"' in text
    assert "项目「项目A」已 9 天未联系（超过 7 天亮灯）" in text


def test_board_filters(raised: World) -> None:
    client = client_for(raised.director)
    red = board_text(client, "?signal=red")
    assert NAMES["c"] in red
    assert NAMES["a"] not in red
    assert NAMES["b"] not in red
    mine = board_text(client, f"?owner={raised.rep_b.pk}")
    assert NAMES["b"] in mine
    assert NAMES["a"] not in mine
    none = board_text(client, "?rule=competitor")
    assert "没有符合条件的预警。" in none
    alert_of(raised, "a").__class__.objects.filter(project=raised.projects["a"]).update(
        status="resolved", active=False
    )
    assert NAMES["a"] not in board_text(client)
    assert NAMES["a"] in board_text(client, "?status=resolved")
    assert NAMES["a"] in board_text(client, "?status=all")


def test_a_bad_filter_is_a_message_not_a_500(raised: World) -> None:
    text = board_text(client_for(raised.director), "?signal=purple&owner=abc&page=zz")
    assert "筛选条件有误" in text
    assert NAMES["c"] in text


def test_a_rep_cannot_filter_on_another_reps_alerts(raised: World) -> None:
    text = board_text(client_for(raised.rep_a), f"?owner={raised.rep_b.pk}")
    assert "筛选条件有误" in text
    assert NAMES["b"] not in text


def test_detail_shows_the_history_in_scope_only(raised: World) -> None:
    alert = alert_of(raised, "b")
    url = reverse("alerts:detail", args=[alert.pk])
    assert client_for(raised.rep_a).get(url).status_code == 404
    assert client_for(raised.manager_east).get(url).status_code == 404
    response = client_for(raised.manager_south).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "处理记录" in text
    assert 'data-event="raised"' in text
    assert "系统规则" in text
    assert "外部通知" not in text  # deliveries are shown to directors
    assert "外部通知" in client_for(raised.director).get(url).content.decode()


def test_acknowledge_with_htmx_answers_the_row(raised: World) -> None:
    alert = alert_of(raised, "a")
    response = client_for(raised.rep_a).post(
        reverse("alerts:acknowledge", args=[alert.pk]),
        {"note": "明天去拜访"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith(f'<tr id="alert-{alert.pk}"')
    assert 'data-status="acknowledged"' in text
    assert "已确认" in text
    event = AlertEvent.objects.get(alert=alert, kind="acknowledged")
    assert (event.actor, event.note, event.on) == (raised.rep_a, "明天去拜访", TODAY)


def test_resolve_without_a_note_is_refused_in_the_row(raised: World) -> None:
    alert = alert_of(raised, "a")
    response = client_for(raised.rep_a).post(
        reverse("alerts:resolve", args=[alert.pk]), {"note": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "请填写解除原因。" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == "open"


def test_resolve_by_form_post_redirects_back_with_a_message(raised: World) -> None:
    alert = alert_of(raised, "c")
    client = client_for(raised.director)
    response = client.post(
        reverse("alerts:resolve", args=[alert.pk]),
        {"note": "客户已签约竞品，关闭", "next": "/alerts/?signal=red"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/alerts/?signal=red"
    assert "预警已解除。" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == "resolved"
    assert alert.events.get(kind="resolved").actor == raised.director


def test_an_unsafe_next_goes_to_the_alert(raised: World) -> None:
    alert = alert_of(raised, "a")
    response = client_for(raised.rep_a).post(
        reverse("alerts:acknowledge", args=[alert.pk]), {"next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:detail", args=[alert.pk])


def test_nobody_acts_on_an_alert_outside_their_scope(raised: World) -> None:
    alert = alert_of(raised, "b")
    for url in (
        reverse("alerts:acknowledge", args=[alert.pk]),
        reverse("alerts:resolve", args=[alert.pk]),
    ):
        response = client_for(raised.rep_a).post(url, {"note": "不是我的"})
        assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"
    assert alert.events.count() == 1


def test_inbox_lists_own_notifications_and_marks_them_read(raised: World) -> None:
    client = client_for(raised.manager_south)
    response = client.get(reverse("alerts:inbox"))
    text = response.content.decode()
    assert "2 条未读" in text
    assert "项目「项目A」已 9 天未联系" in text
    assert "项目「项目B」已 9 天未联系" in text
    assert "项目C" not in text
    note = Notification.objects.filter(person=raised.manager_south).order_by("pk").first()
    assert note is not None
    opened = client.post(reverse("alerts:notification_open", args=[note.pk]))
    assert opened["Location"] == reverse("alerts:detail", args=[note.alert_id])
    note.refresh_from_db()
    assert note.read_at is not None
    assert "1 条未读" in client.get(reverse("alerts:inbox")).content.decode()
    client.post(reverse("alerts:inbox_read_all"))
    assert not Notification.objects.filter(
        person=raised.manager_south, read_at__isnull=True
    ).exists()


def test_nobody_opens_another_persons_notification(raised: World) -> None:
    theirs = Notification.objects.get(person=raised.rep_b)
    response = client_for(raised.rep_a).post(reverse("alerts:notification_open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_badge_shows_the_unread_count(raised: World) -> None:
    template = Template("{% load alerts_tags %}{% alerts_badge %}")
    request = RequestFactory().get("/")
    request.user = raised.manager_south.user  # type: ignore[assignment]
    html = template.render(Context({"request": request}))
    assert 'data-unread="2"' in html
    assert reverse("alerts:inbox") in html
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert template.render(Context({"request": request})).strip() == ""


def test_anonymous_visitors_are_sent_to_log_in(raised: World) -> None:
    for url in (reverse("alerts:board"), reverse("alerts:inbox")):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_login_without_a_person_sees_no_alerts(raised: World) -> None:
    user = User.objects.create_user("lonely", password="x")
    client = Client()
    client.force_login(user)
    text = client.get(reverse("alerts:board")).content.decode()
    assert all(name not in text for name in NAMES.values())
    inbox = client.get(reverse("alerts:inbox")).content.decode()
    assert "还没有通知。" in inbox
