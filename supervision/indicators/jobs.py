"""Scheduled jobs of this package; each takes `now` (aware, Asia/Shanghai) and commits once."""

from __future__ import annotations

from datetime import datetime

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.indicators.reminders import run_indicator_reminders


def indicator_reminders(now: datetime) -> str:
    """Reminders of the indicator values missing after their due date (working days only)."""
    run = run_indicator_reminders(now.astimezone(SHANGHAI).date() if now.tzinfo else now.date())
    db.session.commit()
    if not run.working_day:
        return "非工作日，未发送"
    return f"指标催报 {len(run.queued.letters)} 人，逾期 {len(run.missing)} 项"
