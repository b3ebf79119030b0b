"""Dates of the facts: Shanghai days, the first submission from the audit log, working days late."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, String, cast, select

from supervision.audit.models import AuditEvent
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import CalendarUnavailable
from supervision.clock import SHANGHAI
from supervision.extensions import db


def local_day(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return moment.astimezone(SHANGHAI).date().isoformat()


def first_events(
    action: str, object_type: str, ids: list[int] | Select, submitted_only: bool = False
) -> dict[int, str]:
    """The earliest day of `action` per object (the audit log keeps every submission, the row only the last);
    `ids` is a list or a statement selecting the integer ids."""
    first: dict[int, str] = {}
    if isinstance(ids, Select):
        wanted = AuditEvent.object_id.in_(select(cast(ids.subquery().c[0], String)))
    elif ids:
        wanted = AuditEvent.object_id.in_([str(i) for i in ids])
    else:
        return first
    rows = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.occurred_at, AuditEvent.after).where(
            AuditEvent.action == action, AuditEvent.object_type == object_type, wanted
        )
    )
    for object_id, occurred_at, after in rows:
        if submitted_only and (after or {}).get("status") != "submitted":
            continue
        day = local_day(occurred_at)
        key = int(object_id)
        first[key] = min(first.get(key, day), day)
    return first


def earliest(*days: str | None) -> str | None:
    present = [d for d in days if d]
    return min(present) if present else None


class LateDays:
    """Working days late, with the same calendar the lights use."""

    def __init__(self, as_of: date) -> None:
        self.calendar = work_calendar(assume_weekdays_after_official=True)
        self.as_of = as_of

    def days(self, due: date, done: str | None) -> int:
        end = date.fromisoformat(done) if done and date.fromisoformat(done) <= self.as_of else self.as_of
        if end <= due:
            return 0
        try:
            return self.calendar.working_days_between(due, end)
        except CalendarUnavailable:
            return sum(1 for n in range(1, (end - due).days + 1) if (due + timedelta(days=n)).weekday() < 5)
