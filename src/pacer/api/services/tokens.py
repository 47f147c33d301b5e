"""Creating, checking and revoking API tokens.

A token is ``pacer_`` followed by 43 URL-safe random characters; only its SHA-256 hex digest
is stored, with the first 12 characters kept as a prefix to recognise it in lists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from pacer.api.models import ApiToken

TOKEN_START = "pacer_"  # noqa: S105 (a public marker, not a secret)
PREFIX_LENGTH = 12
# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough to see whether a token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the stored record and the secret, which is never shown again."""

    record: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str = "") -> IssuedToken:
    secret = TOKEN_START + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(secret), prefix=secret[:PREFIX_LENGTH]
    )
    return IssuedToken(record=record, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, now: datetime) -> ApiToken:
    """Revoke ``token`` at ``now``; revoking twice keeps the first revocation time."""
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(secret: str, *, now: datetime) -> Any:
    """The active login owning an unrevoked token ``secret``, or ``None``; notes its use."""
    if not secret.startswith(TOKEN_START):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
