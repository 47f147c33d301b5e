"""The language switch: saved on the person for a login, a cookie for everyone else."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pacer.org.models import Person
from tests.world import PASSWORD, World


def html_lang(client: Client, url: str) -> str:
    text = client.get(url).content.decode()
    return text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_switching_saves_the_language_on_the_person(client: Client, world: World) -> None:
    client.login(username="rep_a", password=PASSWORD)
    assert html_lang(client, reverse("home")) == "zh-hans"
    response = client.post(reverse("set_person_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "en"
    assert html_lang(client, reverse("home")) == "en"
    # Another browser, no cookie: the person's choice still holds after logging in.
    other = Client()
    other.login(username="rep_a", password=PASSWORD)
    assert html_lang(other, reverse("home")) == "en"
    # Other people keep theirs.
    world.rep_b.refresh_from_db()
    assert world.rep_b.language == "zh-hans"


def test_switching_back_to_chinese(client: Client, world: World) -> None:
    Person.objects.filter(pk=world.director.pk).update(language="en")
    client.login(username="director", password=PASSWORD)
    assert html_lang(client, reverse("home")) == "en"
    client.post(reverse("set_person_language"), {"language": "zh-hans", "next": "/"})
    world.director.refresh_from_db()
    assert world.director.language == "zh-hans"
    assert html_lang(client, reverse("home")) == "zh-hans"


def test_the_persons_choice_beats_a_cookie(client: Client, world: World) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert html_lang(client, reverse("login")) == "en"
    client.login(username="rep_a", password=PASSWORD)
    assert html_lang(client, reverse("home")) == "zh-hans"


def test_an_unknown_language_changes_nothing(client: Client, world: World) -> None:
    client.login(username="rep_a", password=PASSWORD)
    response = client.post(reverse("set_person_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "zh-hans"


def test_a_foreign_next_url_is_not_followed(client: Client, world: World) -> None:
    client.login(username="rep_a", password=PASSWORD)
    response = client.post(
        reverse("set_person_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_anonymous_switch_uses_djangos_set_language(client: Client, world: World) -> None:
    assert html_lang(client, reverse("login")) == "zh-hans"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert html_lang(client, reverse("login")) == "en"


def test_the_login_page_switcher_posts_to_set_language(client: Client, world: World) -> None:
    text = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in text
    client.login(username="rep_a", password=PASSWORD)
    text = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_person_language")}"' in text


def test_a_login_without_a_person_switches_by_cookie(client: Client, world: World) -> None:
    user = User.objects.create_user(username="stranger", password=PASSWORD)
    client.force_login(user)
    response = client.post(reverse("set_person_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert html_lang(client, reverse("home")) == "en"


def test_the_switch_only_accepts_post(client: Client, world: World) -> None:
    client.login(username="rep_a", password=PASSWORD)
    assert client.get(reverse("set_person_language")).status_code == 405
