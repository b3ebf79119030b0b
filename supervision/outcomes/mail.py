"""The day's outcome e-mail: one message per user and channel with every outcome not yet mailed.

The outbox key (channel, user, kind, day) makes it exactly once: a second run of the day finds the key
and writes nothing; outcomes decided after the day's message wait for the next day's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask import render_template
from sqlalchemy import select, text

from supervision.accounts.models import User
from supervision.audit.services import record_event
from supervision.extensions import db
from supervision.observability.context import current_request_id
from supervision.outcomes.models import NOTIFICATION_KIND, OutcomeNotice
from supervision.outcomes.services import SUBJECT, grouped
from supervision.reminders.delivery.webhook import webhook_url
from supervision.reminders.letters import SUBJECT_PREFIX, absolute_url, cn_day, site_path
from supervision.reminders.models import OutboxMessage

MAIL_LOCK = 7243021  # PostgreSQL advisory lock: one run of the day's outcome mail at a time


@dataclass
class MailRun:
    users: int = 0  # users who got the day's message
    outcomes: int = 0  # outcomes it carried


def render_bodies(user: User, outcomes: list[OutcomeNotice], day: date) -> tuple[str, str]:
    context = {
        "user": user,
        "subject": mail_subject(outcomes),
        "groups": grouped(outcomes),
        "count": len(outcomes),
        "cn_day": cn_day,
        "day": cn_day(day),
        "absolute_url": absolute_url,
        "home": absolute_url(site_path("reminders.notifications")),
    }
    return render_template("email/outcomes.txt", **context), render_template("email/outcomes.html", **context)


def mail_subject(outcomes: list[OutcomeNotice]) -> str:
    return f"{SUBJECT_PREFIX}{SUBJECT}（{len(outcomes)} 项）"


def mail_outcomes(day: date) -> MailRun:
    """Queue each user's message of `day` (e-mail, and webhook when configured) and mark its outcomes mailed."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MAIL_LOCK})
    waiting: dict[int, list[OutcomeNotice]] = defaultdict(list)
    rows = db.session.scalars(
        select(OutcomeNotice)
        .join(User, User.id == OutcomeNotice.user_id)
        .where(OutcomeNotice.mailed_on.is_(None), OutcomeNotice.day <= day, User.active)
        .order_by(OutcomeNotice.user_id, OutcomeNotice.id)
    )
    for outcome in rows:
        waiting[outcome.user_id].append(outcome)
    written = set(
        db.session.scalars(
            select(OutboxMessage.user_id).where(OutboxMessage.kind == NOTIFICATION_KIND, OutboxMessage.day == day)
        )
    )
    hook, run = webhook_url(), MailRun()
    for user_id, outcomes in waiting.items():
        if user_id in written:
            continue  # the day's message went out already: these wait for the next day's
        user = outcomes[0].user
        channels = ([("email", user.email)] if user.email else []) + ([("webhook", user.phone)] if hook else [])
        if channels:
            body_text, body_html = render_bodies(user, outcomes, day)
        for channel, address in channels:
            db.session.add(
                OutboxMessage(
                    channel=channel,
                    user_id=user.id,
                    kind=NOTIFICATION_KIND,
                    day=day,
                    address=address,
                    subject=mail_subject(outcomes),
                    body_text=body_text,
                    body_html=body_html if channel == "email" else None,
                    request_id=current_request_id(),
                )
            )
        for outcome in outcomes:  # without a channel the in-app notice was the whole message
            outcome.mailed_on = day
        if channels:
            run.users += 1
            run.outcomes += len(outcomes)
    db.session.flush()
    if run.users:
        record_event(
            "outcome.mail",
            object_type="outcome_day",
            object_id=day.isoformat(),
            after={"users": run.users, "outcomes": run.outcomes},
        )
    return run
