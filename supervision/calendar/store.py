"""The working-day calendar in force: entered schedules, the official calendar, estimates, local exceptions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from supervision.calendar.arrangements import ENTERED, YearArrangement
from supervision.calendar.models import CalendarException, YearSchedule
from supervision.calendar.workdays import WorkCalendar
from supervision.extensions import db


def arrangement_of(schedule: YearSchedule) -> YearArrangement:
    """The entered schedule as the calendar reads it."""
    days_off = set()
    for entry in schedule.holidays:
        days_off.update(entry.start_day + timedelta(days=n) for n in range((entry.end_day - entry.start_day).days + 1))
    return YearArrangement(schedule.year, frozenset(days_off), frozenset(schedule.workdays), ENTERED, schedule.source)


def entered_arrangements() -> list[YearArrangement]:
    schedules = db.session.scalars(select(YearSchedule).options(selectinload(YearSchedule.entries))).all()
    return [arrangement_of(s) for s in schedules]


def work_calendar(assume_weekdays_after_official: bool = False) -> WorkCalendar:
    """Entered schedules, the official calendar and, for other years, estimated holidays (暂定), plus the
    office's local exceptions; never raises for a year. The argument is kept for callers and ignored:
    years after the official data are always estimated now."""
    rows = db.session.scalars(select(CalendarException)).all()
    return WorkCalendar(
        extra_holidays=[r.day for r in rows if r.kind == "holiday"],
        extra_workdays=[r.day for r in rows if r.kind == "workday"],
        schedules=entered_arrangements(),
        estimate=True,
    )
