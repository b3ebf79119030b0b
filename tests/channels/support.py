"""A robot or SMS gateway on a loopback port (http.server in a thread) that records what it was sent and
checks DingTalk's signature; and a small world: a department with a liaison and an office user."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from supervision.extensions import db
from supervision.reminders.dispatch import Queued, queue_letters
from supervision.reminders.letters import Letter, Line, Section
from tests.builders import make_department, make_user
from tests.reminders.support import free_port

SECRET = "SEC0123456789abcdef-robot-secret"
TOKEN = "robot-token-7c1e9a"


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict
    raw: bytes


class Robot:
    """Answers every POST with `answer` (JSON, HTTP 200); can be stopped and started again on its port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received: list[Received] = []
        self.answer: dict = {"errcode": 0, "errmsg": "ok"}
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def url(self, path: str = "/robot/send", query: str = f"access_token={TOKEN}") -> str:
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def start(self) -> Robot:
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                robot.received.append(Received(parts.path, query, dict(self.headers), json.loads(raw), raw))
                body = json.dumps(robot.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)
            self.server = None


def signature_is_valid(query: dict[str, str], secret: str = SECRET) -> bool:
    """DingTalk's check: sign = base64(HMAC-SHA256(secret, "timestamp\\nsecret")), within an hour."""
    timestamp = query.get("timestamp", "")
    if not timestamp.isdigit() or abs(int(timestamp) - time.time() * 1000) > 3600 * 1000:
        return False
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    return hmac.compare_digest(expected, query.get("sign", ""))


def world():
    """A department 市卫生健康委 with a liaison (with a phone) and the office user."""
    department = make_department("市卫生健康委")
    liaison = make_user("wjw_liaison", roles=("liaison",), department=department, phone="13900001111")
    liaison.display_name = "王联络"
    office = make_user("office1", roles=("office",), department=make_department("健康杭州办"), phone="13700002222")
    db.session.commit()
    return department, liaison, office


def queue_reminder(user, day: date) -> None:
    """One reminder letter to `user` on `day`, queued like the daily run does."""
    letter = Letter(
        user=user,
        kind="reminder",
        subject=f"【健康杭州督办】催办提醒（{day.month}月{day.day}日）：1 项待办事项",
        intro="以下事项需要您及时处理。",
        sections=[Section("已逾期", [Line("健康细胞建设：第三季度进展未报送", "/milestones/1")])],
    )
    queue_letters([letter], day, Queued())
    db.session.commit()
