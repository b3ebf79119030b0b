"""Scheduled job of this package; it takes `now` (aware, Asia/Shanghai) and commits once."""

from __future__ import annotations

from datetime import datetime

from supervision.clock import local_date
from supervision.extensions import db
from supervision.outcomes.mail import mail_outcomes


def mail_outcomes_of_day(now: datetime) -> str:
    """The day's outcome e-mail: one message per user with every outcome not yet mailed."""
    run = mail_outcomes(local_date(now))
    db.session.commit()
    return f"审核结果通知 {run.users} 人，{run.outcomes} 项"
