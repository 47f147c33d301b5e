"""Group robots: the JSON each one takes, their signatures, and one POST with a short timeout.

- WeCom (企业微信): ``{"msgtype": "text", "text": {"content": …}}``; answers ``{"errcode": 0}``.
- DingTalk (钉钉): the same body; with a secret ("加签") the URL gets ``timestamp`` (ms) and
  ``sign`` = URL-encoded Base64 of HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}").
- Feishu (飞书): ``{"msg_type": "text", "content": {"text": …}}``; with a secret the body also
  has ``timestamp`` (s) and ``sign`` = Base64 of HMAC-SHA256(key="{timestamp}\\n{secret}", msg="").
  Answers ``{"code": 0}`` (older versions ``{"StatusCode": 0}``).
- Generic: ``{"text": …, "alert": {…}}``; any 2xx answer is a success.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from pacer.alerts.models import WebhookKind

TIMEOUT_SECONDS = 5
# Enough of a robot's answer to explain a refusal.
ANSWER_LIMIT = 2000


@dataclass(frozen=True)
class Outcome:
    """How one attempt went: ``code`` is the HTTP status when there was an answer."""

    ok: bool
    code: int | None = None
    error: str = ""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature (before URL encoding)."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: the key is "timestamp\\nsecret", the message is empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def robot_request(
    *, kind: str, url: str, secret: str, text: str, alert: dict[str, Any], now_ms: int
) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body of one message for a robot of ``kind``."""
    if kind in {WebhookKind.WECOM, WebhookKind.DINGTALK}:
        body: dict[str, Any] = {"msgtype": "text", "text": {"content": text}}
        if kind == WebhookKind.DINGTALK and secret:
            query = urlencode({"timestamp": now_ms, "sign": dingtalk_sign(secret, now_ms)})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        return url, body
    if kind == WebhookKind.FEISHU:
        body = {"msg_type": "text", "content": {"text": text}}
        if secret:
            seconds = now_ms // 1000
            body = {"timestamp": str(seconds), "sign": feishu_sign(secret, seconds), **body}
        return url, body
    return url, {"text": text, "alert": alert}


def _refusal(kind: str, answer: str) -> str:
    """The robot's own error in a 2xx answer ("" when it accepted the message)."""
    if kind == WebhookKind.GENERIC:
        return ""
    try:
        data = json.loads(answer)
    except ValueError:
        return f"unreadable answer: {answer[:200]}"
    if not isinstance(data, dict):
        return f"unexpected answer: {answer[:200]}"
    for code_key, message_key in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "msg")):
        if code_key in data:
            code = data[code_key]
            return "" if code == 0 else f"{code_key}={code}: {data.get(message_key, '')}"
    return ""


def post(kind: str, url: str, body: dict[str, Any], *, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """POST ``body`` as JSON; an HTTP error, a timeout or a robot's refusal is a failure."""
    if urlsplit(url).scheme not in {"http", "https"}:
        return Outcome(ok=False, error=f"not an http(s) URL: {url}")
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            code = response.status
            answer = response.read(ANSWER_LIMIT).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        answer = exc.read(ANSWER_LIMIT).decode("utf-8", "replace") if exc.fp else ""
        return Outcome(ok=False, code=exc.code, error=f"HTTP {exc.code}: {answer[:500]}")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return Outcome(ok=False, error=str(getattr(exc, "reason", exc))[:500])
    refusal = _refusal(kind, answer)
    return Outcome(ok=not refusal, code=code, error=refusal)
