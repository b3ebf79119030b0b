"""Draining the outbox: claim one message (marked `sending`, committed), deliver it, record the outcome.

A claimed message is committed as `sending` before the channel is called, and marked `sent` after. A crash
in between leaves it `sending`: the office sees it as stuck and decides, it is never resent by itself.
Messages that certainly did not get through wait with exponential backoff, and fail after N attempts.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from supervision.extensions import db
from supervision.observability.context import current_request_id, request_id_scope
from supervision.observability.metrics import OUTBOX_FAILURES
from supervision.reminders.delivery.channel import DeliveryError, Envelope
from supervision.reminders.delivery.registry import CHANNELS
from supervision.reminders.models import OutboxMessage
from supervision.scheduler.runs import utc

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BASE_DELAY = timedelta(minutes=2)
MAX_DELAY = timedelta(hours=2)
STUCK_AFTER = timedelta(minutes=10)  # far longer than any channel's timeout


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … minutes after the 1st, 2nd, 3rd … failed attempt, at most two hours."""
    return min(BASE_DELAY * 2 ** (attempts - 1), MAX_DELAY)


def max_attempts() -> int:
    return int(current_app.config.get("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS))


def claim_next(now: datetime) -> Envelope | None:
    """Take the next due message for this sender and commit it as `sending` (rows another sender holds
    are skipped on PostgreSQL; SQLite's write lock lets one sender claim at a time)."""
    now = utc(now)
    message_id = db.session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending")
        .where(or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if message_id is None:
        db.session.commit()
        return None
    message = db.session.get(OutboxMessage, message_id)
    message.status, message.attempts, message.claimed_at = "sending", message.attempts + 1, now
    envelope = Envelope(
        id=message.id,
        attempt=message.attempts,
        key=message.key,
        channel=message.channel,
        kind=message.kind,
        day=message.day,
        address=message.address,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        username=message.user.username,
        display_name=message.user.display_name,
        phone=message.user.phone,
        request_id=message.request_id,
        department_id=message.department_id or message.user.department_id,
    )
    db.session.commit()
    return envelope


def record_outcome(envelope: Envelope, error: DeliveryError | None, now: datetime) -> str:
    """sent / retry / failed; 'reset' when the office reset the message meanwhile (nothing is changed)."""
    now = utc(now)
    if error is None:
        outcome, values = "sent", {"status": "sent", "sent_at": now, "last_error": None}
    elif error.retry and envelope.attempt < max_attempts():
        outcome = "retry"
        values = {"status": "pending", "next_attempt_at": now + backoff(envelope.attempt), "last_error": error.message}
    else:
        outcome, values = "failed", {"status": "failed", "last_error": error.message}
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == envelope.id, OutboxMessage.status == "sending")
        .where(OutboxMessage.attempts == envelope.attempt)
        .values(**values)
    )
    db.session.commit()
    return outcome if result.rowcount == 1 else "reset"


def deliver(envelope: Envelope) -> DeliveryError | None:
    with request_id_scope(envelope.request_id or current_request_id()):  # logs name who queued it
        try:
            CHANNELS[envelope.channel](envelope)
        except DeliveryError as error:
            log.warning("outbox message %s (%s) not delivered: %s", envelope.id, envelope.key, error.message)
            OUTBOX_FAILURES.labels(envelope.channel, "retry" if error.retry else "final").inc()
            return error
        except Exception as error:  # a bug, not the receiver: the outcome is unknown, so a person decides
            log.exception("outbox message %s: unexpected error", envelope.id)
            OUTBOX_FAILURES.labels(envelope.channel, "unexpected").inc()
            return DeliveryError(f"发送时出现意外错误：{error!r}", retry=False)
    return None


def outbox_gauge() -> tuple[str, str, list[str], dict[tuple[str, ...], float]]:
    """For /metrics: outbox messages by channel and status (pending is the depth, failed the failures)."""
    rows = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.channel, OutboxMessage.status
        )
    )
    values = {(channel, status): float(count) for channel, status, count in rows}
    return "supervision_outbox_messages", "Outbox messages by channel and status.", ["channel", "status"], values


def drain_outbox(now: datetime, limit: int = 1000) -> Counter:
    """Send every message due at `now` once; returns counts of sent / retry / failed."""
    counts: Counter = Counter()
    for _ in range(limit):
        envelope = claim_next(now)
        if envelope is None:
            break
        counts[record_outcome(envelope, deliver(envelope), now)] += 1
    return counts
