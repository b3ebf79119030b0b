"""The working-day calendar in force: the official calendar plus the office's local exceptions."""

from __future__ import annotations

from sqlalchemy import select

from supervision.calendar.models import CalendarException
from supervision.calendar.workdays import OFFICIAL_LAST_YEAR, WorkCalendar
from supervision.extensions import db


def work_calendar(assume_weekdays_after_official: bool = False) -> WorkCalendar:
    """The official calendar plus the office's local exceptions."""
    rows = db.session.scalars(select(CalendarException)).all()
    complete = range(OFFICIAL_LAST_YEAR + 1, OFFICIAL_LAST_YEAR + 3) if assume_weekdays_after_official else ()
    return WorkCalendar(
        extra_holidays=[r.day for r in rows if r.kind == "holiday"],
        extra_workdays=[r.day for r in rows if r.kind == "workday"],
        complete_years=complete,
    )
