"""Scheduled jobs of this package; each takes `now` (aware, Asia/Shanghai) and commits once."""

from __future__ import annotations

from datetime import datetime

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.reminders.digests import run_digests
from supervision.reminders.outbox import drain_outbox
from supervision.reminders.services import run_reminders


def local_date(now: datetime):
    return now.astimezone(SHANGHAI).date() if now.tzinfo else now.date()


def daily_reminders(now: datetime) -> str:
    """Reminders and escalations of the day (working days only)."""
    run = run_reminders(local_date(now))
    db.session.commit()
    if not run.working_day:
        return "非工作日，未发送"
    held = f"，待办公室确认 {len(run.held)} 份" if run.held else ""
    return f"催办 {len(run.queued.letters)} 人，督办通知单 {len(run.notices)} 份{held}"


def digests(now: datetime) -> str:
    """The office's daily digest and the departments' weekly digest."""
    run = run_digests(local_date(now))
    db.session.commit()
    if not run.working_day:
        return "非工作日，未发送"
    return f"汇总 {len(run.queued.letters)} 人" + ("（含每周汇总）" if run.week_start else "")


def send_outbox(now: datetime) -> str:
    """Deliver what is due in the outbox."""
    counts = drain_outbox(now)
    return f"发送 {counts['sent']}，待重试 {counts['retry']}，失败 {counts['failed']}"
