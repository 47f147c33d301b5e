"""``pacer api_token create|list|revoke``: manage the bearer tokens of the REST API.

pacer api_token create USERNAME [--name NAME]   # prints the new token once
pacer api_token list [USERNAME]
pacer api_token revoke TOKEN_ID_OR_PREFIX
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from pacer.api.models import ApiToken
from pacer.api.services.tokens import (
    PREFIX_LENGTH,
    TOKEN_START,
    api_token_create,
    api_token_revoke,
    hash_token,
)


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = actions.add_parser("list", help="list tokens (never the secrets)")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="revoke a token by id or prefix")
        revoke.add_argument("token", help="token id, its prefix (pacer_xxxxxx) or the token")

    def handle(self, *args: Any, **options: Any) -> None:  # noqa: ARG002
        action = options["action"]
        if action == "create":
            self._create(options["username"], options["name"])
        elif action == "list":
            self._list(options["username"])
        else:
            self._revoke(options["token"])

    def _create(self, username: str, name: str) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                gettext("没有用户名为 %(username)s 的账号。") % {"username": username}
            )
        if not user.is_active:
            raise CommandError(gettext("账号 %(username)s 已停用。") % {"username": username})
        issued = api_token_create(user=user, name=name)
        self.stdout.write(
            gettext(
                "已为 %(username)s 创建 API 令牌（编号 %(id)s）。令牌只显示这一次，请妥善保存："
            )
            % {"username": username, "id": issued.record.pk}
        )
        self.stdout.write(issued.secret)

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = (
                gettext("已吊销 %(when)s") % {"when": token.revoked_at.isoformat()}
                if token.revoked_at
                else gettext("有效")
            )
            last_used = token.last_used_at.isoformat() if token.last_used_at else "-"
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.user.get_username()}\t{token.name}\t"
                f"{token.created_at.isoformat()}\t{last_used}\t{state}"
            )

    def _revoke(self, reference: str) -> None:
        token = _find_token(reference)
        api_token_revoke(token=token, now=timezone.now())
        self.stdout.write(
            gettext("已吊销 API 令牌 %(prefix)s…（编号 %(id)s）。")
            % {"prefix": token.prefix, "id": token.pk}
        )


def _find_token(reference: str) -> ApiToken:
    """The one token with this id, full value or prefix; ambiguous or unknown is an error."""
    if reference.isdigit():
        matches = list(ApiToken.objects.filter(pk=int(reference)))
    elif reference.startswith(TOKEN_START):
        matches = list(ApiToken.objects.filter(key_hash=hash_token(reference)))
        if not matches:
            start = reference[:PREFIX_LENGTH]
            lookup = (
                {"prefix": start} if len(start) == PREFIX_LENGTH else {"prefix__startswith": start}
            )
            matches = list(ApiToken.objects.filter(**lookup))
    else:
        matches = []
    if not matches:
        raise CommandError(gettext("找不到 API 令牌 %(token)s。") % {"token": reference})
    if len(matches) > 1:
        raise CommandError(
            gettext("%(token)s 对应多个 API 令牌，请改用编号。") % {"token": reference}
        )
    return matches[0]
