"""Helpers for the reminder tests: a real SMTP server on localhost, a small world of users, dates."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.extensions import db
from supervision.milestones.models import Milestone
from tests.builders import make_report, make_user
from tests.helpers import seed

SHANGHAI = ZoneInfo("Asia/Shanghai")
USERS = {  # username: (roles, department, email)
    "wjw_liaison": (("liaison",), "市卫生健康委", "wjw@example.gov.cn"),
    "wjw_quiet": (("liaison",), "市卫生健康委", None),
    "wjw_head": (("dept_head",), "市卫生健康委", "wjw-head@example.gov.cn"),
    "sfj_liaison": (("liaison",), "市司法局", "sfj@example.gov.cn"),
    "office1": (("office",), "市卫生健康委", "office@example.gov.cn"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), SHANGHAI).replace(hour=hour, minute=minute)


class Mailbox:
    """An aiosmtpd handler keeping every message it accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.reply = "250 OK"  # a test may make the server refuse messages
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
        return self.reply

    def to(self, address: str, subject_part: str = "") -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"] and subject_part in m["Subject"]]


class SmtpServer:
    """A real SMTP server on a fixed local port that can be stopped and started again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def department(name: str) -> Department:
    return db.session.scalar(select(Department).where(Department.name == name))


def build_world(runner, users=USERS) -> dict:
    """The seed, the 2025 milestones and a few users with e-mail addresses."""
    seed(runner)
    result = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert result.exit_code == 0, result.output
    made = {}
    for username, (roles, dept, address) in users.items():
        made[username] = make_user(
            username,
            roles=roles,
            department=department(dept),
            email=address,
            display_name=f"{username}用户",
            phone="13800000000",
        )
    return made


def approve_milestones(*keys: str, year: int = 2025) -> None:
    """Mark the reports of these milestones (e.g. Q1, Q2) approved, so that only the others are open."""
    milestones = db.session.scalars(select(Milestone).where(Milestone.year == year, Milestone.key.in_(keys)))
    for milestone in milestones:
        make_report(milestone, status="approved")
    db.session.commit()


class Gateway:
    """A local HTTP endpoint standing in for an SMS or messaging gateway; answers `status`."""

    def __init__(self) -> None:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        gateway = self
        self.requests: list[tuple[dict, dict]] = []
        self.status = 200

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append((dict(self.headers), json.loads(body)))
                self.send_response(gateway.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notify"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class HangUpAfterData:
    """An SMTP server that takes the whole message and then drops the connection without answering."""

    def __init__(self, port: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", port))
        self.received = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn, conn.makefile("rwb") as stream:
                stream.write(b"220 test\r\n")
                stream.flush()
                for line in stream:
                    command = line[:4].upper()
                    if command == b"DATA":
                        stream.write(b"354 go on\r\n")
                        stream.flush()
                        for data in stream:
                            if data == b".\r\n":
                                break
                        self.received += 1
                        break  # hang up: the client never learns whether the message was taken
                    stream.write(b"250 ok\r\n")
                    stream.flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        self.thread.join(timeout=5)


def probe_job(now):
    """A scheduled job for the scheduler tests."""
    return f"ran at {now:%H:%M}"


def failing_job(now):
    raise RuntimeError("探测失败")
