"""Writing letters into the in-app notifications and the outbox: once per recipient, channel, kind and day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select, text

from supervision.accounts.models import User
from supervision.extensions import db
from supervision.observability.context import current_request_id
from supervision.reminders.delivery.registry import letter_channels
from supervision.reminders.delivery.webhook import webhook_url
from supervision.reminders.letters import Letter, render_email
from supervision.reminders.models import Notification, OutboxMessage
from supervision.validation import refuse_unfit_rows

# PostgreSQL advisory lock keys; the audit log uses 7243001.
LOCK_KEYS = {"reminders": 7243005, "digests": 7243006}


def take_lock(name: str) -> None:
    """Serialise a daily decision across processes until the transaction ends. On SQLite a job's
    transaction already holds the database's write lock (BEGIN IMMEDIATE, see supervision/db.py)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEYS[name]})


@dataclass
class Queued:
    """What one decision wrote, for the command's report."""

    letters: list[tuple[User, str, int, list[str]]] = field(default_factory=list)  # user, kind, items, channels

    def count(self, channel: str) -> int:
        return sum(channel in channels for *_rest, channels in self.letters)


def queue_letters(letters: list[Letter], day: date, queued: Queued) -> None:
    """Add each letter's notification and outbox messages unless that key was already written."""
    notified = {
        tuple(row)
        for row in db.session.execute(select(Notification.user_id, Notification.kind).where(Notification.day == day))
    }
    in_outbox = {
        tuple(row)
        for row in db.session.execute(
            select(OutboxMessage.channel, OutboxMessage.user_id, OutboxMessage.kind).where(OutboxMessage.day == day)
        )
    }
    hook = webhook_url()
    kinds: dict[int | None, set[str]] = {}  # each department's channels, read once per batch
    bodies: dict = {}  # e-mail bodies shared by letters that differ only in their recipient
    rows: tuple[list[dict], list[dict]] = ([], [])  # notifications, outbox messages
    for letter in letters:
        if letter.count:
            _queue_letter(letter, day, queued, (notified, in_outbox), (hook, kinds, bodies), rows)
    db.session.flush()
    # One multi-row INSERT per table (thousands of large letters on a busy day), with the flush's guard.
    for model, values in zip((Notification, OutboxMessage), rows, strict=True):
        if values:
            refuse_unfit_rows(model.__table__, values)
            db.session.execute(insert(model.__table__), values)


def _queue_letter(letter: Letter, day: date, queued: Queued, written_keys: tuple, caches: tuple, rows: tuple) -> None:
    (notified, in_outbox), (hook, kinds, cache), (notifications, messages) = written_keys, caches, rows
    user, written = letter.user, []
    if (user.id, letter.kind) not in notified:
        notifications.append(
            {
                "user_id": user.id,
                "kind": letter.kind,
                "day": day,
                "subject": letter.subject,
                "sections": letter.as_json(),
            }
        )
        written.append("app")
    bodies = None
    for channel, address in letter_channels(user, hook, kinds):
        if (channel, user.id, letter.kind) in in_outbox:
            continue
        bodies = bodies or render_email(letter, day, cache)
        messages.append(
            {
                "channel": channel,
                "user_id": user.id,
                "kind": letter.kind,
                "day": day,
                "address": address,
                "subject": letter.subject,
                "body_text": bodies[0],
                "body_html": bodies[1] if channel == "email" else None,
                "request_id": current_request_id(),
            }
        )
        written.append(channel)
    if written:
        queued.letters.append((user, letter.kind, letter.count, written))
