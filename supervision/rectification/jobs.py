"""Scheduled jobs of this package; each takes `now` (aware, Asia/Shanghai) and commits once."""

from __future__ import annotations

from datetime import datetime

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.rectification.reminders import run_rectification_reminders


def rectification_reminders(now: datetime) -> str:
    """Reminders and escalations of the open 整改 items (working days only)."""
    run = run_rectification_reminders(now.astimezone(SHANGHAI).date() if now.tzinfo else now.date())
    db.session.commit()
    if not run.working_day:
        return "非工作日，未发送"
    return f"整改提醒 {len(run.queued.letters)} 人，升级督办 {len(run.escalated)} 项"
