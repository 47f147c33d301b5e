"""The alerts test world: the shared world, a frozen day, project helpers and a local robot.

``robot`` is a real HTTP server on 127.0.0.1 (port 0) in a thread that records every request
and answers from a queue of (status, body) pairs (by default 200 ``{"errcode": 0}``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import models
from django.forms.models import model_to_dict

from pacer.alerts.models import Alert, AlertEvent, Delivery, Notification
from pacer.crm.models import Project
from pacer.web import clock
from tests.world import World

TODAY = date(2026, 6, 15)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def quiet(world: World) -> None:
    """Every project of the world contacted today: no alert unless a test makes one."""
    Project.objects.update(last_contact_date=TODAY)


def tables() -> dict[str, list[dict[str, Any]]]:
    """Every stored row of the alert tables, to compare before and after a run."""
    result: dict[str, list[dict[str, Any]]] = {}
    for model in (Alert, AlertEvent, Notification, Delivery):
        rows: list[models.Model] = list(model._default_manager.order_by("pk"))
        result[model.__name__] = [
            {**model_to_dict(row), "pk": row.pk, **_times(row)} for row in rows
        ]
    return result


def _times(row: models.Model) -> dict[str, Any]:
    names = ("first_raised_at", "resolved_at", "at", "created_at", "read_at", "sent_at")
    return {name: getattr(row, name) for name in names if hasattr(row, name)}


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def calm(world: World) -> World:
    quiet(world)
    return world


@dataclass
class Robot:
    """What the local robot received, and what it will answer next."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[tuple[int, bytes]] = field(default_factory=list)

    def bodies(self) -> list[Any]:
        return [request["body"] for request in self.requests]


def _handler(robot: Robot) -> type[BaseHTTPRequestHandler]:
    class Recorder(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            parts = urlsplit(self.path)
            robot.requests.append(
                {
                    "path": parts.path,
                    "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "content_type": self.headers.get("Content-Type"),
                    "body": json.loads(raw.decode("utf-8")),
                }
            )
            status, answer = (
                robot.answers.pop(0) if robot.answers else (200, b'{"errcode":0,"errmsg":"ok"}')
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Recorder


@pytest.fixture
def robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[Robot]:
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    robot = Robot(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(robot))
    robot.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield robot
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
