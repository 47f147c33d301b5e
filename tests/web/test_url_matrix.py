"""The authorization matrix of the pages: every URL pattern as every role, with a record inside
and one outside the caller's scope.

Every URL pattern of the site (but Django admin, the API under ``api/`` and the language switch
under ``i18n/``, tested elsewhere) must have a rule in ``tests.web.url_rules``; the rules and
what they mean are described there. The world (``tests.web.matrix_world``) is built once for
the module; each test runs in its own savepoint, so a write made by one test is gone for the
next.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.plugin import DjangoDbBlocker

from pacer.web import clock
from tests.web.matrix_world import ROLES, TODAY, MatrixWorld, build_matrix_world, owner_key
from tests.web.url_rules import RULES, RULES_BY_NAME, Rule

# Django admin (staff only, see the last test), the API (tests/api) and Django's set_language.
SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "static/")
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What must never appear on a page of a role: the people, customers and projects of the reps
# outside their scope (see ``tests.web.matrix_world.OWNER_KEYS``).
FOREIGN = {
    "rep": ("赵小红", "客户B", "项目B", "刘小刚", "客户C", "项目C"),
    "manager": ("刘小刚", "客户C", "项目C"),
}


def url_patterns() -> dict[str, str]:
    """Every URL pattern of the site but the skipped prefixes: ``namespace:name`` → route.

    A pattern without a name is keyed by its route (its regex for a ``re_path``).
    """
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.lstrip("^").startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry, route, inner)
                continue
            assert isinstance(entry, URLPattern)
            name = entry.name or route
            key = f"{namespace}:{name}" if namespace else name
            assert key not in found, f"two URL patterns are both called {key!r}"
            found[key] = route

    walk(get_resolver(), "", "")
    return found


# The audit trail records requests, refused ones too: that is its purpose, not a change.
NOT_DATA = ("audit",)


def database() -> dict[str, list[dict[str, Any]]]:
    """Every stored row of Pacer's models and of the logins, to compare before and after."""
    models = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("pacer.") and m._meta.app_label not in NOT_DATA
    ]
    models.append(User)
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in models}


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[MatrixWorld]:
    """The matrix world, built once in a transaction rolled back after the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=[FAST_HASHER]),
        transaction.atomic(),
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clock, "today", lambda: TODAY)
            world = build_matrix_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _each_test(
    db: None, monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper, tmp_path: Path
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    settings.VAR_DIR = tmp_path  # where an import upload would be kept


def client_for(mw: MatrixWorld, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(mw.login(role))
    return client


Target = tuple[str, dict[str, Any]]


def target(rule: Rule, mw: MatrixWorld, role: str, *, inside: bool) -> Target | None:
    """The URL and query of ``rule``'s page with a record inside / outside the role's scope."""
    kwargs, query = rule.kwargs(mw, role, inside), rule.query(mw, role, inside)
    if not inside:
        if kwargs is None and query is None:
            return None
        kwargs = kwargs if kwargs is not None else rule.kwargs(mw, role, True)
        query = query if query is not None else rule.query(mw, role, True)
    assert kwargs is not None
    assert query is not None
    return reverse(rule.name, kwargs=kwargs), query


def send(client: Client, rule: Rule, method: str, where: Target, body: dict[str, Any]) -> Any:
    url, query = where
    if method == "GET":
        return client.get(url, query, headers=rule.headers)
    path = f"{url}?{urlencode(query)}" if query else url
    return client.post(path, body, headers=rule.headers)


def expected(rule: Rule, method: str, role: str, *, inside: bool) -> int:
    if role == "anonymous" and not rule.allowed(method, role):
        return 302  # to the login page
    if role == "anonymous":
        public = rule.anon_get if method == "GET" else rule.anon_post
        assert public is not None, f"{rule.name}: the anonymous answer of {method} is missing"
        return public
    if not inside:
        return rule.out_status  # looked up first: the same answer for every role
    if not rule.allowed(method, role):
        return 403
    return rule.get_ok if method == "GET" else rule.post_ok


def check(response: Any, rule: Rule, method: str, role: str, *, inside: bool) -> None:
    want = expected(rule, method, role, inside=inside)
    where = "inside" if inside else "outside"
    assert response.status_code == want, (
        f"{method} {rule.name} as {role} ({where} the scope): "
        f"{response.status_code} instead of {want}"
    )
    if want == 302:  # to the login page exactly when the caller is not let in
        location = response["Location"]
        to_login = location.startswith(reverse(settings.LOGIN_URL) + "?next=")
        assert to_login == (not rule.allowed(method, role)), location
    if want == 200 and inside and role in FOREIGN:
        text = shown_text(response)
        leaked = [marker for marker in FOREIGN[role] if marker in text]
        assert not leaked, f"{method} {rule.name} shows {role} {leaked} outside their scope"


def shown_text(response: Any) -> str:
    """What a page or a downloaded workbook shows, as text (empty for other content)."""
    kind = str(response.get("Content-Type", ""))
    if kind.startswith("text/html"):
        return str(response.content.decode())
    if kind == XLSX:
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return ""


CASES = [pytest.param(rule, role, id=f"{rule.name}-{role}") for rule in RULES for role in ROLES]


@pytest.mark.parametrize(("rule", "role"), CASES)
def test_page_as_role(matrix: MatrixWorld, tmp_path: Path, rule: Rule, role: str) -> None:
    client = client_for(matrix, role)
    inside = target(rule, matrix, role, inside=True)
    outside = target(rule, matrix, role, inside=False)
    assert inside is not None
    if "GET" in rule.methods:
        check(send(client, rule, "GET", inside, {}), rule, "GET", role, inside=True)
        if outside is not None:
            check(send(client, rule, "GET", outside, {}), rule, "GET", role, inside=False)
    if "POST" not in rule.methods:
        return
    assert rule.body is not None, f"{rule.name}: a POST rule needs its form data"
    for where, body, is_inside in refused_posts(rule, matrix, role, inside, outside):
        before = database()
        check(send(client, rule, "POST", where, body), rule, "POST", role, inside=is_inside)
        if rule.allowed("POST", role) and is_inside:
            continue  # a public write (log out, the language) that anyone may make
        assert database() == before, f"a refused POST {rule.name} as {role} changed data"
        assert not (tmp_path / "imports").exists(), "a refused upload was kept"
    if rule.allowed("POST", role) and role != "anonymous":
        response = send(client, rule, "POST", inside, rule.body(matrix, role, True))
        check(response, rule, "POST", role, inside=True)


def refused_posts(
    rule: Rule, mw: MatrixWorld, role: str, inside: Target, outside: Target | None
) -> list[tuple[Target, dict[str, Any], bool]]:
    """The POSTs ``role`` must be refused (where, form data, inside the scope), and the
    anonymous POST of a public page."""
    assert rule.body is not None
    posts = []
    if outside is not None:
        posts.append((outside, rule.body(mw, role, True), False))
    if rule.form_scoped and role != "anonymous" and owner_key(role, inside=False) is not None:
        posts.append((inside, rule.body(mw, role, False), False))
    if not rule.allowed("POST", role) or role == "anonymous":
        posts.append((inside, rule.body(mw, role, True), True))
    return posts


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_method_the_page_does_not_take_is_405(matrix: MatrixWorld, rule: Rule) -> None:
    client = client_for(matrix, "director")
    where = target(rule, matrix, "director", inside=True)
    assert where is not None
    if "GET" not in rule.methods:
        assert send(client, rule, "GET", where, {}).status_code == 405
    if "POST" not in rule.methods:
        before = database()
        assert send(client, rule, "POST", where, {}).status_code == 405
        assert database() == before


EVERY_REP = ("王小明", "客户A", "项目A", *FOREIGN["rep"])
PUBLIC_WRITES = ("login", "logout", "set_person_language")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_login_without_a_person_sees_and_changes_nothing(matrix: MatrixWorld, rule: Rule) -> None:
    """A login linked to no person (and not a superuser) has no scope: no page shows it a
    record, and no write goes through (with rep_a's records in the URL)."""
    client = Client()
    client.force_login(User.objects.create_user(username="nobody"))
    where = target(rule, matrix, "rep", inside=True)
    assert where is not None
    if "GET" in rule.methods:
        response = send(client, rule, "GET", where, {})
        assert response.status_code in {200, 302, 403, 404}
        assert not [marker for marker in EVERY_REP if marker in shown_text(response)]
    if "POST" in rule.methods and rule.name not in PUBLIC_WRITES:
        assert rule.body is not None
        before = database()
        response = send(client, rule, "POST", where, rule.body(matrix, "rep", True))
        assert response.status_code in {200, 302, 400, 403, 404}
        assert database() == before, f"POST {rule.name} without a person changed data"


def test_the_foreign_names_are_shown_to_those_who_see_them(matrix: MatrixWorld) -> None:
    """The leak check looks for strings the pages really show."""
    text = client_for(matrix, "director").get(reverse("open_projects")).content.decode()
    assert all(marker in text for marker in FOREIGN["rep"])
    text = client_for(matrix, "manager").get(reverse("open_projects")).content.decode()
    assert all(marker in text for marker in ("赵小红", "客户B", "项目B"))
    page = reverse("adjustments:detail", args=[matrix.adjustment.pk])
    assert "刘小刚" in client_for(matrix, "director").get(page).content.decode()
    export = reverse("incentives:export") + "?month=2026-05"
    assert "刘小刚" in shown_text(client_for(matrix, "director").get(export))


def test_every_url_pattern_has_a_rule() -> None:
    missing = sorted(set(url_patterns()) - set(RULES_BY_NAME))
    assert not missing, f"URL patterns without a rule in tests/web/url_rules.py: {missing}"


def test_every_rule_names_a_url_pattern() -> None:
    assert len(RULES_BY_NAME) == len(RULES), "two rules for the same URL pattern"
    stale = sorted(set(RULES_BY_NAME) - set(url_patterns()))
    assert not stale, f"rules for URL patterns that no longer exist: {stale}"


def test_the_walk_finds_the_pages_and_skips_admin_and_api() -> None:
    routes = url_patterns()
    assert routes["plans:node_edit"] == "plans/<int:pk>/nodes/<int:node_id>/edit/"
    assert routes["home"] == ""
    assert not any(route.startswith(SKIPPED_PREFIXES) for route in routes.values())


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("rep", 302), ("manager", 302), ("director", 302), ("admin", 200)],
)
def test_django_admin_is_for_staff_only(matrix: MatrixWorld, role: str, status: int) -> None:
    response = client_for(matrix, role).get(reverse("admin:index"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))
