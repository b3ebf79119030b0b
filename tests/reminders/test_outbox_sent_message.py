"""A message that got through after failed attempts no longer shows the last attempt's error."""

from sqlalchemy import select

from supervision.reminders.jobs import daily_reminders
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import drain_outbox
from tests.reminders.support import SmtpServer, approve_milestones, at, build_world


def test_a_sent_message_keeps_no_stale_error(runner, db, smtp_port):
    build_world(runner)
    approve_milestones("Q1", "Q2")
    daily_reminders(now=at("2025-09-30", 8, 30))
    assert drain_outbox(at("2025-09-30", 9, 0))["retry"] >= 1  # nothing listens yet
    db.session.rollback()
    assert all(m.last_error for m in db.session.scalars(select(OutboxMessage)))
    server = SmtpServer(smtp_port).start()
    try:
        assert drain_outbox(at("2025-09-30", 9, 3))["sent"] >= 1
    finally:
        server.stop()
    db.session.rollback()
    sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")).all()
    assert sent and all(m.last_error is None for m in sent)
