"""Fixtures of the outcome tests: a real SMTP server on a free local port (the reminders' one), and a world."""

import pytest

from tests.reminders.support import SmtpServer, free_port


@pytest.fixture
def smtp(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "健康办 <jkhz-office@example.gov.cn>")
    server = SmtpServer(port).start()
    yield server
    server.stop()
