"""Delivery through the outbox: SMTP down and up, retries with backoff, failures the office sees and
retries, a crash between 'sending' and 'sent', refusals and unknown outcomes, and the webhook channel."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.db import utcnow
from supervision.extensions import db
from supervision.reminders.jobs import daily_reminders, digests
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import claim_next, drain_outbox
from tests.helpers import login, post_form
from tests.reminders.support import Gateway, HangUpAfterData, SmtpServer, approve_milestones, at, build_world


def messages(status=None):
    db.session.rollback()
    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    if status:
        statement = statement.where(OutboxMessage.status == status)
    return db.session.scalars(statement).all()


@pytest.fixture
def queued(runner, db):
    """The messages of 2025-09-30 (reminders and the weekly digest), queued but not sent."""
    users = build_world(runner)
    approve_milestones("Q1", "Q2")
    daily_reminders(now=at("2025-09-30", 8, 30))
    digests(now=at("2025-09-30", 8, 40))
    return users


def test_smtp_down_then_up_every_message_arrives_exactly_once(queued, smtp_port):
    expected = len(messages())
    assert expected >= 4
    counts = drain_outbox(at("2025-09-30", 9, 0))  # nothing listens on the port
    assert counts == {"retry": expected}
    rows = messages()
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    assert "无法连接邮件服务器" in rows[0].last_error
    assert not drain_outbox(at("2025-09-30", 9, 1))  # backing off: the next attempt is two minutes later
    server = SmtpServer(smtp_port).start()
    try:
        assert drain_outbox(at("2025-09-30", 9, 3)) == {"sent": expected}
        assert not drain_outbox(at("2025-09-30", 10, 0))
        assert len(server.mailbox.messages) == expected
        assert len({m["Message-ID"] for m in server.mailbox.messages}) == expected
        server.stop()  # down again: the next week's digest waits, then arrives once
        digests(now=at("2025-10-09", 8, 40))
        later = len(messages("pending"))
        assert later and drain_outbox(at("2025-10-09", 9, 0)) == {"retry": later}
        server.start()
        assert drain_outbox(at("2025-10-09", 9, 5)) == {"sent": later}
        assert len(server.mailbox.messages) == expected + later
    finally:
        server.stop()


def test_failed_messages_are_shown_to_the_office_and_can_be_sent_again(app, queued, smtp_port, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 2)
    drain_outbox(at("2025-09-30", 9, 0))
    assert drain_outbox(at("2025-09-30", 9, 5))["failed"] == len(messages())
    office, liaison = app.test_client(), app.test_client()
    login(office, "office1")
    login(liaison, "wjw_liaison")
    assert liaison.get("/reminders/outbox").status_code == 403
    html = office.get("/reminders/outbox").get_data(as_text=True)
    assert "发送失败" in html and "无法连接邮件服务器" in html and "重新发送" in html
    first = messages()[0]
    assert post_form(liaison, f"/reminders/outbox/{first.id}/retry", {}).status_code == 403
    assert post_form(office, f"/reminders/outbox/{first.id}/retry", {}).status_code == 303
    assert messages("pending")[0].id == first.id
    server = SmtpServer(smtp_port).start()
    try:
        assert drain_outbox(at("2025-09-30", 11, 0)) == {"sent": 1}
        assert len(server.mailbox.messages) == 1 and len(messages("failed")) == len(messages()) - 1
    finally:
        server.stop()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "outbox.retry"))


def test_a_crash_between_sending_and_sent_leaves_the_message_stuck_not_resent(app, queued, smtp):
    total = len(messages())
    crashed = claim_next(utcnow() - timedelta(minutes=20))  # a sender claimed it, then its process died
    assert drain_outbox(utcnow()) == {"sent": total - 1}
    assert drain_outbox(utcnow() + timedelta(hours=3)) == {}  # never picked up again by itself
    office = app.test_client()
    login(office, "office1")
    html = office.get("/reminders/outbox").get_data(as_text=True)
    assert "卡住" in html and f"/reminders/outbox/{crashed.id}/retry" in html
    post_form(office, f"/reminders/outbox/{crashed.id}/retry", {})
    assert drain_outbox(utcnow()) == {"sent": 1}
    assert len(smtp.mailbox.messages) == total
    keys = [m["Message-ID"] for m in smtp.mailbox.messages]
    assert len(set(keys)) == total


def test_a_message_being_sent_right_now_cannot_be_retried(app, queued):
    claimed = claim_next(utcnow())
    office = app.test_client()
    login(office, "office1")
    post_form(office, f"/reminders/outbox/{claimed.id}/retry", {})
    assert "正在发送" in office.get("/reminders/outbox?view=pending").get_data(as_text=True)
    assert db.session.get(OutboxMessage, claimed.id).status == "sending"


def test_refusals_retry_when_temporary_and_fail_when_permanent(queued, smtp):
    smtp.mailbox.reply = "451 4.3.0 try again later"
    total = len(messages())
    assert drain_outbox(at("2025-09-30", 9, 0)) == {"retry": total}
    assert "451" in messages()[0].last_error
    smtp.mailbox.reply = "550 5.1.1 mailbox unavailable"
    assert drain_outbox(at("2025-09-30", 9, 5)) == {"failed": total}
    assert not smtp.mailbox.messages


def test_an_unknown_outcome_is_not_retried_automatically(queued, smtp_port):
    server = HangUpAfterData(smtp_port)
    try:
        total = len(messages())
        assert drain_outbox(at("2025-09-30", 9, 0)) == {"failed": total}
        assert server.received == total
        assert "无法确认对方是否已收到" in messages()[0].last_error
        assert drain_outbox(at("2025-09-30", 12, 0)) == {}
    finally:
        server.close()


def test_webhook_posts_json_with_an_idempotency_key(app, runner, db, monkeypatch, smtp):
    gateway = Gateway()
    monkeypatch.setitem(app.config, "WEBHOOK_URL", gateway.url)
    try:
        users = build_world(runner)
        approve_milestones("Q1", "Q2")
        daily_reminders(now=at("2025-09-30", 8, 30))
        drain_outbox(at("2025-09-30", 9, 0))
        posted = {body["to"]["username"]: (headers, body) for headers, body in gateway.requests}
        assert len(posted) == len(gateway.requests) == 3  # the liaison without e-mail is reached too
        headers, body = posted["wjw_quiet"]
        assert headers["Idempotency-Key"] == f"webhook:{users['wjw_quiet'].id}:reminder:2025-09-30"
        assert headers["Content-Type"].startswith("application/json")
        assert body["subject"].startswith("【健康杭州督办】催办提醒（2025年9月30日）")
        assert "推动地方健康立法" in body["text"] and body["to"]["phone"] == "13800000000"
        gateway.status = 503
        digests(now=at("2025-09-30", 8, 40))
        counts = drain_outbox(at("2025-09-30", 9, 10))
        assert counts["retry"] == len(messages("pending")) > 0
        gateway.status = 400
        assert drain_outbox(at("2025-09-30", 9, 30))["failed"] == len(messages("failed")) > 0
        assert "HTTP 400" in messages("failed")[0].last_error
    finally:
        gateway.close()
