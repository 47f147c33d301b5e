"""CSRF protection on every form: each POST form carries the token, no page is exempt.

Every URL pattern without parameters is opened as an administrator and as a director; every
``<form method="post">`` on it must carry ``csrfmiddlewaretoken``, and a page with htmx POSTs
must send the token in its ``X-CSRFToken`` header. Only the API (bearer tokens, no cookies for
scripts) may be CSRF-exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pacer.web import clock
from tests.world import World

TODAY = date(2026, 6, 1)
SKIPPED = ("admin/", "api/", "i18n/", "static/")
POST_FORM = re.compile(
    r"<form\b[^>]*\bmethod=[\"']?post[\"']?[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL
)
HX_POST = re.compile(r"\bhx-post=", re.IGNORECASE)


def _patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(resolver: URLResolver, prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, route)
            else:
                yield route, entry

    yield from walk(get_resolver(), "")


def _plain_pages() -> list[str]:
    """Routes of the site's own pages that take no parameters (regex patterns excluded)."""
    return sorted(
        "/" + route
        for route, _entry in _patterns()
        if not route.startswith(SKIPPED) and "<" not in route and "^" not in route
    )


def post_forms_without_token(html: str) -> list[str]:
    return [form[:200] for form in POST_FORM.findall(html) if "csrfmiddlewaretoken" not in form]


def test_the_form_finder_sees_a_missing_token() -> None:
    page = '<form method="post" action="/x"><button>go</button></form><form method="get"></form>'
    assert post_forms_without_token(page) == ["<button>go</button>"]
    with_token = '<form class="a" method="POST"><input name="csrfmiddlewaretoken" value="t"></form>'
    assert post_forms_without_token(with_token) == []


@pytest.mark.parametrize("who", ["admin", "director"])
def test_every_post_form_carries_the_csrf_token(
    world: World, who: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    client = Client()
    client.force_login(getattr(world, who).user)
    pages = _plain_pages()
    assert "/" in pages
    assert "/audit/" in pages
    checked = 0
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert post_forms_without_token(html) == [], path
        if HX_POST.search(html):
            assert re.search(r"X-CSRFToken&quot;: &quot;\w+|\"X-CSRFToken\": \"\w+", html), path
        checked += POST_FORM.search(html) is not None
    # Every page of the shell has at least the language switch and the logout form.
    assert checked >= 10


def test_the_login_page_form_carries_the_token(db: None) -> None:
    html = Client().get("/login/").content.decode()
    assert POST_FORM.search(html)
    assert post_forms_without_token(html) == []


def test_no_page_but_the_api_is_csrf_exempt() -> None:
    exempt = sorted(
        route
        for route, entry in _patterns()
        if getattr(entry.callback, "csrf_exempt", False) and not route.startswith("api/")
    )
    assert exempt == []
