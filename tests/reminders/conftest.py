"""Fixtures of the reminder tests: a real SMTP server on a free local port, wired into the app's config."""

import pytest

from tests.reminders.support import SmtpServer, free_port


@pytest.fixture
def smtp_port(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "健康办 <jkhz-office@example.gov.cn>")
    return port


@pytest.fixture
def smtp(smtp_port):
    server = SmtpServer(smtp_port).start()
    yield server
    server.stop()
